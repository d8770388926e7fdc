package dev.siyu.journey;

import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerRepository;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * Puts the customer's reachability into the journey: does she follow the Official
 * Account, do we have a phone.
 */
@Component("checkCustomer")
class CheckCustomerDelegate implements JavaDelegate {

	private final CustomerRepository customers;

	CheckCustomerDelegate(CustomerRepository customers) {
		this.customers = customers;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Customer customer = this.customers.find(execution.getProcessBusinessKey()).orElseThrow();
		execution.setVariable("followsOfficialAccount", customer.followedOfficialAccount());
		execution.setVariable("hasPhone", customer.hasPhone());
	}

}
