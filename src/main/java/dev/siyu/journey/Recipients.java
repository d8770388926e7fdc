package dev.siyu.journey;

import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Whom a step is for: the journey's customer, or, when the step's {@code recipient} names
 * a variable, the customer whose id that variable holds (the inviter of a referral
 * journey, say). That customer may be gone: erasing her on her request empties the
 * variable in the journeys of others that named her, and the step then has no one.
 */
final class Recipients {

	private Recipients() {
	}

	/**
	 * The recipient's customer id; empty when the variable the step names is there but
	 * empty (the customer it named was erased).
	 * @throws IllegalStateException if the journey has no such variable: a drawing error
	 */
	static Optional<String> of(DelegateExecution execution) {
		Object variable = StepSettings.get(execution, "recipient");
		if (!(variable instanceof String name) || name.isBlank()) {
			return Optional.of(execution.getProcessBusinessKey());
		}
		Object value = execution.getVariable(name.strip());
		if (value instanceof String customerId && !customerId.isBlank()) {
			return Optional.of(customerId);
		}
		if (value == null && execution.hasVariable(name.strip())) {
			return Optional.empty();
		}
		throw new IllegalStateException(execution.getCurrentActivityId() + ": the recipient variable '" + name.strip()
				+ "' holds no customer id");
	}

}
