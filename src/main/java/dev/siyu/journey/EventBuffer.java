package dev.siyu.journey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;

import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Events kept for running journeys that were not waiting for them when they arrived, one
 * row per event and journey instance, oldest first.
 */
@Repository
class EventBuffer {

	private final JdbcClient jdbc;

	EventBuffer(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Kept(long id, String eventId, String messageName, Instant receivedAt) {
	}

	void keep(String eventId, String processInstanceId, String customerId, String messageName, Instant receivedAt,
			Instant expiresAt) {
		this.jdbc
			.sql("""
					insert into event_buffer (event_id, process_instance_id, customer_id, message_name, received_at, expires_at)
					values (:eventId, :pid, :customerId, :messageName, :receivedAt, :expiresAt)""")
			.param("eventId", eventId)
			.param("pid", processInstanceId)
			.param("customerId", customerId)
			.param("messageName", messageName)
			.param("receivedAt", SiyuClock.utc(receivedAt))
			.param("expiresAt", SiyuClock.utc(expiresAt))
			.update();
	}

	/** Whether the instance has an event kept for one of these messages, still alive. */
	boolean holds(String processInstanceId, Collection<String> messageNames, Instant now) {
		if (messageNames.isEmpty()) {
			return false;
		}
		return this.jdbc.sql("""
				select count(*) from event_buffer
				where process_instance_id = :pid and message_name in (:names) and expires_at > :now""")
			.param("pid", processInstanceId)
			.param("names", messageNames)
			.param("now", SiyuClock.utc(now))
			.query(Long.class)
			.single() > 0;
	}

	/** The instance's live kept events, in the order they arrived. */
	List<Kept> keptFor(String processInstanceId, Instant now) {
		return this.jdbc.sql("""
				select id, event_id, message_name, received_at from event_buffer
				where process_instance_id = :pid and expires_at > :now order by id""")
			.param("pid", processInstanceId)
			.param("now", SiyuClock.utc(now))
			.query((rs, row) -> new Kept(rs.getLong("id"), rs.getString("event_id"), rs.getString("message_name"),
					rs.getObject("received_at", OffsetDateTime.class).toInstant()))
			.list();
	}

	/** Takes the kept event out for delivery; false when the expiry sweep was first. */
	boolean delivered(long id) {
		return this.jdbc.sql("delete from event_buffer where id = :id").param("id", id).update() == 1;
	}

	/**
	 * Active instances with a live kept event whose message they wait for now and no
	 * delivery job pending: read from the engine's runtime tables, as the sweep's one
	 * query instead of one per instance.
	 */
	List<String> waitingWithoutDelivery(Instant now, String jobType) {
		return this.jdbc.sql("""
				select distinct b.process_instance_id from event_buffer b
				where b.expires_at > :now
				  and exists (select 1 from ACT_RU_EVENT_SUBSCR s where s.PROC_INST_ID_ = b.process_instance_id
				              and s.EVENT_TYPE_ = 'message' and s.EVENT_NAME_ = b.message_name)
				  and exists (select 1 from ACT_RU_EXECUTION e where e.ID_ = b.process_instance_id
				              and e.SUSPENSION_STATE_ = 1)
				  and not exists (select 1 from ACT_RU_JOB j where j.PROCESS_INSTANCE_ID_ = b.process_instance_id
				                  and j.HANDLER_TYPE_ = :jobType)
				fetch first 500 rows only""")
			.param("now", SiyuClock.utc(now))
			.param("jobType", jobType)
			.query(String.class)
			.list();
	}

	/** Forgets what was kept for an instance that ended. */
	void forget(String processInstanceId) {
		this.jdbc.sql("delete from event_buffer where process_instance_id = :pid")
			.param("pid", processInstanceId)
			.update();
	}

	/** Drops what outlived its lifetime. Returns how many (event, journey) pairs. */
	int expire(Instant now) {
		return this.jdbc.sql("delete from event_buffer where expires_at <= :now")
			.param("now", SiyuClock.utc(now))
			.update();
	}

}
