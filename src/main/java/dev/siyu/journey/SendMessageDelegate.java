package dev.siyu.journey;

import java.util.HashMap;
import java.util.Map;

import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.MessageCategory;
import dev.siyu.messaging.Outbox;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A send step: re-checks the goal, then writes one outbox row in the engine's
 * transaction. The dispatcher delivers it after commit. Configured by the input
 * parameters {@code channel}, {@code template} and {@code category} (marketing, the
 * default, or transactional).
 */
@Component("sendMessage")
class SendMessageDelegate implements JavaDelegate {

	private final JourneyGoals goals;

	private final Outbox outbox;

	SendMessageDelegate(JourneyGoals goals, Outbox outbox) {
		this.goals = goals;
		this.outbox = outbox;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (this.goals.reached(execution)) {
			throw new BpmnError(JourneyVariables.ERROR_GOAL_REACHED,
					"Goal reached before " + execution.getCurrentActivityId());
		}
		Object loop = execution.getVariableLocal("loopCounter");
		String key = execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId() + ":"
				+ ((loop != null) ? loop : 0);
		this.outbox.enqueue(new Outbox.Request(key, execution.getProcessBusinessKey(),
				ChannelType.parse(required(execution, "channel")), required(execution, "template"),
				MessageCategory.parse((String) execution.getVariableLocal("category")), scalars(execution),
				execution.getProcessInstanceId(), execution.getCurrentActivityId()));
	}

	private static String required(DelegateExecution execution, String name) {
		Object value = execution.getVariableLocal(name);
		if (!(value instanceof String text) || text.isBlank()) {
			throw new IllegalStateException(
					execution.getCurrentActivityId() + " needs the input parameter '" + name + "'");
		}
		return text;
	}

	/** The journey's small values (offer, ad plan, …) that templates may use. */
	private static Map<String, Object> scalars(DelegateExecution execution) {
		Map<String, Object> values = new HashMap<>();
		execution.getVariables().forEach((name, value) -> {
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				values.put(name, value);
			}
		});
		return values;
	}

}
