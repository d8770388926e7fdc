package dev.siyu.event;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.JsonObjects;
import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The customer events Siyu has accepted, each stored once under its event id. */
@Repository
public class EventStore {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	EventStore(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * How many of a customer's latest events of each type are kept beside the events, for
	 * segments that count them ({@code customer_event_recent}).
	 */
	public static final int RECENT_KEPT = 10;

	/**
	 * Stores the event unless its id is known, and keeps her latest events of its type in
	 * step. Returns whether it was new. The caller holds the customer's row lock, as two
	 * writers of one customer's latest events would otherwise collide.
	 */
	public boolean append(CustomerEvent event, Instant receivedAt) {
		boolean added = this.jdbc.sql("""
				insert into customer_event (event_id, customer_id, type, occurred_at, received_at, properties)
				select :eventId, :customerId, :type, :occurredAt, :receivedAt, :properties
				where not exists (select 1 from customer_event where event_id = :eventId)""")
			.param("eventId", event.eventId())
			.param("customerId", event.customerId())
			.param("type", event.type().name())
			.param("occurredAt", event.occurredAt())
			.param("receivedAt", SiyuClock.utc(receivedAt))
			.param("properties", toJson(event))
			.update() == 1;
		if (added) {
			rememberLatest(event.customerId(), event.type());
		}
		return added;
	}

	/**
	 * Rewrites the customer's latest events of a type from the events themselves, so an
	 * event that arrives late (occurred before others) takes its right place.
	 */
	private void rememberLatest(String customerId, EventType type) {
		this.jdbc.sql("delete from customer_event_recent where customer_id = :customerId and type = :type")
			.param("customerId", customerId)
			.param("type", type.name())
			.update();
		this.jdbc.sql("""
				insert into customer_event_recent (customer_id, type, recency, occurred_at)
				select :customerId, :type, row_number() over (order by occurred_at desc), occurred_at
				from (select occurred_at from customer_event
				      where customer_id = :customerId and type = :type
				      order by occurred_at desc fetch first %d rows only) latest""".formatted(RECENT_KEPT))
			.param("customerId", customerId)
			.param("type", type.name())
			.update();
	}

	/**
	 * Whether the customer has an event of this type that occurred at or after
	 * {@code since}, other than {@code excludedEventId} (may be null).
	 */
	public boolean occurredSince(String customerId, EventType type, Instant since, String excludedEventId) {
		return this.jdbc.sql("""
				select count(*) from customer_event
				where customer_id = :customerId and type = :type and occurred_at >= :since
				  and event_id <> :excluded""")
			.param("customerId", customerId)
			.param("type", type.name())
			.param("since", SiyuClock.utc(since))
			.param("excluded", (excludedEventId != null) ? excludedEventId : "")
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * Takes another customer's id out of her events of those types (an inviter's id out
	 * of her {@code Referred} event, say), when that customer is erased.
	 */
	public void forget(String customerId, Set<EventType> types, String mentioned) {
		this.jdbc.sql("select event_id, properties from customer_event where customer_id = :id and type in (:types)")
			.param("id", customerId)
			.param("types", types.stream().map(EventType::name).toList())
			.query((rs, n) -> Map.entry(rs.getString("event_id"), rs.getString("properties")))
			.list()
			.forEach((event) -> JsonObjects.without(this.json, event.getValue(), mentioned)
				.ifPresent((properties) -> this.jdbc
					.sql("update customer_event set properties = :properties where event_id = :id")
					.param("properties", properties)
					.param("id", event.getKey())
					.update()));
	}

	/** A stored event as rules and reports read it. */
	public record StoredEvent(EventType type, Instant occurredAt, Map<String, Object> properties) {
	}

	/** An event as Siyu accepted it: what journeys are told. */
	public record Accepted(String customerId, EventType type, Instant receivedAt, Map<String, Object> properties) {
	}

	public Optional<Accepted> accepted(String eventId) {
		return this.jdbc.sql("""
				select customer_id, type, received_at, properties from customer_event where event_id = :eventId""")
			.param("eventId", eventId)
			.query((rs, row) -> new Accepted(rs.getString("customer_id"), EventType.valueOf(rs.getString("type")),
					rs.getObject("received_at", OffsetDateTime.class).toInstant(),
					fromJson(rs.getString("properties"))))
			.optional();
	}

	/** The customer's events of these types since {@code since}, oldest first. */
	public List<StoredEvent> since(String customerId, Set<EventType> types, Instant since) {
		return this.jdbc.sql("""
				select type, occurred_at, properties from customer_event
				where customer_id = :customerId and type in (:types) and occurred_at >= :since
				order by occurred_at""")
			.param("customerId", customerId)
			.param("types", types.stream().map(Enum::name).toList())
			.param("since", SiyuClock.utc(since))
			.query(this::storedEvent)
			.list();
	}

	private StoredEvent storedEvent(ResultSet rs, int row) throws SQLException {
		return new StoredEvent(EventType.valueOf(rs.getString("type")),
				rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), fromJson(rs.getString("properties")));
	}

	private Map<String, Object> fromJson(String properties) {
		try {
			return this.json.readValue(properties, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored event properties are not JSON", ex);
		}
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
