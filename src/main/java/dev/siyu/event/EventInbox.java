package dev.siyu.event;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Events stored but not yet handed to journeys, in the order they came. A row whose
 * journeys failed {@link #MAX_ATTEMPTS} times stays, with its error, and no longer holds
 * up the customer's later events.
 */
@Repository
class EventInbox {

	static final int MAX_ATTEMPTS = 5;

	private final JdbcClient jdbc;

	EventInbox(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Pending(long seq, String eventId) {
	}

	void add(String eventId, String customerId) {
		this.jdbc.sql("insert into event_inbox (event_id, customer_id) values (:eventId, :customerId)")
			.param("eventId", eventId)
			.param("customerId", customerId)
			.update();
	}

	boolean holdsFor(String customerId) {
		return this.jdbc.sql("""
				select count(*) from event_inbox where customer_id = :customerId and attempts < :max""")
			.param("customerId", customerId)
			.param("max", MAX_ATTEMPTS)
			.query(Long.class)
			.single() > 0;
	}

	List<Pending> pendingOf(String customerId) {
		return this.jdbc.sql("""
				select seq, event_id from event_inbox where customer_id = :customerId and attempts < :max
				order by seq""")
			.param("customerId", customerId)
			.param("max", MAX_ATTEMPTS)
			.query((rs, row) -> new Pending(rs.getLong("seq"), rs.getString("event_id")))
			.list();
	}

	/** Customers with events waiting, those waiting longest first. */
	List<String> customersWaiting(int limit) {
		return this.jdbc.sql("""
				select customer_id from event_inbox where attempts < :max
				group by customer_id order by min(seq) fetch first %d rows only""".formatted(limit))
			.param("max", MAX_ATTEMPTS)
			.query(String.class)
			.list();
	}

	void done(long seq) {
		this.jdbc.sql("delete from event_inbox where seq = :seq").param("seq", seq).update();
	}

	void failed(long seq, String error) {
		this.jdbc.sql("update event_inbox set attempts = attempts + 1, error = :error where seq = :seq")
			.param("seq", seq)
			.param("error", (error != null && error.length() > 1000) ? error.substring(0, 1000) : error)
			.update();
	}

}
