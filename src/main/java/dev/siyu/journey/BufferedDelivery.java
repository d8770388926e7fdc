package dev.siyu.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.siyu.customer.CustomerRepository;
import dev.siyu.event.EventMetrics;
import dev.siyu.event.EventStore;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Delivers kept events (see {@link JourneyTriggers}) when a journey reaches a wait for
 * them. Reaching the wait, the journey takes its customer's lock and looks for kept
 * events of the messages that wait opens; if there are any it schedules a job for the
 * instance, which, once the wait's subscriptions are committed, hands the oldest matching
 * event to it. Every delivery leaves the journey's transaction, so a crash loses nothing
 * and repeats nothing: the job runs again, the kept row goes with the delivery it paid
 * for.
 */
@Component
class BufferedDelivery {

	static final String VIA_BUFFER = "buffer";

	private final CustomerRepository customers;

	private final EventBuffer buffer;

	private final EventStore events;

	private final JourneyDefinitions definitions;

	private final JourneyTriggers triggers;

	private final EventMetrics metrics;

	private final SiyuClock clock;

	BufferedDelivery(CustomerRepository customers, EventBuffer buffer, EventStore events,
			JourneyDefinitions definitions, JourneyTriggers triggers, EventMetrics metrics, SiyuClock clock) {
		this.customers = customers;
		this.buffer = buffer;
		this.events = events;
		this.definitions = definitions;
		this.triggers = triggers;
		this.metrics = metrics;
		this.clock = clock;
	}

	/** A journey reaches an activity that opens waits for these messages. */
	void waitOpened(DelegateExecution execution, Set<String> messageNames) {
		String customerId = execution.getProcessBusinessKey();
		if (customerId == null || !this.customers.lock(customerId)
				|| !this.buffer.holds(execution.getProcessInstanceId(), messageNames, this.clock.now())) {
			return;
		}
		ExecutionEntity instance = ((ExecutionEntity) execution).getProcessInstance();
		MessageEntity job = new MessageEntity();
		job.setJobHandlerType(BufferedDeliveryPlugin.JOB_TYPE);
		job.setExecution(instance);
		job.setDeploymentId(instance.getProcessDefinition().getDeploymentId());
		Context.getCommandContext().getJobManager().send(job);
	}

	/**
	 * Hands the instance the oldest kept event that one of its waits takes now. What it
	 * does next may open another wait, which schedules the next delivery.
	 */
	void deliver(ExecutionEntity instance) {
		String customerId = instance.getBusinessKey();
		if (customerId == null || instance.isSuspended()) {
			return;
		}
		this.customers.lock(customerId);
		Instant now = this.clock.now();
		JourneyDefinitions.Journey journey = this.definitions.get(instance.getProcessDefinitionId());
		for (EventBuffer.Kept kept : this.buffer.keptFor(instance.getId(), now)) {
			Optional<EventSubscription> wait = this.triggers.waitFor(instance.getId(), kept.messageName(), journey);
			if (wait.isPresent()) {
				this.buffer.delivered(kept.id());
				Map<String, Object> variables = this.events.find(kept.eventId())
					.map((event) -> event.type().journeyVariables(event.properties()))
					.orElse(Map.of());
				instance.getProcessEngineServices()
					.getRuntimeService()
					.messageEventReceived(kept.messageName(), wait.get().getExecutionId(), variables);
				this.metrics.delivered(kept.messageName(), VIA_BUFFER, Duration.between(kept.receivedAt(), now));
				return;
			}
		}
	}

	void ended(String processInstanceId) {
		this.buffer.forget(processInstanceId);
	}

	@Scheduled(fixedDelayString = "${siyu.events.expiry-sweep:1m}")
	void expire() {
		this.metrics.expired(this.buffer.expire(this.clock.now()));
	}

}
