package dev.siyu.journey;

import java.util.HashMap;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Service;

/**
 * Turns a stored customer event into BPMN messages: first to every journey of that
 * customer waiting for it, then to journeys that start with it, each start guarded by an
 * enrolment. Runs inside the caller's transaction.
 */
@Service
public class JourneyTriggers {

	private final RuntimeService runtime;

	private final RepositoryService repository;

	private final JourneyDefinitions definitions;

	private final Enrolments enrolments;

	JourneyTriggers(RuntimeService runtime, RepositoryService repository, JourneyDefinitions definitions,
			Enrolments enrolments) {
		this.runtime = runtime;
		this.repository = repository;
		this.definitions = definitions;
		this.enrolments = enrolments;
	}

	public void notify(String customerId, String messageName, String eventId, Map<String, Object> variables) {
		correlateWaiting(customerId, messageName, variables);
		startJourneys(customerId, messageName, eventId, variables);
	}

	/**
	 * Each waiting journey gets the message once. Where a journey waits for it twice, at
	 * an event-based gateway and at an event sub-process that guards the whole journey,
	 * the gateway's catch is the more specific wait and takes it; Camunda would otherwise
	 * trigger both.
	 */
	private void correlateWaiting(String customerId, String messageName, Map<String, Object> variables) {
		for (ProcessInstance instance : this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(customerId)
			.active()
			.list()) {
			Set<String> subProcessStarts = this.definitions.get(instance.getProcessDefinitionId())
				.eventSubProcessStarts();
			this.runtime.createEventSubscriptionQuery()
				.eventType("message")
				.eventName(messageName)
				.processInstanceId(instance.getId())
				.list()
				.stream()
				.min(Comparator.comparing((EventSubscription s) -> subProcessStarts.contains(s.getActivityId())))
				.ifPresent((subscription) -> this.runtime.messageEventReceived(messageName,
						subscription.getExecutionId(), variables));
		}
	}

	private void startJourneys(String customerId, String messageName, String eventId, Map<String, Object> variables) {
		for (ProcessDefinition definition : this.repository.createProcessDefinitionQuery()
			.messageEventSubscriptionName(messageName)
			.active()
			.list()) {
			JourneyDefinitions.Journey journey = this.definitions.get(definition.getId());
			this.enrolments.enrol(journey, customerId).ifPresent((enrolmentId) -> {
				Map<String, Object> start = new HashMap<>(variables);
				start.put(JourneyVariables.CUSTOMER_ID, customerId);
				start.put(JourneyVariables.TRIGGER_EVENT_ID, eventId);
				ProcessInstance instance = this.runtime.createMessageCorrelation(messageName)
					.processDefinitionId(definition.getId())
					.processInstanceBusinessKey(customerId)
					.setVariables(start)
					.correlateStartMessage();
				this.enrolments.started(enrolmentId, instance.getId());
			});
		}
	}

}
