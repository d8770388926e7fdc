package dev.siyu.messaging;

import java.util.Map;

import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerRepository;
import org.springframework.stereotype.Component;

/**
 * Renders a message template for a customer (or a group) without sending it: staff tasks'
 * content, previews.
 */
@Component
public class MessagePreview {

	private final MessageTemplates templates;

	private final CustomerRepository customers;

	private final TemplateContext context;

	MessagePreview(MessageTemplates templates, CustomerRepository customers, TemplateContext context) {
		this.templates = templates;
		this.customers = customers;
		this.context = context;
	}

	/** For a group's staff task: the group instead of a customer. */
	public String renderForGroup(String template, Map<String, Object> group, Map<String, Object> variables) {
		return this.templates.render(template, this.context.ofGroup(variables, group)).body();
	}

	public String render(String template, String customerId, Map<String, Object> variables) {
		Customer customer = this.customers.require(customerId);
		return this.templates.render(template, this.context.of(variables, customer, null)).body();
	}

}
