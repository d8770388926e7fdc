package dev.siyu.journey;

import java.util.HashMap;
import java.util.Map;

import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.DeliveryOutcome;
import dev.siyu.messaging.MessageCategory;
import dev.siyu.messaging.Outbox;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.impl.bpmn.behavior.AbstractBpmnActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.helper.BpmnExceptionHandler;
import org.camunda.bpm.engine.impl.pvm.delegate.ActivityExecution;
import org.springframework.stereotype.Component;

/**
 * A send step. It re-checks the journey's goal, writes one outbox row in the engine's
 * transaction and waits there until the dispatcher reports the outcome: sent or
 * suppressed, the journey goes on; the vendor refused the recipient for good, the step
 * throws the BPMN error {@code Unreachable} for the diagram to catch; every retry failed,
 * the step gets an incident. Waiting means a message held back by quiet hours holds the
 * journey too, so the next timer counts from when the customer actually got it. The
 * element template marks send steps {@code asyncAfter}: the dispatcher's signal only
 * completes the step, and whatever the journey does next runs as a job, with Camunda's
 * retries and incidents. Set up by the template's fields {@code channel},
 * {@code template} and {@code category} (marketing, the default, or transactional), and
 * since version 3 an optional {@code recipient} (see {@link Recipients}; a recipient
 * erased on her request is {@code Unreachable} at once): properties of the step since the
 * template's version 2, read once at deployment, so a step waiting for its message holds
 * no execution or variables of its own; input parameters on steps drawn with version 1
 * (see {@link StepSettings}).
 */
@Component("sendMessage")
class SendMessageStep extends AbstractBpmnActivityBehavior {

	/**
	 * The BPMN error a journey may catch on a send step whose recipient the vendor
	 * refused for good.
	 */
	static final String ERROR_UNREACHABLE = "Unreachable";

	static final String INCIDENT_TYPE = DeliveryOutcome.FAILED_INCIDENT;

	private final JourneyGoals goals;

	private final Outbox outbox;

	SendMessageStep(JourneyGoals goals, Outbox outbox) {
		this.goals = goals;
		this.outbox = outbox;
	}

	@Override
	public void execute(ActivityExecution execution) {
		if (this.goals.reached(execution)) {
			throw new BpmnError(JourneyVariables.ERROR_GOAL_REACHED,
					"Goal reached before " + execution.getCurrentActivityId());
		}
		// one message per visit of the step: a journey that loops through it (the
		// progress message of an assist journey) or a multi-instance sends each time;
		// the visit writes its message in the engine's transaction, so a visit rolled
		// back and run again writes it once
		String key = execution.getProcessInstanceId() + ":" + execution.getActivityInstanceId();
		// a recipient erased on her request cannot be reached, as if the vendor had
		// refused her for good
		String recipient = Recipients.of(execution)
			.orElseThrow(() -> new BpmnError(ERROR_UNREACHABLE, execution.getCurrentActivityId()
					+ ": its recipient was erased on her request; there is no one to send to"));
		this.outbox.enqueue(new Outbox.Request(key, recipient, ChannelType.parse(required(execution, "channel")),
				required(execution, "template"),
				MessageCategory.parse((String) StepSettings.get(execution, "category")), scalars(execution),
				execution.getProcessInstanceId(), execution.getCurrentActivityId(), execution.getId()));
	}

	@Override
	public void signal(ActivityExecution execution, String signalName, Object signalData) throws Exception {
		DeliveryOutcome outcome = DeliveryOutcome.valueOf(signalName);
		if (outcome != DeliveryOutcome.FAILED) {
			// a message retried after it failed, or its recipient gone: the incident goes
			RuntimeService runtime = execution.getProcessEngineServices().getRuntimeService();
			runtime.createIncidentQuery()
				.executionId(execution.getId())
				.incidentType(INCIDENT_TYPE)
				.list()
				.forEach((incident) -> runtime.resolveIncident(incident.getId()));
		}
		switch (outcome) {
			case SENT, SUPPRESSED -> leave(execution);
			case UNREACHABLE -> BpmnExceptionHandler.propagateBpmnError(
					new BpmnError(ERROR_UNREACHABLE,
							"The vendor refused message " + execution.getVariable("lastMessageId") + " for good"),
					execution);
			case FAILED ->
				execution.createIncident(INCIDENT_TYPE, String.valueOf(execution.getVariable("lastMessageId")),
						"Message " + execution.getVariable("lastMessageId")
								+ " could not be sent; see GET /api/customers/{id}/messages, fix, then retry it");
		}
	}

	private static String required(ActivityExecution execution, String name) {
		Object value = StepSettings.get(execution, name);
		if (!(value instanceof String text) || text.isBlank()) {
			throw new IllegalStateException(execution.getCurrentActivityId() + " needs the setting '" + name
					+ "' (the Send message template's field)");
		}
		return text;
	}

	/** The journey's small values (offer, ad plan, …) that templates may use. */
	private static Map<String, Object> scalars(ActivityExecution execution) {
		Map<String, Object> values = new HashMap<>();
		execution.getVariables().forEach((name, value) -> {
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				values.put(name, value);
			}
		});
		return values;
	}

}
