package dev.siyu.journey;

import java.time.Instant;
import java.util.Arrays;

import dev.siyu.event.EventStore;
import dev.siyu.event.EventType;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/**
 * Re-checks a journey's goal against the event store (the event that started the journey
 * does not count: a journey started by a purchase waits for the next one). Messages only
 * notify journeys; a purchase whose message missed the journey (it raced a timer) is
 * still in the store and still counts.
 */
@Component
class JourneyGoals {

	private final JourneyDefinitions definitions;

	private final Enrolments enrolments;

	private final EventStore events;

	private final HistoryService history;

	JourneyGoals(JourneyDefinitions definitions, Enrolments enrolments, EventStore events, HistoryService history) {
		this.definitions = definitions;
		this.enrolments = enrolments;
		this.events = events;
		this.history = history;
	}

	boolean reached(DelegateExecution execution) {
		String trigger = (String) execution.getVariable(JourneyVariables.TRIGGER_EVENT_ID);
		return this.definitions.get(execution.getProcessDefinitionId())
			.goal()
			.map((goals) -> Arrays.stream(goals.split(","))
				.map(String::trim)
				.anyMatch((goal) -> this.events.occurredSince(execution.getProcessBusinessKey(),
						EventType.valueOf(goal), entered(execution.getProcessInstanceId()), trigger)))
			.orElse(false);
	}

	/** When the instance began: its enrolment, else Camunda's history. */
	Instant entered(String processInstanceId) {
		return this.enrolments.enrolledAt(processInstanceId)
			.orElseGet(() -> this.history.createHistoricProcessInstanceQuery()
				.processInstanceId(processInstanceId)
				.singleResult()
				.getStartTime()
				.toInstant());
	}

}
