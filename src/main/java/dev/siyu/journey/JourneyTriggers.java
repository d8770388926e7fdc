package dev.siyu.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.siyu.event.EventMetrics;
import dev.siyu.event.EventStore;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.EventSubscription;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Turns a stored customer event into BPMN messages: to every running journey of that
 * customer that waits for it now; kept (buffered) for each one that could wait for it but
 * is busy elsewhere; then to journeys that start with it, each start guarded by an
 * enrolment. Runs inside the caller's transaction, which holds the customer's lock, so a
 * journey reaching a wait at the same moment either is seen waiting here or finds the
 * kept event when it gets there.
 */
@Service
public class JourneyTriggers {

	static final String VIA_INTAKE = "intake";

	private final RuntimeService runtime;

	private final JdbcClient jdbc;

	private final JourneyDefinitions definitions;

	private final Enrolments enrolments;

	private final EventBuffer buffer;

	private final JourneyWaits waits;

	private final BufferedDelivery delivery;

	private final EventMetrics metrics;

	private final SiyuClock clock;

	private final JourneyGoals goals;

	private final EventStore events;

	JourneyTriggers(RuntimeService runtime, JdbcClient jdbc, JourneyDefinitions definitions, Enrolments enrolments,
			EventBuffer buffer, JourneyWaits waits, BufferedDelivery delivery, EventMetrics metrics, SiyuClock clock,
			JourneyGoals goals, EventStore events) {
		this.goals = goals;
		this.events = events;
		this.runtime = runtime;
		this.jdbc = jdbc;
		this.definitions = definitions;
		this.enrolments = enrolments;
		this.buffer = buffer;
		this.waits = waits;
		this.delivery = delivery;
		this.metrics = metrics;
		this.clock = clock;
	}

	/**
	 * @param receivedAt when Siyu accepted the event
	 * @param lifetime how long it is kept for a busy journey, unless the journey says
	 * otherwise
	 */
	public void notify(String customerId, String messageName, String eventId, Instant receivedAt, Duration lifetime,
			Map<String, Object> variables) {
		deliverOrKeep(customerId, messageName, eventId, receivedAt, lifetime, variables, false);
		startJourneys(customerId, messageName, eventId, variables);
	}

	/**
	 * As {@link #notify}, for an event taken in earlier (a batch's, handed over by the
	 * notifier): journeys that began after it came do not get it.
	 */
	public void notifyLate(String customerId, String messageName, String eventId, Instant receivedAt, Duration lifetime,
			Map<String, Object> variables) {
		deliverOrKeep(customerId, messageName, eventId, receivedAt, lifetime, variables, true);
		startJourneys(customerId, messageName, eventId, variables);
	}

	private void deliverOrKeep(String customerId, String messageName, String eventId, Instant receivedAt,
			Duration lifetime, Map<String, Object> variables, boolean late) {
		for (ProcessInstance instance : this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(customerId)
			.list()) {
			if (late && began(instance).isAfter(receivedAt)) {
				// told after it was taken in (a batch), the event came before this
				// journey
				continue;
			}
			JourneyDefinitions.Journey journey = this.definitions.get(instance.getProcessDefinitionId());
			Optional<EventSubscription> wait = instance.isSuspended() ? Optional.empty()
					: this.waits.of(instance.getId(), messageName, journey);
			Duration keep = journey.caughtMessages().contains(messageName) ? journey.lifetime(messageName, lifetime)
					: Duration.ZERO;
			boolean keeps = !keep.isZero() && !keep.isNegative();
			// an older event of the same message still kept for the instance goes first
			boolean behindOlder = wait.isPresent() && keeps
					&& this.buffer.holds(instance.getId(), List.of(messageName), receivedAt);
			if (wait.isPresent() && !behindOlder) {
				this.runtime.messageEventReceived(messageName, wait.get().getExecutionId(), variables);
				this.metrics.delivered(messageName, VIA_INTAKE, Duration.between(receivedAt, this.clock.now()));
			}
			else if (keeps) {
				this.buffer.keep(eventId, instance.getId(), customerId, messageName, receivedAt, receivedAt.plus(keep));
				this.metrics.buffered(messageName);
				if (behindOlder) {
					this.delivery.schedule(instance.getId());
				}
			}
		}
	}

	/**
	 * Where the instance stands in the customer's stream of events: when the event that
	 * started it was taken in, else when it was entered. A journey the notifier started
	 * from a batch's first event follows that event, though it began later by the clock.
	 */
	private Instant began(ProcessInstance instance) {
		Object trigger = this.runtime.getVariable(instance.getId(), JourneyVariables.TRIGGER_EVENT_ID);
		return ((trigger instanceof String eventId) ? this.events.accepted(eventId)
				: Optional.<EventStore.Accepted>empty())
			.map(EventStore.Accepted::receivedAt)
			.orElseGet(() -> this.goals.entered(instance.getId()));
	}

	/**
	 * The active journey versions that start with the message: the message start
	 * subscriptions, those without an execution. (Camunda's process definition query by
	 * subscription name joins every subscription of that name, including each running
	 * instance's wait for it: a million waiting for Purchased made every Purchased event
	 * read a million rows. SIYU_IDX_EVENT_SUBSCR_START finds the start subscriptions
	 * alone.)
	 */
	private List<String> startedBy(String messageName) {
		return this.jdbc.sql("""
				select d.ID_ from ACT_RU_EVENT_SUBSCR s join ACT_RE_PROCDEF d on d.ID_ = s.CONFIGURATION_
				where s.EVENT_NAME_ = :name and s.EXECUTION_ID_ is null and s.EVENT_TYPE_ = 'message'
				  and d.SUSPENSION_STATE_ = 1
				order by d.ID_""").param("name", messageName).query(String.class).list();
	}

	private void startJourneys(String customerId, String messageName, String eventId, Map<String, Object> variables) {
		for (String definitionId : startedBy(messageName)) {
			JourneyDefinitions.Journey journey = this.definitions.get(definitionId);
			this.enrolments.enrol(journey, customerId).ifPresent((enrolmentId) -> {
				Map<String, Object> start = new HashMap<>(variables);
				start.put(JourneyVariables.CUSTOMER_ID, customerId);
				start.put(JourneyVariables.TRIGGER_EVENT_ID, eventId);
				ProcessInstance instance = this.runtime.createMessageCorrelation(messageName)
					.processDefinitionId(definitionId)
					.processInstanceBusinessKey(customerId)
					.setVariables(start)
					.correlateStartMessage();
				this.enrolments.started(enrolmentId, instance, start);
			});
		}
	}

}
