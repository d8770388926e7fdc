package dev.siyu.journey;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Entry into a journey. While an instance runs its enrolment holds the key
 * {@code active}, so the unique constraint lets no twin start beside it; when it ends the
 * key becomes its instance id, unless the journey allows no re-entry, in which case the
 * key {@code once} stays taken.
 */
@Repository
class Enrolments {

	static final String ACTIVE = "active";

	static final String ONCE = "once";

	private final JdbcClient jdbc;

	private final SiyuClock clock;

	Enrolments(JdbcClient jdbc, SiyuClock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * Takes the entry if the journey's re-entry policy allows it now. Returns the
	 * enrolment id.
	 */
	Optional<Long> enrol(JourneyDefinitions.Journey journey, String customerId) {
		Instant now = this.clock.now();
		JourneyDefinitions.Reentry reentry = journey.reentry();
		if (reentry.afterExit() && !reentry.cooldown().isZero()) {
			Optional<Instant> last = lastEntry(journey.key(), customerId);
			if (last.isPresent() && last.get().plus(reentry.cooldown()).isAfter(now)) {
				return Optional.empty();
			}
		}
		String entryKey = reentry.afterExit() ? ACTIVE : ONCE;
		int inserted = this.jdbc.sql("""
				insert into enrolment (process_key, customer_id, entry_key, enrolled_at)
				select :key, :customerId, :entryKey, :now
				where not exists (select 1 from enrolment
				                  where process_key = :key and customer_id = :customerId and entry_key = :entryKey)""")
			.param("key", journey.key())
			.param("customerId", customerId)
			.param("entryKey", entryKey)
			.param("now", SiyuClock.utc(now))
			.update();
		if (inserted == 0) {
			return Optional.empty();
		}
		return Optional.of(this.jdbc
			.sql("""
					select id from enrolment where process_key = :key and customer_id = :customerId and entry_key = :entryKey""")
			.param("key", journey.key())
			.param("customerId", customerId)
			.param("entryKey", entryKey)
			.query(Long.class)
			.single());
	}

	/**
	 * Records the instance the entry started, with what the figures count it by: the
	 * journey's version, and from its start variables the launch, the experiment arm and
	 * the event that triggered it.
	 */
	void started(long enrolmentId, ProcessInstance instance, Map<String, Object> variables) {
		Object launch = variables.get(JourneyVariables.LAUNCH_ID);
		Object variant = variables.get(JourneyVariables.VARIANT);
		Object trigger = variables.get(JourneyVariables.TRIGGER_EVENT_ID);
		this.jdbc
			.sql("""
					update enrolment set process_instance_id = :pid, process_definition_id = :definition,
					                     launch_id = :launch, variant = :variant, holdout = :holdout, trigger_event_id = :trigger
					where id = :id""")
			.param("pid", instance.getId())
			.param("definition", instance.getProcessDefinitionId())
			.param("launch", (launch instanceof Number number) ? number.longValue() : null)
			.param("variant", (variant instanceof String name) ? name : null)
			.param("holdout", Boolean.TRUE.equals(variables.get(JourneyVariables.HOLDOUT)))
			.param("trigger", (trigger instanceof String id) ? id : null)
			.param("id", enrolmentId)
			.update();
	}

	/** The instance left by its goal (a goal end event). */
	void goalReached(String processInstanceId) {
		this.jdbc.sql("update enrolment set goal_reached = true where process_instance_id = :pid")
			.param("pid", processInstanceId)
			.update();
	}

	/** The variant an A/B split step put the instance's customer in. */
	void split(String processInstanceId, String variant) {
		this.jdbc.sql("update enrolment set variant = :variant where process_instance_id = :pid")
			.param("variant", variant)
			.param("pid", processInstanceId)
			.update();
	}

	/**
	 * Records how the instance ended and frees its {@code active} entry, so the customer
	 * may enter again.
	 */
	void ended(String processInstanceId, String endActivityId, boolean cancelled) {
		this.jdbc.sql("""
				update enrolment set ended_at = :now, end_activity_id = :activity, cancelled = :cancelled,
				                     entry_key = case when entry_key = :active then :pid else entry_key end
				where process_instance_id = :pid""")
			.param("now", SiyuClock.utc(this.clock.now()))
			.param("activity", endActivityId)
			.param("cancelled", cancelled)
			.param("pid", processInstanceId)
			.param("active", ACTIVE)
			.update();
	}

	Optional<Instant> enrolledAt(String processInstanceId) {
		return this.jdbc.sql("select enrolled_at from enrolment where process_instance_id = :pid")
			.param("pid", processInstanceId)
			.query((rs, row) -> rs.getObject("enrolled_at", OffsetDateTime.class).toInstant())
			.optional();
	}

	private Optional<Instant> lastEntry(String key, String customerId) {
		return this.jdbc.sql("""
				select enrolled_at from enrolment where process_key = :key and customer_id = :customerId
				order by enrolled_at desc fetch first 1 rows only""")
			.param("key", key)
			.param("customerId", customerId)
			.query((rs, row) -> rs.getObject("enrolled_at", OffsetDateTime.class).toInstant())
			.optional();
	}

}
