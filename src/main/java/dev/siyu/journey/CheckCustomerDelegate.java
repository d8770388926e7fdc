package dev.siyu.journey;

import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.OrderRepository;
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

	private final OrderRepository orders;

	CheckCustomerDelegate(CustomerRepository customers, OrderRepository orders) {
		this.customers = customers;
		this.orders = orders;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Customer customer = this.customers.find(execution.getProcessBusinessKey()).orElseThrow();
		execution.setVariable("followsOfficialAccount", customer.followedOfficialAccount());
		execution.setVariable("hasPhone", customer.hasPhone());
		execution.setVariable("wecomFriend", customer.wecomFriend());
		execution.setVariable("orderCount", this.orders.findByCustomer(customer.id()).size());
	}

}
