package dev.siyu.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.siyu.customer.CustomerRepository;
import dev.siyu.event.EventMetrics;
import dev.siyu.event.EventStore;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.event.EventType;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.MessageEntity;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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

	private final JourneyWaits waits;

	private final EventMetrics metrics;

	private final SiyuClock clock;

	private final ProcessEngine engine;

	private final TransactionTemplate transaction;

	BufferedDelivery(CustomerRepository customers, EventBuffer buffer, EventStore events,
			JourneyDefinitions definitions, JourneyWaits waits, EventMetrics metrics, SiyuClock clock,
			ProcessEngine engine, TransactionTemplate transaction) {
		this.customers = customers;
		this.buffer = buffer;
		this.events = events;
		this.definitions = definitions;
		this.waits = waits;
		this.metrics = metrics;
		this.clock = clock;
		this.engine = engine;
		this.transaction = transaction;
	}

	/** A journey reaches an activity that opens waits for these messages. */
	void waitOpened(DelegateExecution execution, Set<String> messageNames) {
		String customerId = execution.getProcessBusinessKey();
		if (customerId == null || !this.customers.lock(customerId)
				|| !this.buffer.holds(execution.getProcessInstanceId(), messageNames, this.clock.now())) {
			return;
		}
		send(((ExecutionEntity) execution).getProcessInstance());
	}

	/**
	 * Schedules a delivery for the instance from outside the engine (intake, the sweep),
	 * in the caller's transaction.
	 */
	void schedule(String processInstanceId) {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();
		configuration.getCommandExecutorTxRequired().execute((commandContext) -> {
			ExecutionEntity instance = commandContext.getExecutionManager().findExecutionById(processInstanceId);
			if (instance != null) {
				send(instance);
			}
			return null;
		});
	}

	/**
	 * Hands the instance the oldest kept event that one of its waits takes now. What it
	 * does next may open another wait, which schedules the next delivery; a wait that
	 * stays open (a non-interrupting boundary or event sub-process) with more kept events
	 * for it gets the next job from here.
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
			Optional<EventSubscription> wait = this.waits.of(instance.getId(), kept.messageName(), journey);
			if (wait.isPresent() && this.buffer.delivered(kept.id())) {
				Map<String, Object> variables = this.events.accepted(kept.eventId())
					.map((event) -> event.type().journeyVariables(event.properties()))
					.orElse(Map.of());
				instance.getProcessEngineServices()
					.getRuntimeService()
					.messageEventReceived(kept.messageName(), wait.get().getExecutionId(), variables);
				this.metrics.delivered(kept.messageName(), VIA_BUFFER, Duration.between(kept.receivedAt(), now));
				if (!instance.isEnded() && this.buffer.holds(instance.getId(), openWaits(instance), now)) {
					send(instance);
				}
				return;
			}
		}
	}

	/**
	 * The messages the instance waits for after this command, from the engine's entities
	 * in memory (a query would still see the subscription just triggered).
	 */
	private static Set<String> openWaits(ExecutionEntity execution) {
		Set<String> messages = new HashSet<>();
		execution.getEventSubscriptions()
			.stream()
			.filter((subscription) -> EventType.MESSAGE.name().equals(subscription.getEventType()))
			.forEach((subscription) -> messages.add(subscription.getEventName()));
		execution.getExecutions().forEach((child) -> messages.addAll(openWaits(child)));
		return messages;
	}

	void ended(String processInstanceId) {
		this.buffer.forget(processInstanceId);
	}

	/**
	 * Drops kept events past their lifetime, and schedules a delivery for any instance
	 * that waits for a kept event with none on its way (it was suspended when its wait
	 * opened, say).
	 */
	@Scheduled(fixedDelayString = "${siyu.events.expiry-sweep:1m}")
	void sweep() {
		Instant now = this.clock.now();
		this.metrics.expired(this.buffer.expire(now));
		for (String instance : this.buffer.waitingWithoutDelivery(now, BufferedDeliveryPlugin.JOB_TYPE)) {
			this.transaction.executeWithoutResult((status) -> schedule(instance));
		}
	}

	/** A delivery job for the instance, run after the current transaction commits. */
	private static void send(ExecutionEntity instance) {
		MessageEntity job = new MessageEntity();
		job.setJobHandlerType(BufferedDeliveryPlugin.JOB_TYPE);
		job.setExecution(instance);
		job.setDeploymentId(instance.getProcessDefinition().getDeploymentId());
		Context.getCommandContext().getJobManager().send(job);
	}

}
