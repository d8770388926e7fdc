package dev.siyu.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.camunda.bpm.engine.impl.util.ClockUtil;
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
 * Intake alone, apart from correlation: a day's stream of customer events (logins,
 * activities, purchases; a purchase records the order and a first one starts
 * {@code repurchase-7d}) for a stored population, sent over HTTP by four clients, first
 * one event per request, then in batches of 500. Measures accepted events per second and
 * the latency of each request, and for the batches how long after their acceptance the
 * notifier had handed every event to journeys. Run by {@code bench/run}, never by
 * {@code mvn verify}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "siyu.events.auto-notify=true")
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "siyu.bench", matches = "true")
class IntakeBenchmark {

	static final Instant T0 = Instant.parse("2026-06-01T02:00:00Z");

	static final int BATCH = 500;

	static final int CLIENTS = 4;

	@LocalServerPort
	int port;

	@Autowired
	JdbcTemplate jdbc;

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void intake() throws Exception {
		int events = BenchResults.size("intake", 100_000);
		int population = Math.max(1000, events / 5);
		ClockUtil.setCurrentTime(Date.from(T0));
		BenchData.customers(this.jdbc, "in", population, T0, 13);
		List<String> stream = stream("single", events / 5, population);
		List<String> batched = stream("batch", events, population);

		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("population", population);
		figures.put("mix", "60 % LoggedIn, 20 % ActivityJoined, 20 % Purchased (orders recorded, first orders start "
				+ "repurchase-7d), " + CLIENTS + " HTTP clients");
		BenchResults.countStatements(this.jdbc);
		Map<String, Object> single = send(stream, 1);
		figures.put("single_events", stream.size());
		figures.put("single_events_per_s", single.get("events_per_s"));
		figures.put("single_request_p50_ms", single.get("p50_ms"));
		figures.put("single_request_p95_ms", single.get("p95_ms"));
		long batchStart = System.nanoTime();
		Map<String, Object> batch = send(batched, BATCH);
		long accepted = System.nanoTime();
		awaitInboxEmpty();
		long notified = System.nanoTime();
		figures.put("batch_events", batched.size());
		figures.put("batch_size", BATCH);
		figures.put("batch_events_per_s", batch.get("events_per_s"));
		figures.put("batch_request_p50_ms", batch.get("p50_ms"));
		figures.put("batch_request_p95_ms", batch.get("p95_ms"));
		figures.put("batch_notified_after_accepted_s", Math.round((notified - accepted) / 1e8) / 10.0);
		figures.put("batch_notified_per_s", BenchResults.perSecond(batched.size(), notified - batchStart));
		assertThat(this.jdbc.queryForObject("select count(*) from customer_event where event_id like 'ib-%'",
				Integer.class))
			.isEqualTo(stream.size() + batched.size());
		BenchResults.write("intake", figures);
		BenchResults.writeTopStatements(this.jdbc, "intake");
	}

	/** The notifier has handed every batched event to journeys. */
	private void awaitInboxEmpty() throws InterruptedException {
		while (this.jdbc.queryForObject("select count(*) from event_inbox", Integer.class) > 0) {
			Thread.sleep(100);
		}
	}

	/** Events as JSON, in a fixed random order over the population. */
	private static List<String> stream(String name, int count, int population) {
		Random random = new Random(name.hashCode());
		List<String> events = new ArrayList<>(count);
		for (int n = 0; n < count; n++) {
			String customer = "in-%07d".formatted(1 + random.nextInt(population));
			String id = "ib-" + name + "-" + n;
			int kind = random.nextInt(10);
			events.add((kind < 6) ? """
					{"eventId":"%s","customerId":"%s","type":"LoggedIn"}""".formatted(id, customer)
					: (kind < 8)
							? """
									{"eventId":"%s","customerId":"%s","type":"ActivityJoined","properties":{"activityId":"live-%d"}}"""
								.formatted(id, customer, n % 7)
							: """
									{"eventId":"%1$s","customerId":"%2$s","type":"Purchased","properties":{"orderId":"SO-%1$s",
									 "amount":59.00,"items":[{"sku":"MILK-59","quantity":1,"price":59.00}]}}"""
								.formatted(id, customer));
		}
		return events;
	}

	/** Sends the events, {@code size} per request, from four clients. */
	private Map<String, Object> send(List<String> events, int size) throws Exception {
		List<String> bodies = new ArrayList<>();
		for (int from = 0; from < events.size(); from += size) {
			List<String> part = events.subList(from, Math.min(events.size(), from + size));
			bodies.add((size == 1) ? part.get(0) : "[" + String.join(",", part) + "]");
		}
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		String auth = "Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8));
		URI uri = URI.create("http://localhost:" + this.port + "/api/events");
		long[] latencies = new long[bodies.size()];
		AtomicInteger next = new AtomicInteger();
		ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
		long t0 = System.nanoTime();
		List<Future<?>> running = new ArrayList<>();
		for (int c = 0; c < CLIENTS; c++) {
			running.add(pool.submit(() -> {
				for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
					HttpRequest request = HttpRequest.newBuilder(uri)
						.header("Content-Type", "application/json")
						.header("Authorization", auth)
						.timeout(Duration.ofMinutes(5))
						.POST(HttpRequest.BodyPublishers.ofString(bodies.get(i)))
						.build();
					long sent = System.nanoTime();
					HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
					latencies[i] = System.nanoTime() - sent;
					if (response.statusCode() >= 300 || response.body().contains("REJECTED")) {
						throw new IllegalStateException(response.statusCode() + " " + response.body());
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
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("events_per_s", BenchResults.perSecond(events.size(), elapsed));
		figures.putAll(BenchResults.latencies(latencies));
		return figures;
	}

}
