package dev.siyu.journey;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.siyu.customer.CustomerRepository;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A tagging step: adds the tags of the input parameter {@code add} and removes those of
 * {@code remove} (comma-separated; expressions allowed, such as
 * {@code ${questionnaireTags}}).
 */
@Component("tagCustomer")
class TagCustomerDelegate implements JavaDelegate {

	private final CustomerRepository customers;

	TagCustomerDelegate(CustomerRepository customers) {
		this.customers = customers;
	}

	@Override
	public void execute(DelegateExecution execution) {
		this.customers.retag(execution.getProcessBusinessKey(), tags(execution.getVariableLocal("add")),
				tags(execution.getVariableLocal("remove")));
	}

	/** Tags written comma-separated, trimmed, empty ones left out, in order. */
	static Set<String> tags(Object value) {
		if (value == null) {
			return Set.of();
		}
		Set<String> tags = new LinkedHashSet<>();
		Arrays.stream(value.toString().split(",")).map(String::trim).filter((tag) -> !tag.isEmpty()).forEach(tags::add);
		return tags;
	}

}
