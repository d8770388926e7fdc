package dev.siyu.event;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The customer events Siyu has accepted, each stored once under its event id. */
@Repository
public class EventStore {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final SiyuClock clock;

	EventStore(JdbcClient jdbc, ObjectMapper json, SiyuClock clock) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
	}

	/** Stores the event unless its id is known. Returns whether it was new. */
	public boolean append(CustomerEvent event) {
		return this.jdbc.sql("""
				insert into customer_event (event_id, customer_id, type, occurred_at, received_at, properties)
				select :eventId, :customerId, :type, :occurredAt, :receivedAt, :properties
				where not exists (select 1 from customer_event where event_id = :eventId)""")
			.param("eventId", event.eventId())
			.param("customerId", event.customerId())
			.param("type", event.type().name())
			.param("occurredAt", event.occurredAt())
			.param("receivedAt", this.clock.nowUtc())
			.param("properties", toJson(event))
			.update() == 1;
	}

	/**
	 * Whether the customer has an event of this type that occurred at or after
	 * {@code since}.
	 */
	public boolean occurredSince(String customerId, EventType type, Instant since) {
		return this.jdbc.sql("""
				select count(*) from customer_event
				where customer_id = :customerId and type = :type and occurred_at >= :since""")
			.param("customerId", customerId)
			.param("type", type.name())
			.param("since", SiyuClock.utc(since))
			.query(Long.class)
			.single() > 0;
	}

	private String toJson(CustomerEvent event) {
		try {
			return this.json.writeValueAsString(event.properties());
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException("Event properties cannot be written as JSON", ex);
		}
	}

}
