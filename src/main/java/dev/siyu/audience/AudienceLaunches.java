package dev.siyu.audience;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

import dev.siyu.journey.JourneyStarter;
import dev.siyu.system.ConcurrentChanges;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Starts a journey for every customer of an audience: a campaign, a daily recall, a
 * monthly KOC invitation. The launch is recorded first; after that commits, it runs in
 * the background a page of customers per transaction, each start through the journey's
 * enrolment guard, so a launch repeated or resumed after a crash starts nobody twice.
 * Each page records where the launch got to and refreshes its heartbeat; a launch whose
 * heartbeat stopped (its node died) is taken up again after its last committed page.
 */
@Service
public class AudienceLaunches {

	private static final Logger log = LoggerFactory.getLogger(AudienceLaunches.class);

	static final int PAGE = 500;

	/**
	 * How long a running launch may go without a heartbeat before it is taken to have
	 * died: a page of 500 starts takes seconds.
	 */
	static final Duration ABANDONED_AFTER = Duration.ofMinutes(2);

	private static final int PAGE_ATTEMPTS = 5;

	private final JdbcClient jdbc;

	private final JourneyStarter starter;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher events;

	private final SiyuClock clock;

	private final Executor executor;

	AudienceLaunches(JdbcClient jdbc, JourneyStarter starter, TransactionTemplate transaction,
			ApplicationEventPublisher events, SiyuClock clock, @Qualifier("launchExecutor") Executor executor) {
		this.jdbc = jdbc;
		this.starter = starter;
		this.transaction = transaction;
		this.events = events;
		this.clock = clock;
		this.executor = executor;
	}

	public record Launch(long id, String journeyKey, String ruleSet, String layers, String tag, String triggerBy,
			String status, int started, int skipped, OffsetDateTime createdAt, OffsetDateTime finishedAt,
			String error) {
	}

	record LaunchRecorded(long id) {
	}

	/**
	 * Records a launch, to run once the caller's transaction commits (at once without
	 * one). Refuses a journey that is not deployed.
	 */
	public long launch(String journeyKey, Audience audience, String trigger) {
		this.starter.latest(journeyKey);
		OffsetDateTime now = this.clock.nowUtc();
		this.jdbc
			.sql("""
					insert into launch (journey_key, rule_set, layer_values, tag, trigger_by, status, created_at, heartbeat_at)
					values (:journey, :ruleSet, :layers, :tag, :trigger, 'PENDING', :now, :heartbeat)""")
			.param("heartbeat", SiyuClock.utc(Instant.now()))
			.param("journey", journeyKey)
			.param("ruleSet", audience.ruleSet())
			.param("layers", String.join(",", audience.layers()))
			.param("tag", audience.tag())
			.param("trigger", trigger)
			.param("now", now)
			.update();
		long id = this.jdbc.sql("select max(id) from launch where journey_key = :journey and created_at = :now")
			.param("journey", journeyKey)
			.param("now", now)
			.query(Long.class)
			.single();
		this.events.publishEvent(new LaunchRecorded(id));
		return id;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void recorded(LaunchRecorded recorded) {
		this.executor.execute(() -> run(recorded.id()));
	}

	public Optional<Launch> find(long id) {
		return this.jdbc.sql("select * from launch where id = :id")
			.param("id", id)
			.query((rs, row) -> new Launch(rs.getLong("id"), rs.getString("journey_key"), rs.getString("rule_set"),
					rs.getString("layer_values"), rs.getString("tag"), rs.getString("trigger_by"),
					rs.getString("status"), rs.getInt("started"), rs.getInt("skipped"),
					rs.getObject("created_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
					rs.getString("error")))
			.optional();
	}

	/**
	 * Takes up launches whose node died: running without a heartbeat for two minutes, or
	 * recorded and never begun. Heartbeats are wall-clock time, not the engine's clock:
	 * they measure whether a node lives.
	 */
	@Scheduled(fixedDelayString = "${siyu.launches.resume-check:30s}",
			initialDelayString = "${siyu.launches.resume-check:30s}")
	public void resumeAbandoned() {
		this.jdbc.sql("""
				select id from launch where status in ('PENDING', 'RUNNING') and heartbeat_at < :stale order by id""")
			.param("stale", SiyuClock.utc(Instant.now().minus(ABANDONED_AFTER)))
			.query(Long.class)
			.list()
			.forEach((id) -> {
				log.warn("Launch {} was abandoned by its node; taking it up again", id);
				this.executor.execute(() -> run(id));
			});
	}

	/**
	 * Runs a recorded (or abandoned) launch to its end, in this thread. The run that
	 * claims the launch writes its own id into it; a page commits only while the launch
	 * is still its own, so two runs never go on side by side.
	 */
	public void run(long id) {
		Launch launch = find(id).orElseThrow();
		String runner = UUID.randomUUID().toString();
		boolean mine = this.jdbc.sql("""
				update launch set status = 'RUNNING', heartbeat_at = :now, runner = :runner
				where id = :id and (status = 'PENDING' or (status = 'RUNNING' and heartbeat_at < :stale))""")
			.param("id", id)
			.param("runner", runner)
			.param("now", SiyuClock.utc(Instant.now()))
			.param("stale", SiyuClock.utc(Instant.now().minus(ABANDONED_AFTER)))
			.update() == 1;
		if (!mine) {
			return;
		}
		try {
			ProcessDefinition journey = this.starter.latest(launch.journeyKey());
			Audience audience = new Audience(launch.ruleSet(),
					launch.layers().isBlank() ? List.of() : List.of(launch.layers().split(",")), launch.tag());
			String after = this.jdbc.sql("select coalesce(last_customer_id, '') from launch where id = :id")
				.param("id", id)
				.query(String.class)
				.single();
			while (true) {
				List<String> page = page(audience, after);
				if (page.isEmpty()) {
					break;
				}
				int started = startPage(id, runner, journey, page);
				log.debug("Launch {} started {} of a page of {}", id, started, page.size());
				after = page.get(page.size() - 1);
			}
			setStatus(id, runner, "DONE", null);
		}
		catch (TakenOver ex) {
			log.warn("Launch {} was taken up by another run; this one stops", id);
		}
		catch (RuntimeException ex) {
			setStatus(id, runner, "FAILED", ex.getMessage());
			log.error("Launch {} of {} failed", id, launch.journeyKey(), ex);
		}
	}

	/**
	 * Starts a page in one transaction, customers in the order of their ids as Java sorts
	 * them, the order intake's batches take customers' locks in, so the two never wait on
	 * each other in a circle; a page that met a concurrent change (a deadlock the
	 * database broke) runs again. Returns how many it started.
	 */
	private int startPage(long id, String runner, ProcessDefinition journey, List<String> page) {
		List<String> customers = page.stream().sorted().toList();
		for (int attempt = 1;; attempt++) {
			try {
				return this.transaction.execute((status) -> {
					int started = 0;
					for (String customer : customers) {
						if (this.starter.start(journey, customer, Map.of("launchId", id))) {
							started++;
						}
					}
					int still = this.jdbc.sql("""
							update launch set started = started + :started, skipped = skipped + :skipped,
							                  last_customer_id = :last, heartbeat_at = :now
							where id = :id and runner = :runner""")
						.param("started", started)
						.param("skipped", page.size() - started)
						.param("last", page.get(page.size() - 1))
						.param("now", SiyuClock.utc(Instant.now()))
						.param("id", id)
						.param("runner", runner)
						.update();
					if (still == 0) {
						throw new TakenOver();
					}
					return started;
				});
			}
			catch (RuntimeException ex) {
				if (ex instanceof TakenOver || attempt == PAGE_ATTEMPTS || !ConcurrentChanges.met(ex)) {
					throw ex;
				}
				log.info("Launch {}: a page met a concurrent change, attempt {} of {}", id, attempt, PAGE_ATTEMPTS);
			}
		}
	}

	/** Another run claimed the launch (this one was taken for dead): roll back, stop. */
	private static final class TakenOver extends RuntimeException {

		TakenOver() {
			super("the launch was taken up by another run", null, false, false);
		}

	}

	private List<String> page(Audience audience, String after) {
		StringBuilder sql = new StringBuilder("""
				select l.customer_id from customer_layer l
				where l.rule_set = :ruleSet and l.customer_id > :after""");
		if (!audience.layers().isEmpty()) {
			sql.append(" and l.layer_value in (:layers)");
		}
		if (audience.tag() != null && !audience.tag().isBlank()) {
			sql.append(
					" and exists (select 1 from customer_tag t where t.customer_id = l.customer_id and t.tag = :tag)");
		}
		sql.append(" order by l.customer_id fetch first ").append(PAGE).append(" rows only");
		JdbcClient.StatementSpec statement = this.jdbc.sql(sql.toString())
			.param("ruleSet", audience.ruleSet())
			.param("after", after);
		if (!audience.layers().isEmpty()) {
			statement = statement.param("layers", audience.layers());
		}
		if (audience.tag() != null && !audience.tag().isBlank()) {
			statement = statement.param("tag", audience.tag());
		}
		return statement.query(String.class).list();
	}

	private void setStatus(long id, String runner, String status, String error) {
		this.jdbc.sql("""
				update launch set status = :status, error = :error, finished_at = coalesce(:finished, finished_at)
				where id = :id and runner = :runner""")
			.param("runner", runner)
			.param("status", status)
			.param("error", (error != null && error.length() > 1000) ? error.substring(0, 1000) : error)
			.param("finished", ("DONE".equals(status) || "FAILED".equals(status)) ? this.clock.nowUtc() : null)
			.param("id", id)
			.update();
	}

}
