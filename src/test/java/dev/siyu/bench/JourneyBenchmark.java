package dev.siyu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.siyu.audience.Audience;
import dev.siyu.audience.AudienceLaunches;
import dev.siyu.rules.BulkLayering;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What Siyu exists for, at scale, with the job executor running as in production: mass
 * launches of {@code bench/processes/bench-offer-window.bpmn} (rules, then a 24-hour
 * timer) in waves of growing size, Purchased events over HTTP to the instances that wait,
 * and a storm of timers falling due while many more wait in the future. Run by
 * {@code bench/run}, never by {@code mvn verify}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "camunda.bpm.job-execution.enabled=true", "siyu.layers.cron=-" })
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "siyu.bench", matches = "true")
class JourneyBenchmark {

	static final String JOURNEY = "bench-offer-window";

	/** 10:00 in Shanghai: no quiet hours. */
	static final Instant T0 = Instant.parse("2026-06-01T02:00:00Z");

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	RepositoryService repository;

	@Autowired
	BulkLayering layering;

	@Autowired
	AudienceLaunches launches;

	@LocalServerPort
	int port;

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void journeys() throws Exception {
		List<Integer> waves = BenchResults.waves();
		int storm = BenchResults.size("storm", 100_000);
		ClockUtil.setCurrentTime(Date.from(T0));
		deployJourney();
		holdScheduledLaunchers();
		BenchResults.countStatements(this.jdbc);

		long t0 = System.nanoTime();
		for (int w = 0; w < waves.size(); w++) {
			BenchData.customers(this.jdbc, "w" + (w + 1), waves.get(w), T0, 42 + w);
		}
		BenchData.customers(this.jdbc, "storm", storm, T0, 7);
		int population = waves.stream().mapToInt(Integer::intValue).sum() + storm;
		long generated = System.nanoTime() - t0;
		long t1 = System.nanoTime();
		int layered = this.layering.runNow("benchmark").orElseThrow();
		long layeringNanos = System.nanoTime() - t1;
		assertThat(layered).isEqualTo(population);
		Map<String, Object> setup = new LinkedHashMap<>();
		setup.put("customers", population);
		setup.put("generate_customers_per_s", BenchResults.perSecond(population, generated));
		setup.put("bulk_layering_customers_per_s", BenchResults.perSecond(layered, layeringNanos));
		BenchResults.write("bulk-layering", setup);

		// the figures are written after each wave, so that a run stopped early (a million
		// takes hours) keeps what it has measured
		List<Map<String, Object>> launchCurve = new ArrayList<>();
		List<Map<String, Object>> correlationCurve = new ArrayList<>();
		for (int w = 0; w < waves.size(); w++) {
			String wave = "w" + (w + 1);
			Map<String, Object> launched = launch(wave, waves.get(w));
			launchCurve.add(launched);
			writeLaunch(launchCurve);
			int waiting = waiting();
			int sample = Math.max(waves.get(w) / 10, Math.min(1000, waves.get(w)));
			Map<String, Object> correlated = correlate(wave, waves.get(w), sample);
			correlated.put("waiting_instances", waiting);
			correlationCurve.add(correlated);
			writeCorrelation(correlationCurve);
		}

		// the storm wave waits for timers due two hours before everyone else's
		ClockUtil.setCurrentTime(Date.from(T0.minus(Duration.ofHours(2))));
		launch("storm", storm);
		ClockUtil.setCurrentTime(Date.from(T0.plus(Duration.ofHours(23))));
		BenchResults.write("timer-storm", timerStorm(storm));
		BenchResults.writeTopStatements(this.jdbc, "journeys");
	}

	private static void writeLaunch(List<Map<String, Object>> curve) {
		Map<String, Object> launch = new LinkedHashMap<>();
		launch.put("journey", JOURNEY + ": hero tier and offer rules, then Purchased or a 24 h timer");
		launch.put("curve", curve);
		launch.putAll(headline(curve, "launched", 100_000, "started_per_s", "at_timer_per_s"));
		BenchResults.write("launch", launch);
	}

	private static void writeCorrelation(List<Map<String, Object>> curve) {
		Map<String, Object> correlation = new LinkedHashMap<>();
		correlation.put("path", "POST /api/events (Purchased, 4 clients): stored, order recorded, waiting instance "
				+ "correlated, repurchase-7d started");
		correlation.put("curve", curve);
		correlation.putAll(headline(curve, "events", 100_000, "events_per_s", "p95_ms"));
		BenchResults.write("correlation", correlation);
	}

	private void deployJourney() throws Exception {
		Path file = Path.of("bench/processes/" + JOURNEY + ".bpmn");
		this.repository.createDeployment().name("bench").addString(JOURNEY + ".bpmn", Files.readString(file)).deploy();
	}

	/**
	 * The daily and monthly launchers would launch whole audiences of the generated
	 * population when the clock moves past their times.
	 */
	private void holdScheduledLaunchers() {
		for (ProcessDefinition definition : this.repository.createProcessDefinitionQuery().list()) {
			if (definition.getKey().endsWith("-daily") || definition.getKey().endsWith("-monthly")
					|| definition.getKey().endsWith("-launch")) {
				this.repository.suspendProcessDefinitionById(definition.getId(), true, null);
			}
		}
	}

	private Map<String, Object> launch(String wave, int customers) throws InterruptedException {
		this.jdbc.update("insert into customer_tag (customer_id, tag) select id, ? from customer where id like ?",
				"bench-" + wave, wave + "-%");
		long t0 = System.nanoTime();
		long id = this.launches.launch(JOURNEY, new Audience("activity", List.of(), "bench-" + wave), "benchmark");
		AudienceLaunches.Launch launch;
		do {
			pause(t0);
			launch = this.launches.find(id).orElseThrow();
		}
		while (!launch.status().equals("DONE") && !launch.status().equals("FAILED"));
		long started = System.nanoTime() - t0;
		assertThat(launch.status()).as(launch.error()).isEqualTo("DONE");
		assertThat(launch.started()).isEqualTo(customers);
		awaitNoJobs(t0, "type_ = 'message' and process_def_key_ = ? and retries_ > 0", JOURNEY);
		long atTimer = System.nanoTime() - t0;
		assertThat(jobs("retries_ = 0 and process_def_key_ = ?", JOURNEY)).as("failed jobs").isZero();
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("launched", customers);
		figures.put("started_per_s", BenchResults.perSecond(customers, started));
		figures.put("at_timer_per_s", BenchResults.perSecond(customers, atTimer));
		return figures;
	}

	/**
	 * Waits between two looks at the job table: a twentieth of the time spent so far, so
	 * that counting a million jobs does not slow what it measures.
	 */
	private static void pause(long since) throws InterruptedException {
		Thread.sleep(Math.min(2000, 20 + (System.nanoTime() - since) / 20_000_000));
	}

	/** How many jobs meet the condition (a where clause on {@code act_ru_job}). */
	private int jobs(String condition, Object... args) {
		return this.jdbc.queryForObject("select count(*) from act_ru_job where " + condition, Integer.class, args);
	}

	/**
	 * Waits until no job meets the condition, looking now and then since {@code since}.
	 */
	private void awaitNoJobs(long since, String condition, Object... args) throws InterruptedException {
		while (jobs(condition, args) > 0) {
			pause(since);
		}
	}

	private static Timestamp now() {
		return new Timestamp(ClockUtil.getCurrentTime().getTime());
	}

	private int waiting() {
		return this.jdbc.queryForObject("""
				select count(*) from act_ru_event_subscr s join act_ru_execution e on e.id_ = s.proc_inst_id_
				join act_re_procdef d on d.id_ = e.proc_def_id_
				where s.event_name_ = 'Purchased' and d.key_ = ?""", Integer.class, JOURNEY);
	}

	/**
	 * Sends Purchased events for a random sample of the wave from four clients, each
	 * event's latency measured from request to answer.
	 */
	private Map<String, Object> correlate(String wave, int size, int sample) throws Exception {
		List<Integer> members = new ArrayList<>();
		for (int n = 1; n <= size; n++) {
			members.add(n);
		}
		Collections.shuffle(members, new Random(11));
		List<String> customers = members.subList(0, sample).stream().map((n) -> "%s-%07d".formatted(wave, n)).toList();
		int waitingBefore = waiting();
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String auth = "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
		URI uri = URI.create("http://localhost:" + this.port + "/api/events");
		long[] latencies = new long[sample];
		AtomicInteger next = new AtomicInteger();
		int clients = 4;
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		long t0 = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			running.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < sample; i = next.getAndIncrement()) {
					String customer = customers.get(i);
					String body = """
							{"eventId":"bench-order-%1$s","customerId":"%1$s","type":"Purchased",
							 "properties":{"orderId":"SO-%1$s","amount":59.00,
							 "items":[{"sku":"MILK-59","quantity":1,"price":59.00}]}}""".formatted(customer);
					HttpRequest request = HttpRequest.newBuilder(uri)
						.header("Content-Type", "application/json")
						.header("Authorization", auth)
						.POST(HttpRequest.BodyPublishers.ofString(body))
						.build();
					long sent = System.nanoTime();
					HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
					latencies[i] = System.nanoTime() - sent;
					if (response.statusCode() != 202) {
						throw new IllegalStateException(
								"event for " + customer + ": " + response.statusCode() + " " + response.body());
					}
				}
				return null;
			}));
		}
		for (Future<?> client : running) {
			client.get();
		}
		long elapsed = System.nanoTime() - t0;
		pool.shutdown();
		assertThat(waitingBefore - waiting()).as("instances that took their Purchased event").isEqualTo(sample);
		// the journeys the events started (repurchase-7d) take their first steps now: let
		// them finish before the next wave, and before the clock moves
		awaitNoJobs(t0, "type_ = 'message' and retries_ > 0 and suspension_state_ = 1");
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("events", sample);
		figures.put("events_per_s", BenchResults.perSecond(sample, elapsed));
		figures.putAll(BenchResults.latencies(latencies));
		return figures;
	}

	private Map<String, Object> timerStorm(int due) throws InterruptedException {
		int dueNow = jobs("type_ = 'timer' and suspension_state_ = 1 and duedate_ <= ?", now());
		int future = jobs("type_ = 'timer' and suspension_state_ = 1 and duedate_ > ?", now());
		assertThat(dueNow).isEqualTo(due);
		long t0 = System.nanoTime();
		awaitNoJobs(t0, "type_ = 'timer' and suspension_state_ = 1 and duedate_ <= ? and retries_ > 0", now());
		long elapsed = System.nanoTime() - t0;
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("due_timers", dueNow);
		figures.put("future_timers", future);
		figures.put("jobs_per_s", BenchResults.perSecond(dueNow, elapsed));
		return figures;
	}

	/** The figures of the run nearest to the headline size, flat beside the curve. */
	private static Map<String, Object> headline(List<Map<String, Object>> curve, String sizeKey, int size,
			String... keys) {
		Map<String, Object> best = curve.get(0);
		for (Map<String, Object> point : curve) {
			if (Math.abs((Integer) point.get(sizeKey) - size) <= Math.abs((Integer) best.get(sizeKey) - size)) {
				best = point;
			}
		}
		Map<String, Object> headline = new LinkedHashMap<>();
		headline.put(sizeKey, best.get(sizeKey));
		for (String key : keys) {
			headline.put(key, best.get(key));
		}
		return headline;
	}

}
