package dev.siyu.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Whom a step is for: the journey's customer, or, when the step's {@code recipient} names
 * a variable, the customer whose id that variable holds (the inviter of a referral
 * journey, say).
 */
final class Recipients {

	private Recipients() {
	}

	static String of(DelegateExecution execution) {
		Object variable = StepSettings.get(execution, "recipient");
		if (!(variable instanceof String name) || name.isBlank()) {
			return execution.getProcessBusinessKey();
		}
		if (execution.getVariable(name.strip()) instanceof String customerId && !customerId.isBlank()) {
			return customerId;
		}
		throw new IllegalStateException(execution.getCurrentActivityId() + ": the recipient variable '" + name.strip()
				+ "' holds no customer id");
	}

}
