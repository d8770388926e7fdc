package dev.siyu.audience;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.journey.JourneyStarter;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Starts a journey for every customer of an audience: a campaign, a daily recall, a
 * monthly KOC invitation. A launch is recorded first (at once, or for a later time); when
 * it begins, its audience is frozen into the launch's members, and {@link LaunchRunner}
 * starts them page by page through the journey's enrolment guard, so a launch repeated,
 * resumed after a crash, or beside another of the same segment starts nobody twice.
 * Pause, resume and cancel act between pages.
 */
@Service
public class AudienceLaunches {

	private static final Logger log = LoggerFactory.getLogger(AudienceLaunches.class);

	private static final Pattern VARIANT = Pattern.compile("[A-Za-z0-9_-]{1,50}");

	private static final Set<String> ACTIVE = Set.of("SCHEDULED", "PENDING", "RUNNING", "PAUSED");

	private final JdbcClient jdbc;

	private final JourneyStarter starter;

	private final SegmentStore segments;

	private final SegmentCompiler compiler;

	private final ObjectMapper json;

	private final LaunchColumns columns;

	private final ApplicationEventPublisher events;

	private final SiyuClock clock;

	private final LaunchRunner runner;

	private final Executor executor;

	private final AudienceProperties properties;

	private final Set<Long> queued = java.util.concurrent.ConcurrentHashMap.newKeySet();

	AudienceLaunches(AudienceProperties properties, JdbcClient jdbc, JourneyStarter starter, SegmentStore segments,
			SegmentCompiler compiler, ObjectMapper json, LaunchColumns columns, ApplicationEventPublisher events,
			SiyuClock clock, LaunchRunner runner, @Qualifier("launchExecutor") Executor executor) {
		this.jdbc = jdbc;
		this.starter = starter;
		this.segments = segments;
		this.compiler = compiler;
		this.json = json;
		this.columns = columns;
		this.events = events;
		this.clock = clock;
		this.runner = runner;
		this.executor = executor;
		this.properties = properties;
	}

	/**
	 * A launch and how far it got.
	 *
	 * @param skippedBy how many were skipped for each reason (already enrolled, no
	 * consent, …)
	 * @param remaining members not yet taken (null before the audience is frozen)
	 * @param eta when the last member should be taken, at the launch's rate or at the
	 * pace it has kept so far
	 */
	public record Launch(long id, String journey, String segment, Integer segmentVersion, JsonNode audience,
			String experiment, List<LaunchPlan.Variant> variants, double holdoutPercent, Integer ratePerMinute,
			OffsetDateTime startAt, Long scheduleId, String triggerBy, String status, Integer total, int started,
			int holdout, int skipped, Map<String, Integer> skippedBy, int failed, Integer remaining, Double progress,
			OffsetDateTime eta, OffsetDateTime createdAt, OffsetDateTime beganAt, OffsetDateTime finishedAt,
			String error) {
	}

	record LaunchRecorded(long id) {
	}

	/**
	 * Records a launch of the journey for the audience of stored layers and a tag (the
	 * launch step of daily journeys), to run once the caller's transaction commits.
	 */
	public long launch(String journeyKey, Audience audience, String trigger) {
		return launch(LaunchPlan.of(journeyKey, audience.definition(this.json)), trigger);
	}

	/**
	 * Records a launch, to begin once the caller's transaction commits (at once without
	 * one) or at its start time. Refuses a journey that is not deployed, an unknown
	 * segment, an audience that does not compile, and variants, holdout or rate out of
	 * range, each naming what to fix.
	 */
	public long launch(LaunchPlan plan, String trigger) {
		return launch(plan, trigger, null);
	}

	/** Records a launch of a recurring schedule. */
	long launch(LaunchPlan plan, String trigger, Long scheduleId) {
		Checked checked = check(plan);
		OffsetDateTime now = this.clock.nowUtc();
		boolean later = plan.startAt() != null && plan.startAt().isAfter(now);
		KeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				insert into launch (journey_key, segment_key, segment_version, audience, experiment, variants,
				                    holdout_percent, rate_per_minute, start_at, trigger_by, status, created_at,
				                    heartbeat_at, schedule_id)
				values (:journey, :segment, :version, :audience, :experiment, :variants, :holdout, :rate, :startAt,
				        :trigger, :status, :now, :heartbeat, :schedule)""")
			.param("journey", plan.journey())
			.param("segment", checked.segment())
			.param("version", checked.version())
			.param("audience", this.columns.write(checked.audience()))
			.param("experiment", checked.experiment())
			.param("variants", plan.variants().isEmpty() ? null : this.columns.write(plan.variants()))
			.param("holdout", (plan.holdoutPercent() != null) ? plan.holdoutPercent() : 0.0)
			.param("rate", plan.ratePerMinute())
			.param("startAt", plan.startAt())
			.param("trigger", trigger)
			.param("status", later ? "SCHEDULED" : "PENDING")
			.param("now", now)
			.param("heartbeat", later ? null : SiyuClock.utc(Instant.now()))
			.param("schedule", scheduleId)
			.update(key, "id");
		long id = key.getKeyAs(Number.class).longValue();
		if (!later) {
			this.events.publishEvent(new LaunchRecorded(id));
		}
		return id;
	}

	private record Checked(String segment, Integer version, JsonNode audience, String experiment) {
	}

	/** Checks a plan as {@link #launch} would, without recording it. */
	void validate(LaunchPlan plan) {
		check(plan);
	}

	private Checked check(LaunchPlan plan) {
		if (plan.journey() == null || plan.journey().isBlank()) {
			throw new InvalidInputException("'journey' is missing: name the journey to launch");
		}
		try {
			this.starter.latest(plan.journey());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidInputException("'journey': " + ex.getMessage());
		}
		if ((plan.segment() == null) == (plan.audience() == null)) {
			throw new InvalidInputException(
					"give either 'segment' (a saved segment's key) or 'audience' (a segment definition), not both");
		}
		String segment = null;
		Integer version = null;
		JsonNode audience = plan.audience();
		if (plan.segment() != null) {
			SegmentStore.Segment saved = ((plan.segmentVersion() == null) ? this.segments.latest(plan.segment())
					: this.segments.version(plan.segment(), plan.segmentVersion()))
				.orElseThrow(() -> new InvalidInputException("'segment': no segment '" + plan.segment() + "'"
						+ ((plan.segmentVersion() == null) ? "" : " version " + plan.segmentVersion())));
			segment = saved.key();
			version = saved.version();
			audience = saved.definition();
		}
		this.compiler.compile(audience);
		if (plan.variants().size() == 1) {
			throw new InvalidInputException("'variants' needs at least two variants (or none)");
		}
		Set<String> names = new java.util.HashSet<>();
		for (LaunchPlan.Variant variant : plan.variants()) {
			if (variant.name() == null || !VARIANT.matcher(variant.name()).matches() || !names.add(variant.name())) {
				throw new InvalidInputException("'variants': each needs a distinct name of 1–50 letters, digits, '_'"
						+ " or '-', such as A, B or control; '" + variant.name() + "' is not");
			}
			if (variant.weight() < 1) {
				throw new InvalidInputException(
						"'variants': the weight of '" + variant.name() + "' must be a whole number of 1 or more");
			}
		}
		if (plan.holdoutPercent() != null && (plan.holdoutPercent() < 0 || plan.holdoutPercent() >= 100)) {
			throw new InvalidInputException("'holdoutPercent' must be from 0 up to (not including) 100");
		}
		if (plan.ratePerMinute() != null && plan.ratePerMinute() < 1) {
			throw new InvalidInputException("'ratePerMinute' must be 1 or more (leave it out for no limit)");
		}
		String experiment = (plan.experiment() != null && !plan.experiment().isBlank()) ? plan.experiment()
				: plan.journey() + ((segment != null) ? "/" + segment : "");
		return new Checked(segment, version, audience, experiment);
	}

	@TransactionalEventListener(fallbackExecution = true)
	void recorded(LaunchRecorded recorded) {
		submit(recorded.id());
	}

	/**
	 * Runs the launch on this node's launch threads, unless it waits there already for a
	 * thread (a launch queued behind others looks abandoned to the heartbeat check). A
	 * launch that is running may be submitted again (resumed while its paused run winds
	 * down): the new run claims it, the old one stops.
	 */
	private void submit(long id) {
		if (this.queued.add(id)) {
			this.executor.execute(() -> {
				this.queued.remove(id);
				this.runner.run(id);
			});
		}
	}

	/**
	 * A launch's skipped members counted by reason: read from the index on outcome (V16),
	 * not from every member, since a launch's status is looked at again and again while
	 * it runs.
	 */
	static final String SKIPPED_BY_REASON = """
			select reason, count(*) as n from launch_member where launch_id = :id and outcome = 'SKIPPED'
			group by reason order by reason""";

	public Optional<Launch> find(long id) {
		Map<String, Integer> skippedBy = skippedBy(List.of(id)).getOrDefault(id, Map.of());
		return this.jdbc.sql("select * from launch where id = :id")
			.param("id", id)
			.query((rs, row) -> launch(rs, skippedBy))
			.optional();
	}

	/**
	 * The launches' skipped members by reason, in one statement: a branch per launch in
	 * the form of {@link #SKIPPED_BY_REASON}, so that each is read from the index on
	 * outcome (a single {@code launch_id in (…)} made H2 read every member instead).
	 */
	private Map<Long, Map<String, Integer>> skippedBy(List<Long> ids) {
		Map<Long, Map<String, Integer>> skipped = new HashMap<>();
		if (ids.isEmpty()) {
			return skipped;
		}
		Map<String, Object> params = new HashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			params.put("id" + i, ids.get(i));
		}
		this.jdbc.sql(skippedByReason(ids.size())).params(params).query((rs) -> {
			skipped.computeIfAbsent(rs.getLong("launch_id"), (id) -> new LinkedHashMap<>())
				.put(rs.getString("reason"), rs.getInt("n"));
		});
		return skipped;
	}

	/**
	 * {@link #SKIPPED_BY_REASON} for that many launches, {@code :id0}, {@code :id1}, …,
	 * with each row's {@code launch_id}.
	 */
	static String skippedByReason(int launches) {
		StringBuilder query = new StringBuilder();
		for (int i = 0; i < launches; i++) {
			query.append((i == 0) ? "" : "\nunion all\n")
				.append("select * from (select cast(:id%d as bigint) as launch_id, reason, n from (%s) s%d) b%d"
					.formatted(i, SKIPPED_BY_REASON.replace(":id", ":id" + i), i, i));
		}
		return query.append("\norder by launch_id, reason").toString();
	}

	private Launch launch(ResultSet rs, Map<String, Integer> skippedBy) throws SQLException {
		Integer total = (Integer) rs.getObject("total", Integer.class);
		int started = rs.getInt("started");
		int holdout = rs.getInt("holdout");
		int skipped = rs.getInt("skipped");
		int failed = rs.getInt("failed");
		String status = rs.getString("status");
		OffsetDateTime beganAt = rs.getObject("began_at", OffsetDateTime.class);
		Integer rate = (Integer) rs.getObject("rate_per_minute", Integer.class);
		Integer remaining = (total != null) ? total - started - holdout - skipped - failed : null;
		if ("CANCELLED".equals(status) || "DONE".equals(status) || "FAILED".equals(status)) {
			remaining = (remaining != null) ? remaining : 0;
		}
		Double progress = (total == null) ? null : (total == 0) ? 1.0 : (total - remaining) / (double) total;
		OffsetDateTime eta = eta(status, remaining, total, rate, beganAt);
		return new Launch(rs.getLong("id"), rs.getString("journey_key"), rs.getString("segment_key"),
				(Integer) rs.getObject("segment_version", Integer.class), this.columns.audience(rs),
				rs.getString("experiment"), this.columns.variants(rs), rs.getDouble("holdout_percent"), rate,
				rs.getObject("start_at", OffsetDateTime.class), (Long) rs.getObject("schedule_id", Long.class),
				rs.getString("trigger_by"), status, total, started, holdout, skipped, skippedBy, failed, remaining,
				progress, eta, rs.getObject("created_at", OffsetDateTime.class), beganAt,
				rs.getObject("finished_at", OffsetDateTime.class), rs.getString("error"));
	}

	/** A member of a launch and what became of her (no outcome yet: waiting). */
	public record Member(String customerId, String variant, boolean holdout, String outcome, String reason) {
	}

	/**
	 * A page of a launch's members in the order of their ids, after {@code after}, of one
	 * outcome ({@code WAITING}: not yet taken) or all.
	 */
	public List<Member> members(long id, String outcome, String after, int limit) {
		String filter = (outcome == null) ? ""
				: "WAITING".equals(outcome) ? " and outcome is null" : " and outcome = :outcome";
		JdbcClient.StatementSpec query = this.jdbc.sql("""
				select customer_id, variant, holdout, outcome, reason from launch_member
				where launch_id = :id and customer_id > :after%s
				order by customer_id fetch first %d rows only""".formatted(filter, limit))
			.param("id", id)
			.param("after", after);
		if (outcome != null && !"WAITING".equals(outcome)) {
			query = query.param("outcome", outcome);
		}
		return query
			.query((rs, n) -> new Member(rs.getString("customer_id"), rs.getString("variant"), rs.getBoolean("holdout"),
					rs.getString("outcome"), rs.getString("reason")))
			.list();
	}

	/**
	 * Launches, newest first: three statements however many (the console asks for the
	 * latest 50 every few seconds).
	 */
	public List<Launch> recent(int limit) {
		List<Long> ids = this.jdbc.sql("select id from launch order by id desc fetch first " + limit + " rows only")
			.query(Long.class)
			.list();
		if (ids.isEmpty()) {
			return List.of();
		}
		Map<Long, Map<String, Integer>> skippedBy = skippedBy(ids);
		return this.jdbc.sql("select * from launch where id in (:ids) order by id desc")
			.param("ids", ids)
			.query((rs, row) -> launch(rs, skippedBy.getOrDefault(rs.getLong("id"), Map.of())))
			.list();
	}

	private static OffsetDateTime eta(String status, Integer remaining, Integer total, Integer rate,
			OffsetDateTime beganAt) {
		if (remaining == null || !("RUNNING".equals(status) || "PENDING".equals(status))) {
			return null;
		}
		Instant now = Instant.now();
		if (rate != null) {
			return SiyuClock.utc(now.plusMillis((long) Math.ceil(remaining * 60_000.0 / rate)));
		}
		int done = total - remaining;
		if (beganAt == null || done == 0) {
			return null;
		}
		long elapsed = Duration.between(beganAt.toInstant(), now).toMillis();
		return SiyuClock.utc(now.plusMillis((long) (elapsed * (remaining / (double) done))));
	}

	/**
	 * Stops a launch after the page it is on; its members not yet taken stay so, and
	 * {@link #resume} goes on with them.
	 */
	public Launch pause(long id) {
		return change(id, "pause", Set.of("SCHEDULED", "PENDING", "RUNNING"), "PAUSED");
	}

	public Launch resume(long id) {
		Launch launch = find(id).orElseThrow(() -> new NotFoundException("No launch " + id));
		if (!"PAUSED".equals(launch.status()) && !"FAILED".equals(launch.status())) {
			throw new LaunchStateException(
					"Launch " + id + " is " + launch.status() + "; only a PAUSED or FAILED one resumes");
		}
		boolean later = launch.startAt() != null && launch.startAt().isAfter(this.clock.nowUtc())
				&& launch.total() == null;
		int changed = this.jdbc.sql("""
				update launch set status = :status, runner = null, heartbeat_at = :now, error = null, finished_at = null
				where id = :id and status in ('PAUSED', 'FAILED')""")
			.param("status", later ? "SCHEDULED" : "PENDING")
			.param("now", SiyuClock.utc(Instant.now()))
			.param("id", id)
			.update();
		if (changed == 1 && !later) {
			submit(id);
		}
		return find(id).orElseThrow();
	}

	/** Ends a launch after the page it is on: nobody more is taken. */
	public Launch cancel(long id) {
		return change(id, "cancel", ACTIVE, "CANCELLED");
	}

	private Launch change(long id, String action, Set<String> from, String to) {
		Launch launch = find(id).orElseThrow(() -> new NotFoundException("No launch " + id));
		int changed = this.jdbc
			.sql("update launch set status = :to, finished_at = :finished" + " where id = :id and status in (:from)")
			.param("to", to)
			.param("finished", "CANCELLED".equals(to) ? this.clock.nowUtc() : null)
			.param("id", id)
			.param("from", from)
			.update();
		if (changed == 0) {
			throw new LaunchStateException("Launch " + id + " is " + launch.status() + " and cannot " + action
					+ " (only one that is " + String.join(", ", from.stream().sorted().toList()) + ")");
		}
		log.info("Launch {} {}", id, to.toLowerCase());
		return find(id).orElseThrow();
	}

	/**
	 * Takes up launches whose node died: running or pending without a heartbeat for
	 * {@code siyu.audiences.abandoned-after} (2 minutes). Heartbeats are wall-clock time,
	 * not the engine's clock: they measure whether a node lives.
	 */
	@Scheduled(fixedDelayString = "${siyu.audiences.resume-check:30s}",
			initialDelayString = "${siyu.audiences.resume-check:30s}")
	public void resumeAbandoned() {
		this.jdbc.sql("""
				select id from launch where status in ('PENDING', 'RUNNING') and heartbeat_at < :stale order by id""")
			.param("stale", SiyuClock.utc(Instant.now().minus(this.properties.abandonedAfter())))
			.query(Long.class)
			.list()
			.forEach((id) -> {
				if (!this.queued.contains(id)) {
					log.warn("Launch {} was abandoned by its node; taking it up again", id);
					submit(id);
				}
			});
	}

	/** Begins scheduled launches whose time has come (by the engine's clock). */
	@Scheduled(fixedDelayString = "${siyu.audiences.schedule-check:30s}",
			initialDelayString = "${siyu.audiences.schedule-check:30s}")
	public void beginDue() {
		this.jdbc.sql("select id from launch where status = 'SCHEDULED' and start_at <= :now order by start_at, id")
			.param("now", this.clock.nowUtc())
			.query(Long.class)
			.list()
			.forEach((id) -> {
				int mine = this.jdbc.sql("""
						update launch set status = 'PENDING', heartbeat_at = :heartbeat
						where id = :id and status = 'SCHEDULED'""")
					.param("heartbeat", SiyuClock.utc(Instant.now()))
					.param("id", id)
					.update();
				if (mine == 1) {
					submit(id);
				}
			});
	}

	/** The launch is not in a state that allows what was asked (HTTP 409). */
	static class LaunchStateException extends RuntimeException {

		LaunchStateException(String message) {
			super(message);
		}

	}

}
