package dev.siyu.journey;

import java.util.Comparator;
import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.springframework.stereotype.Component;

/** Where a journey instance waits for a message now. */
@Component
class JourneyWaits {

	private final RuntimeService runtime;

	JourneyWaits(RuntimeService runtime) {
		this.runtime = runtime;
	}

	/**
	 * The instance's wait for the message. Where it waits for it twice, at an event-based
	 * gateway and at an event sub-process that guards the whole journey, the gateway's
	 * catch is the more specific wait and takes it; Camunda would otherwise trigger both.
	 */
	Optional<EventSubscription> of(String processInstanceId, String messageName, JourneyDefinitions.Journey journey) {
		return this.runtime.createEventSubscriptionQuery()
			.eventType("message")
			.eventName(messageName)
			.processInstanceId(processInstanceId)
			.list()
			.stream()
			.min(Comparator
				.comparing((EventSubscription s) -> journey.eventSubProcessStarts().contains(s.getActivityId())));
	}

}
