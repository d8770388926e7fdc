package dev.siyu.audience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.journey.JourneyStarter;
import dev.siyu.journey.JourneyVariables;
import dev.siyu.messaging.GuardrailProperties;
import dev.siyu.system.ConcurrentChanges;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs one launch: claims it, freezes its audience into members (once), then takes the
 * members a page per transaction in the order of their ids, each through the journey's
 * enrolment guard, and records what became of each. The run that claims a launch writes
 * its own id into it; a page commits only while the launch is still its own, so two runs
 * never go on side by side, and a run taken up after a crash goes on after the last page
 * that committed. A paced launch waits between pages, beating its heartbeat.
 */
@Component
class LaunchRunner {

	private static final Logger log = LoggerFactory.getLogger(LaunchRunner.class);

	static final int PAGE = 500;

	private static final int PAGE_ATTEMPTS = 5;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final JourneyStarter starter;

	private final SegmentCompiler compiler;

	private final LaunchColumns columns;

	private final TransactionTemplate transaction;

	private final GuardrailProperties guardrails;

	private final SiyuClock clock;

	private final AudienceProperties properties;

	LaunchRunner(AudienceProperties properties, JdbcClient jdbc, JdbcTemplate batch, JourneyStarter starter,
			SegmentCompiler compiler, LaunchColumns columns, TransactionTemplate transaction,
			GuardrailProperties guardrails, SiyuClock clock) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.starter = starter;
		this.compiler = compiler;
		this.columns = columns;
		this.transaction = transaction;
		this.guardrails = guardrails;
		this.clock = clock;
		this.properties = properties;
	}

	private record Plan(long id, String runner, String journeyKey, JsonNode audience, String experiment,
			List<LaunchPlan.Variant> variants, double holdoutPercent, Integer ratePerMinute, Integer total,
			String after) {
	}

	private record Member(String customerId, boolean exists, Boolean consent) {
	}

	private record Outcome(String customerId, String outcome, String reason, String variant, boolean holdout) {
	}

	void run(long id) {
		String runner = UUID.randomUUID().toString();
		boolean mine = this.jdbc.sql("""
				update launch set status = 'RUNNING', heartbeat_at = :now, runner = :runner
				where id = :id and (status = 'PENDING' or (status = 'RUNNING' and heartbeat_at < :stale))""")
			.param("id", id)
			.param("runner", runner)
			.param("now", SiyuClock.utc(Instant.now()))
			.param("stale", SiyuClock.utc(Instant.now().minus(this.properties.abandonedAfter())))
			.update() == 1;
		if (!mine) {
			return;
		}
		Plan plan = load(id, runner);
		try {
			ProcessDefinition journey = this.starter.latest(plan.journeyKey());
			if (plan.total() == null) {
				freeze(plan);
			}
			int pageSize = (plan.ratePerMinute() == null) ? PAGE
					: Math.max(1, Math.min(PAGE, plan.ratePerMinute() / 6));
			Instant pacedFrom = Instant.now();
			long taken = 0;
			String after = plan.after();
			while (stillMine(id, runner)) {
				List<Member> page = page(id, after, pageSize);
				if (page.isEmpty()) {
					finish(id, runner, "DONE", null);
					return;
				}
				take(plan, journey, page);
				if (page.size() < pageSize) {
					finish(id, runner, "DONE", null);
					return;
				}
				after = page.get(page.size() - 1).customerId();
				taken += page.size();
				if (plan.ratePerMinute() != null
						&& !waitForRate(plan, pacedFrom.plusMillis(taken * 60_000 / plan.ratePerMinute()))) {
					return;
				}
			}
			log.info("Launch {} stops: paused, cancelled or taken up by another run", id);
		}
		catch (TakenOver ex) {
			log.warn("Launch {} was taken up by another run; this one stops", id);
		}
		catch (RuntimeException ex) {
			finish(id, runner, "FAILED", ex.getMessage());
			log.error("Launch {} of {} failed", id, plan.journeyKey(), ex);
		}
	}

	/** Who the launch targets, kept as its members: the audience as it is now. */
	private void freeze(Plan plan) {
		SegmentCompiler.Compiled compiled = this.compiler.compile(plan.audience());
		this.transaction.executeWithoutResult((status) -> {
			Map<String, Object> params = new HashMap<>(compiled.params());
			params.put("launchId", plan.id());
			this.jdbc
				.sql("insert into launch_member (launch_id, customer_id) select :launchId, c.id from customer c where "
						+ compiled.where())
				.params(params)
				.update();
			int still = this.jdbc.sql("""
					update launch set total = (select count(*) from launch_member where launch_id = :id),
					                  began_at = :now, heartbeat_at = :now
					where id = :id and runner = :runner""")
				.param("id", plan.id())
				.param("now", SiyuClock.utc(Instant.now()))
				.param("runner", plan.runner())
				.update();
			if (still == 0) {
				throw new TakenOver();
			}
		});
		log.info("Launch {} of {} froze its audience", plan.id(), plan.journeyKey());
	}

	private List<Member> page(long id, String after, int size) {
		return this.jdbc.sql("""
				select m.customer_id, c.id as found, c.marketing_consent
				from launch_member m left join customer c on c.id = m.customer_id
				where m.launch_id = :id and m.outcome is null and m.customer_id > :after
				order by m.customer_id fetch first %d rows only""".formatted(size))
			.param("id", id)
			.param("after", after)
			.query((rs, n) -> new Member(rs.getString("customer_id"), rs.getString("found") != null,
					(rs.getObject("marketing_consent") != null) ? rs.getBoolean("marketing_consent") : null))
			.list();
	}

	/**
	 * Takes a page in one transaction, customers in the order of their ids as Java sorts
	 * them, the order intake's batches take customers' locks in, so the two never wait on
	 * each other in a circle; a page that met a concurrent change runs again. A page that
	 * failed otherwise is taken again one customer per transaction, so one customer's
	 * failure (recorded with her) does not hold back the others.
	 */
	private void take(Plan plan, ProcessDefinition journey, List<Member> page) {
		try {
			takeInOne(plan, journey, page);
		}
		catch (TakenOver ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			if (page.size() == 1) {
				failed(plan, page.get(0), ex);
				return;
			}
			log.warn("Launch {}: a page failed ({}); taking its customers one by one", plan.id(), ex.getMessage());
			for (Member member : page) {
				try {
					takeInOne(plan, journey, List.of(member));
				}
				catch (TakenOver taken) {
					throw taken;
				}
				catch (RuntimeException one) {
					failed(plan, member, one);
				}
			}
		}
	}

	private void takeInOne(Plan plan, ProcessDefinition journey, List<Member> page) {
		List<Member> members = page.stream().sorted((a, b) -> a.customerId().compareTo(b.customerId())).toList();
		for (int attempt = 1;; attempt++) {
			try {
				this.transaction.executeWithoutResult((status) -> {
					List<Outcome> outcomes = new ArrayList<>();
					for (Member member : members) {
						outcomes.add(take(plan, journey, member));
					}
					record(plan, outcomes, page.get(page.size() - 1).customerId());
				});
				return;
			}
			catch (RuntimeException ex) {
				if (ex instanceof TakenOver || attempt == PAGE_ATTEMPTS || !ConcurrentChanges.met(ex)) {
					throw ex;
				}
				log.info("Launch {}: a page met a concurrent change, attempt {} of {}", plan.id(), attempt,
						PAGE_ATTEMPTS);
			}
		}
	}

	private Outcome take(Plan plan, ProcessDefinition journey, Member member) {
		String customer = member.customerId();
		String variant = Assignments.variant(plan.experiment(), customer, plan.variants());
		boolean holdout = Assignments.holdout(plan.experiment(), customer, plan.holdoutPercent());
		if (!member.exists()) {
			return new Outcome(customer, "SKIPPED", "customer no longer exists", variant, holdout);
		}
		if (this.guardrails.refusesMarketing(member.consent())) {
			return new Outcome(customer, "SKIPPED", "no marketing consent", variant, holdout);
		}
		Map<String, Object> variables = new HashMap<>();
		variables.put(JourneyVariables.LAUNCH_ID, plan.id());
		if (plan.experiment() != null) {
			variables.put(JourneyVariables.EXPERIMENT, plan.experiment());
		}
		if (variant != null) {
			variables.put(JourneyVariables.VARIANT, variant);
		}
		if (holdout) {
			variables.put(JourneyVariables.HOLDOUT, true);
		}
		if (!this.starter.start(journey, customer, variables)) {
			return new Outcome(customer, "SKIPPED", "already enrolled", variant, holdout);
		}
		return new Outcome(customer, holdout ? "HOLDOUT" : "STARTED", null, variant, holdout);
	}

	private void record(Plan plan, List<Outcome> outcomes, String last) {
		this.batch.batchUpdate("""
				update launch_member set outcome = ?, reason = ?, variant = ?, holdout = ?
				where launch_id = ? and customer_id = ?""", outcomes.stream()
			.map((o) -> new Object[] { o.outcome(), o.reason(), o.variant(), o.holdout(), plan.id(), o.customerId() })
			.toList());
		int still = this.jdbc.sql("""
				update launch set started = started + :started, holdout = holdout + :holdout,
				                  skipped = skipped + :skipped, failed = failed + :failed,
				                  last_customer_id = :last, heartbeat_at = :now
				where id = :id and runner = :runner""")
			.param("started", count(outcomes, "STARTED"))
			.param("holdout", count(outcomes, "HOLDOUT"))
			.param("skipped", count(outcomes, "SKIPPED"))
			.param("failed", count(outcomes, "FAILED"))
			.param("last", last)
			.param("now", SiyuClock.utc(Instant.now()))
			.param("id", plan.id())
			.param("runner", plan.runner())
			.update();
		if (still == 0) {
			throw new TakenOver();
		}
	}

	private void failed(Plan plan, Member member, RuntimeException ex) {
		log.warn("Launch {}: customer {} could not be started: {}", plan.id(), member.customerId(), ex.getMessage());
		String reason = String.valueOf(ex.getMessage());
		this.transaction.executeWithoutResult((status) -> record(plan,
				List.of(new Outcome(member.customerId(), "FAILED",
						(reason.length() > 300) ? reason.substring(0, 300) : reason, null, false)),
				member.customerId()));
	}

	private static long count(List<Outcome> outcomes, String outcome) {
		return outcomes.stream().filter((o) -> o.outcome().equals(outcome)).count();
	}

	/**
	 * Waits until the pace allows the next page, beating the heartbeat; false when the
	 * launch was paused, cancelled or taken over meanwhile.
	 */
	private boolean waitForRate(Plan plan, Instant next) {
		Duration every = this.properties.abandonedAfter().dividedBy(4);
		Instant beat = Instant.now().plus(every);
		while (Instant.now().isBefore(next)) {
			try {
				Thread.sleep(Math.max(1, Math.min(1000, Duration.between(Instant.now(), next).toMillis())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			if (!stillMine(plan.id(), plan.runner())) {
				return false;
			}
			if (Instant.now().isAfter(beat)) {
				this.jdbc.sql("update launch set heartbeat_at = :now where id = :id and runner = :runner")
					.param("now", SiyuClock.utc(Instant.now()))
					.param("id", plan.id())
					.param("runner", plan.runner())
					.update();
				beat = Instant.now().plus(every);
			}
		}
		return true;
	}

	private boolean stillMine(long id, String runner) {
		return this.jdbc.sql("select count(*) from launch where id = :id and runner = :runner and status = 'RUNNING'")
			.param("id", id)
			.param("runner", runner)
			.query(Long.class)
			.single() == 1;
	}

	private void finish(long id, String runner, String status, String error) {
		this.jdbc.sql("""
				update launch set status = :status, error = :error, finished_at = :finished
				where id = :id and runner = :runner and status = 'RUNNING'""")
			.param("runner", runner)
			.param("status", status)
			.param("error", (error != null && error.length() > 1000) ? error.substring(0, 1000) : error)
			.param("finished", this.clock.nowUtc())
			.param("id", id)
			.update();
	}

	private Plan load(long id, String runner) {
		return this.jdbc.sql("select * from launch where id = :id")
			.param("id", id)
			.query((rs, n) -> new Plan(id, runner, rs.getString("journey_key"), this.columns.audience(rs),
					rs.getString("experiment"), this.columns.variants(rs), rs.getDouble("holdout_percent"),
					(Integer) rs.getObject("rate_per_minute", Integer.class),
					(Integer) rs.getObject("total", Integer.class),
					(rs.getString("last_customer_id") != null) ? rs.getString("last_customer_id") : ""))
			.single();
	}

	/** Another run claimed the launch (this one was taken for dead): roll back, stop. */
	private static final class TakenOver extends RuntimeException {

		TakenOver() {
			super("the launch was taken up by another run", null, false, false);
		}

	}

}
