package dev.siyu.event;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.OrderRepository;
import dev.siyu.journey.JourneyTriggers;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a customer event in: stores it once, updates the customer's profile, then
 * notifies the journeys, all in one transaction. A concurrent change to the same journey
 * or customer makes the whole step run again; a duplicate event id changes nothing.
 */
@Service
public class EventIntake {

	private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

	private static final int ATTEMPTS = 5;

	/**
	 * Personal data moves to the customer record and is neither kept in the event nor
	 * given to journeys.
	 */
	private static final Set<String> PERSONAL = Set.of("phone", "name");

	private final EventStore events;

	private final CustomerRepository customers;

	private final OrderRepository orders;

	private final JourneyTriggers journeys;

	private final TransactionTemplate transaction;

	EventIntake(EventStore events, CustomerRepository customers, OrderRepository orders, JourneyTriggers journeys,
			TransactionTemplate transaction) {
		this.events = events;
		this.customers = customers;
		this.orders = orders;
		this.journeys = journeys;
		this.transaction = transaction;
	}

	public enum Outcome {

		ACCEPTED, DUPLICATE

	}

	public Outcome accept(CustomerEvent event) {
		CustomerEvent stored = withoutPersonalData(event);
		CustomerChanges profile = profileChanges(event);
		if (event.type() == EventType.Purchased) {
			Purchases.order(event); // validate before anything is written
		}
		if (event.type() == EventType.Unsubscribed) {
			Unsubscribes.channels(event);
		}
		for (int attempt = 1;; attempt++) {
			try {
				return this.transaction.execute((status) -> store(stored, profile));
			}
			catch (OptimisticLockingException | DataIntegrityViolationException ex) {
				if (attempt == ATTEMPTS) {
					throw ex;
				}
				log.debug("Event {} met a concurrent change, attempt {} of {}", event.eventId(), attempt, ATTEMPTS);
			}
		}
	}

	private Outcome store(CustomerEvent event, CustomerChanges profile) {
		this.customers.createIfMissing(event.customerId());
		if (!this.events.append(event)) {
			return Outcome.DUPLICATE;
		}
		this.customers.upsert(event.customerId(), profile);
		if (event.type() == EventType.Purchased) {
			this.orders.record(Purchases.order(event), event.eventId());
		}
		if (event.type() == EventType.Unsubscribed) {
			for (String channel : Unsubscribes.channels(event)) {
				this.customers.optOut(event.customerId(), channel, "event " + event.eventId());
			}
		}
		this.journeys.notify(event.customerId(), event.type().name(), event.eventId(), journeyVariables(event));
		return Outcome.ACCEPTED;
	}

	private static CustomerChanges profileChanges(CustomerEvent event) {
		Map<String, Object> p = event.properties();
		String phone = (p.get("phone") instanceof String s && !s.isBlank()) ? s : null;
		String name = (p.get("name") instanceof String s && !s.isBlank()) ? s : null;
		Boolean followed = switch (event.type()) {
			case Followed -> true;
			case Unfollowed -> false;
			default -> null;
		};
		Boolean friend = switch (event.type()) {
			case WecomFriendAdded -> true;
			case WecomFriendDeleted -> false;
			default -> null;
		};
		return new CustomerChanges(name, phone, followed, friend, null);
	}

	private static CustomerEvent withoutPersonalData(CustomerEvent event) {
		Map<String, Object> kept = new HashMap<>(event.properties());
		kept.keySet().removeAll(PERSONAL);
		return new CustomerEvent(event.eventId(), event.customerId(), event.type(), event.occurredAt(), kept);
	}

	private static Map<String, Object> journeyVariables(CustomerEvent event) {
		Map<String, Object> variables = new HashMap<>();
		for (String name : event.type().journeyVariables()) {
			Object value = event.properties().get(name);
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				variables.put(name, value);
			}
		}
		return variables;
	}

}
