package dev.siyu.event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.OrderRepository;
import dev.siyu.journey.JourneyTriggers;
import dev.siyu.referral.Referrals;
import dev.siyu.system.ConcurrentChanges;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.SiyuClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Takes a customer event in: stores it once, updates the customer's profile, then
 * notifies the journeys, all in one transaction that holds the customer's lock, so one
 * customer's events are applied one at a time in the order they came. A concurrent change
 * to one of her journeys (a timer firing) makes the whole step run again; the caller
 * never sees it. A duplicate event id changes nothing.
 */
@Service
public class EventIntake {

	private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

	private static final int ATTEMPTS = 10;

	/** Events of a batch per transaction. */
	private static final int CHUNK = 100;

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

	private final EventProperties properties;

	private final EventMetrics metrics;

	private final SiyuClock clock;

	private final EventInbox inbox;

	private final ApplicationEventPublisher publisher;

	private final Referrals referrals;

	EventIntake(EventStore events, CustomerRepository customers, OrderRepository orders, JourneyTriggers journeys,
			TransactionTemplate transaction, EventProperties properties, EventMetrics metrics, SiyuClock clock,
			EventInbox inbox, ApplicationEventPublisher publisher, Referrals referrals) {
		this.referrals = referrals;
		this.inbox = inbox;
		this.publisher = publisher;
		this.events = events;
		this.customers = customers;
		this.orders = orders;
		this.journeys = journeys;
		this.transaction = transaction;
		this.properties = properties;
		this.metrics = metrics;
		this.clock = clock;
	}

	public enum Outcome {

		ACCEPTED, DUPLICATE

	}

	/**
	 * An event's outcome in a batch: its intake outcome; or {@code rejected}, what to
	 * fix; or {@code failed}, why it could not be taken in now (send it again).
	 */
	public record Result(Outcome outcome, String rejected, String failed) {
	}

	public Outcome accept(CustomerEvent event) {
		return this.metrics.timed("single", () -> accept(prepare(event), false));
	}

	/**
	 * Takes an event in as a batch does: stored and acknowledged, handed to journeys by
	 * the notifier right after (Kafka's way).
	 */
	public Outcome acceptQueued(CustomerEvent event) {
		return this.metrics.timed("queued", () -> accept(prepare(event), true));
	}

	/**
	 * Takes a batch in, answering each event in the order given. Events go in a chunk per
	 * transaction, sorted by customer (stable, so one customer's events keep their order,
	 * and concurrent batches take customers' locks in one order); a chunk that meets a
	 * concurrent change is rolled back whole and its events taken in one by one. Each
	 * event is all or nothing; a bad one changes nothing and stops no other.
	 */
	public List<Result> acceptAll(List<CustomerEvent> batch) {
		return this.metrics.timed("batch", () -> acceptBatch(batch));
	}

	private List<Result> acceptBatch(List<CustomerEvent> batch) {
		Result[] results = new Result[batch.size()];
		Prepared[] prepared = new Prepared[batch.size()];
		List<Integer> valid = new ArrayList<>();
		for (int i = 0; i < batch.size(); i++) {
			try {
				prepared[i] = prepare(batch.get(i));
				valid.add(i);
			}
			catch (InvalidInputException ex) {
				results[i] = new Result(null, ex.getMessage(), null);
			}
		}
		valid.sort(Comparator.comparing((Integer i) -> batch.get(i).customerId()));
		for (int from = 0; from < valid.size(); from += CHUNK) {
			List<Integer> chunk = valid.subList(from, Math.min(valid.size(), from + CHUNK));
			try {
				List<Outcome> outcomes = this.transaction
					.execute((status) -> chunk.stream().map((i) -> store(prepared[i], true)).toList());
				for (int n = 0; n < chunk.size(); n++) {
					results[chunk.get(n)] = new Result(outcomes.get(n), null, null);
				}
			}
			catch (RuntimeException ex) {
				log.debug("A chunk of {} events failed ({}); taking them in one by one", chunk.size(), ex.toString());
				chunk.forEach((i) -> results[i] = acceptAlone(prepared[i]));
			}
		}
		return List.of(results);
	}

	/** One event of a batch in a transaction of its own: a failure stops no other. */
	private Result acceptAlone(Prepared prepared) {
		try {
			return new Result(accept(prepared, true), null, null);
		}
		catch (InvalidInputException ex) {
			return new Result(null, ex.getMessage(), null);
		}
		catch (RuntimeException ex) {
			log.error("Event {} of a batch could not be taken in", prepared.event().eventId(), ex);
			return new Result(null, null, String.valueOf(ex.getMessage()));
		}
	}

	/** Reads what the event changes and checks it before anything is written. */
	private static Prepared prepare(CustomerEvent event) {
		if (event.type() == EventType.Purchased) {
			Purchases.order(event);
		}
		if (event.type() == EventType.Unsubscribed) {
			Unsubscribes.channels(event);
		}
		return new Prepared(withoutPersonalData(event), profileChanges(event));
	}

	private record Prepared(CustomerEvent event, CustomerChanges profile) {
	}

	private Outcome accept(Prepared prepared, boolean queued) {
		return ConcurrentChanges.retried(this.transaction, ATTEMPTS, (status) -> store(prepared, queued), (attempt) -> {
			log.debug("Event {} met a concurrent change, attempt {} of {}", prepared.event().eventId(), attempt,
					ATTEMPTS);
			pause(attempt);
		});
	}

	/** A short random wait, longer each time, so that two retrying callers part. */
	private static void pause(int attempt) {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << Math.min(attempt, 6)));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while taking event in", ex);
		}
	}

	/**
	 * Stores the event and changes the profile; then tells journeys now, or, when
	 * {@code queued} or when earlier events of hers still wait in the inbox (her order
	 * first), leaves that to the notifier. An invitation it carried that counts is taken
	 * in after it, as her {@code Referred} event.
	 */
	private Outcome store(Prepared prepared, boolean queued) {
		CustomerEvent event = prepared.event();
		this.customers.createIfMissing(event.customerId());
		this.customers.lock(event.customerId());
		Instant receivedAt = this.clock.now();
		if (!this.events.append(event, receivedAt)) {
			this.metrics.duplicate(event.type());
			return Outcome.DUPLICATE;
		}
		this.metrics.accepted(event.type());
		this.customers.upsert(event.customerId(), prepared.profile());
		if (event.type() == EventType.Purchased) {
			this.orders.record(Purchases.order(event), event.eventId());
		}
		if (event.type() == EventType.Unsubscribed) {
			for (String channel : Unsubscribes.channels(event)) {
				this.customers.optOut(event.customerId(), channel, "event " + event.eventId());
			}
		}
		if (queued || this.inbox.holdsFor(event.customerId())) {
			this.inbox.add(event.eventId(), event.customerId());
			this.publisher.publishEvent(new EventNotifier.Stored());
		}
		else {
			this.journeys.notify(event.customerId(), event.type().name(), event.eventId(), receivedAt,
					this.properties.lifetimeOf(event.type()), event.type().journeyVariables(event.properties()));
		}
		this.publisher.publishEvent(new CustomerEventStored(event));
		this.referrals.attribute(event)
			.ifPresent((referred) -> store(new Prepared(referred, profileChanges(referred)), queued));
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

}
