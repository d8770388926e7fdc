package dev.siyu.audience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recurring launches: a launch plan and a cron expression read in the brand's time zone
 * (or the schedule's own), so "every day at 10:00" is 10:00 in Shanghai whatever zone the
 * server runs in. Each firing records a new launch, which freezes the segment as it is
 * then. Of several nodes, the one that moves a schedule's next time on fires it; a node
 * that was down fires a missed time once, not once per time missed.
 */
@Service
class LaunchSchedules {

	private static final Logger log = LoggerFactory.getLogger(LaunchSchedules.class);

	private final JdbcClient jdbc;

	private final AudienceLaunches launches;

	private final ObjectMapper json;

	private final SiyuClock clock;

	private final AudienceProperties properties;

	private final TransactionTemplate transaction;

	LaunchSchedules(JdbcClient jdbc, AudienceLaunches launches, ObjectMapper json, SiyuClock clock,
			AudienceProperties properties, TransactionTemplate transaction) {
		this.jdbc = jdbc;
		this.launches = launches;
		this.json = json;
		this.clock = clock;
		this.properties = properties;
		this.transaction = transaction;
	}

	record Schedule(long id, String name, String cron, String timeZone, boolean enabled, OffsetDateTime nextRunAt,
			Long lastLaunchId, String lastError, LaunchPlan launch, OffsetDateTime createdAt) {
	}

	Schedule create(String name, String cron, String timeZone, LaunchPlan plan) {
		if (name == null || name.isBlank() || name.length() > 200) {
			throw new InvalidInputException("'name' must be 1–200 characters, such as 'daily recall 10:00'");
		}
		if (plan == null) {
			throw new InvalidInputException("'launch' is missing: the launch to repeat");
		}
		if (plan.startAt() != null) {
			throw new InvalidInputException("'launch.startAt' has no place in a schedule: its cron says when");
		}
		ZoneId zone = zone((timeZone != null) ? timeZone : this.properties.timeZone());
		CronExpression expression = cron(cron);
		this.launches.validate(plan);
		OffsetDateTime next = next(expression, zone, this.clock.nowUtc());
		OffsetDateTime now = this.clock.nowUtc();
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				insert into launch_schedule (name, request, cron, time_zone, enabled, next_run_at, created_at)
				values (:name, :request, :cron, :zone, true, :next, :now)""")
			.param("name", name)
			.param("request", write(plan))
			.param("cron", cron)
			.param("zone", zone.getId())
			.param("next", next)
			.param("now", now)
			.update(key, "id");
		long id = key.getKeyAs(Number.class).longValue();
		return find(id).orElseThrow();
	}

	Optional<Schedule> find(long id) {
		return this.jdbc.sql("select * from launch_schedule where id = :id")
			.param("id", id)
			.query((rs, n) -> schedule(rs))
			.optional();
	}

	List<Schedule> all() {
		return this.jdbc.sql("select * from launch_schedule order by id").query((rs, n) -> schedule(rs)).list();
	}

	private Schedule schedule(ResultSet rs) throws SQLException {
		return new Schedule(rs.getLong("id"), rs.getString("name"), rs.getString("cron"), rs.getString("time_zone"),
				rs.getBoolean("enabled"), rs.getObject("next_run_at", OffsetDateTime.class),
				(Long) rs.getObject("last_launch_id", Long.class), rs.getString("last_error"),
				read(rs.getString("request")), rs.getObject("created_at", OffsetDateTime.class));
	}

	/** Turns a schedule on (its next time counted from now) or off. */
	Schedule enable(long id, boolean enabled) {
		Schedule schedule = find(id).orElseThrow(() -> new NotFoundException("No launch schedule " + id));
		OffsetDateTime next = next(cron(schedule.cron()), zone(schedule.timeZone()), this.clock.nowUtc());
		this.jdbc.sql("update launch_schedule set enabled = :enabled, next_run_at = :next where id = :id")
			.param("enabled", enabled)
			.param("next", next)
			.param("id", id)
			.update();
		return find(id).orElseThrow();
	}

	/** Fires every enabled schedule whose time has come (by the engine's clock). */
	@Scheduled(fixedDelayString = "${siyu.audiences.schedule-check:30s}",
			initialDelayString = "${siyu.audiences.schedule-check:30s}")
	void fireDue() {
		OffsetDateTime now = this.clock.nowUtc();
		this.jdbc.sql("select id from launch_schedule where enabled = true and next_run_at <= :now order by id")
			.param("now", now)
			.query(Long.class)
			.list()
			.forEach((id) -> fire(id, now));
	}

	private void fire(long id, OffsetDateTime now) {
		Schedule schedule = find(id).orElseThrow();
		OffsetDateTime next = next(cron(schedule.cron()), zone(schedule.timeZone()), now);
		this.transaction.executeWithoutResult((status) -> {
			int mine = this.jdbc.sql("""
					update launch_schedule set next_run_at = :next where id = :id and next_run_at = :due""")
				.param("next", next)
				.param("id", id)
				.param("due", schedule.nextRunAt())
				.update();
			if (mine == 0) {
				return;
			}
			Long launch = null;
			String error = null;
			try {
				launch = this.launches.launch(schedule.launch(), "schedule " + id, id);
				log.info("Launch schedule {} '{}' recorded launch {}", id, schedule.name(), launch);
			}
			catch (InvalidInputException ex) {
				error = ex.getMessage();
				log.warn("Launch schedule {} '{}' could not launch: {}", id, schedule.name(), error);
			}
			this.jdbc.sql("""
					update launch_schedule set last_launch_id = coalesce(:launch, last_launch_id), last_error = :error
					where id = :id""").param("launch", launch).param("error", error).param("id", id).update();
		});
	}

	private static OffsetDateTime next(CronExpression cron, ZoneId zone, OffsetDateTime after) {
		ZonedDateTime next = cron.next(after.atZoneSameInstant(zone));
		if (next == null) {
			throw new InvalidInputException("the cron expression never fires again");
		}
		return SiyuClock.utc(next.toInstant());
	}

	/**
	 * Spring's six fields (second first), or the five of crontab, to which a second 0 is
	 * added: {@code 0 10 * * *} is every day at 10:00.
	 */
	static CronExpression cron(String cron) {
		if (cron == null || cron.isBlank()) {
			throw new InvalidInputException("'cron' is missing, such as '0 10 * * *' for every day at 10:00");
		}
		String expression = (cron.strip().split("\\s+").length == 5) ? "0 " + cron.strip() : cron.strip();
		try {
			return CronExpression.parse(expression);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("'cron' " + cron + " is not a cron expression (" + ex.getMessage()
					+ "); '0 10 * * *' is every day at 10:00, '0 20 * * MON' every Monday at 20:00");
		}
	}

	private static ZoneId zone(String zone) {
		if (!ZoneId.getAvailableZoneIds().contains(zone)) {
			throw new InvalidInputException(
					"'timeZone' " + zone + " is not a time zone id; use one such as" + " Asia/Shanghai");
		}
		return ZoneId.of(zone);
	}

	private String write(LaunchPlan plan) {
		try {
			return this.json.writeValueAsString(plan);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private LaunchPlan read(String text) {
		try {
			return this.json.readValue(text, LaunchPlan.class);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A launch schedule's plan is not JSON", ex);
		}
	}

}
