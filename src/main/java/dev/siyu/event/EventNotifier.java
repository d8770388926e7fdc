package dev.siyu.event;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.siyu.customer.CustomerRepository;
import dev.siyu.journey.JourneyTriggers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands journeys the events that batches and Kafka stored into the inbox: right after
 * their transaction commits, and in a sweep every second (after a restart, say). One
 * customer's events go in one transaction holding her lock, in the order they came;
 * several nodes share the work by that lock. An event whose journeys keep failing is
 * tried {@link EventInbox#MAX_ATTEMPTS} times, then left in the inbox with its error.
 */
@Component
public class EventNotifier {

	private static final Logger log = LoggerFactory.getLogger(EventNotifier.class);

	private static final int CUSTOMERS_PER_ROUND = 200;

	private final EventInbox inbox;

	private final EventStore events;

	private final CustomerRepository customers;

	private final JourneyTriggers journeys;

	private final EventProperties properties;

	private final TransactionTemplate transaction;

	private final Executor executor;

	private final Executor laneExecutor;

	private final AtomicBoolean running = new AtomicBoolean();

	private final AtomicBoolean again = new AtomicBoolean();

	EventNotifier(EventInbox inbox, EventStore events, CustomerRepository customers, JourneyTriggers journeys,
			EventProperties properties, TransactionTemplate transaction,
			@Qualifier("eventNotifierExecutor") Executor executor,
			@Qualifier("eventNotifierLanes") Executor laneExecutor) {
		this.laneExecutor = laneExecutor;
		this.inbox = inbox;
		this.events = events;
		this.customers = customers;
		this.journeys = journeys;
		this.properties = properties;
		this.transaction = transaction;
		this.executor = executor;
	}

	/** Published in the transaction that stored events into the inbox. */
	record Stored() {
	}

	@TransactionalEventListener(fallbackExecution = true)
	void stored(Stored stored) {
		if (this.properties.autoNotify()) {
			this.executor.execute(this::notifyPendingOnce);
		}
	}

	@Scheduled(fixedDelayString = "${siyu.events.notify-interval:1s}")
	void sweep() {
		if (this.properties.autoNotify()) {
			notifyPendingOnce();
		}
	}

	/** One notifier at a time per node; a hint while it runs makes it go round again. */
	private void notifyPendingOnce() {
		if (!this.running.compareAndSet(false, true)) {
			this.again.set(true);
			return;
		}
		try {
			do {
				this.again.set(false);
				notifyPending();
			}
			while (this.again.get());
		}
		finally {
			this.running.set(false);
		}
	}

	/** Hands journeys every event waiting in the inbox. Returns how many. */
	public int notifyPending() {
		int notified = 0;
		for (List<String> waiting = this.inbox.customersWaiting(CUSTOMERS_PER_ROUND); !waiting
			.isEmpty(); waiting = this.inbox.customersWaiting(CUSTOMERS_PER_ROUND)) {
			int round = inLanes(waiting);
			notified += round;
			if (round == 0) {
				break;
			}
		}
		return notified;
	}

	/**
	 * Customers in parallel lanes (each customer in one lane, so her events stay in
	 * order); returns when all are done.
	 */
	private int inLanes(List<String> customers) {
		int lanes = Math.min(this.properties.notifyLanes(), customers.size());
		List<CompletableFuture<Integer>> running = new ArrayList<>();
		for (int lane = 0; lane < lanes; lane++) {
			int mine = lane;
			List<String> share = new ArrayList<>();
			for (int i = mine; i < customers.size(); i += lanes) {
				share.add(customers.get(i));
			}
			running.add(CompletableFuture.supplyAsync(() -> share.stream().mapToInt(this::notifyCustomer).sum(),
					this.laneExecutor));
		}
		return running.stream().mapToInt(CompletableFuture::join).sum();
	}

	/**
	 * All the customer's waiting events in one transaction; if that fails, one by one, to
	 * find the one that fails: it is counted and holds back the ones after it, so her
	 * events stay in order, until it has failed too often.
	 */
	private int notifyCustomer(String customerId) {
		try {
			Integer count = this.transaction.execute((status) -> {
				this.customers.lock(customerId);
				List<EventInbox.Pending> pending = this.inbox.pendingOf(customerId);
				pending.forEach(this::notifyJourneys);
				return pending.size();
			});
			return (count != null) ? count : 0;
		}
		catch (RuntimeException ex) {
			log.debug("Events of a customer failed together ({}); one by one now", ex.toString());
		}
		int notified = 0;
		while (true) {
			try {
				Boolean more = this.transaction.execute((status) -> {
					this.customers.lock(customerId);
					List<EventInbox.Pending> pending = this.inbox.pendingOf(customerId);
					if (pending.isEmpty()) {
						return false;
					}
					notifyJourneys(pending.get(0));
					return true;
				});
				if (!Boolean.TRUE.equals(more)) {
					return notified;
				}
				notified++;
			}
			catch (RuntimeException ex) {
				List<EventInbox.Pending> pending = this.inbox.pendingOf(customerId);
				if (!pending.isEmpty()) {
					this.inbox.failed(pending.get(0).seq(), String.valueOf(ex.getMessage()));
					log.warn("Event {} could not be handed to journeys: {}", pending.get(0).eventId(), ex.getMessage());
				}
				return notified;
			}
		}
	}

	/** Called in a transaction that holds the customer's lock. */
	void notifyJourneys(EventInbox.Pending pending) {
		this.events.accepted(pending.eventId())
			.ifPresent((event) -> this.journeys.notifyLate(event.customerId(), event.type().name(), pending.eventId(),
					event.receivedAt(), this.properties.lifetimeOf(event.type()),
					event.type().journeyVariables(event.properties())));
		this.inbox.done(pending.seq());
	}

}
