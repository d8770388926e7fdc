package dev.siyu.messaging;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.siyu.system.SiyuJvm;
import dev.siyu.system.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Siyu is killed (SIGKILL) three times while it dispatches thousands of messages to a
 * vendor, and restarted each time. In the end the vendor has taken every message exactly
 * once: Siyu delivers at least once and sends each message under one stable idempotency
 * key, which the vendor deduplicates by, as real vendors do (WeChat's client_msg_id,
 * Aliyun's OutId). Runs on PostgreSQL, in the failsafe run of {@code mvn verify}.
 */
@EnabledIfSystemProperty(named = "siyu.test.database", matches = "postgres")
class DispatchCrashTest {

	private static final int MESSAGES = 2000;

	private final WireMockServer vendor = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(true));

	private SiyuJvm siyu;

	@AfterEach
	void stop() {
		if (this.siyu != null) {
			this.siyu.close();
		}
		this.vendor.stop();
	}

	@Test
	void everyMessageReachesTheVendorExactlyOnceAcrossThreeKills() throws Exception {
		this.vendor.start();
		this.vendor.stubFor(post("/hooks/siyu").willReturn(aResponse().withStatus(200).withFixedDelay(2)));
		Map<String, Object> database = TestDatabase.newPostgresDatabase();
		List<String> arguments = new ArrayList<>(SiyuJvm.database(database));
		arguments.addAll(List.of("--siyu.demo-data.enabled=false", "--siyu.channels.webhook.mode=live",
				"--siyu.channels.webhook.url=" + this.vendor.baseUrl() + "/hooks/siyu",
				"--siyu.channels.webhook.secret=crash-test", "--siyu.messaging.poll-interval=200ms",
				"--siyu.messaging.claim-timeout=3s", "--camunda.bpm.job-execution.enabled=false",
				"--logging.level.root=warn", "--logging.level.dev.siyu.SiyuApplication=info"));
		this.siyu = new SiyuJvm(arguments);

		this.siyu.start();
		seed(database);
		for (int kill = 1; kill <= 3; kill++) {
			int reached = MESSAGES * kill / 4;
			await().atMost(Duration.ofMinutes(3)).until(() -> requests() >= reached);
			this.siyu.kill();
			this.siyu.start();
		}
		await().atMost(Duration.ofMinutes(3)).until(() -> notSent(database) == 0);

		Map<String, Integer> deliveries = deliveriesByKey();
		assertThat(deliveries).hasSize(MESSAGES);
		assertThat(deliveries.keySet()).allSatisfy((key) -> assertThat(key).startsWith("siyu-"));
		int repeats = deliveries.values().stream().mapToInt((n) -> n - 1).sum();
		System.out.printf("crash test: %d messages, %d requests, %d repeats deduplicated by the vendor%n", MESSAGES,
				requests(), repeats);
		assertThat(repeats).isLessThan(MESSAGES / 10);
	}

	/** The messages Siyu must send, as journeys would have left them in the outbox. */
	private static void seed(Map<String, Object> database) throws SQLException {
		Timestamp now = Timestamp.from(Instant.now());
		try (Connection connection = connect(database)) {
			connection.setAutoCommit(false);
			try (PreparedStatement customer = connection
				.prepareStatement("insert into customer (id, created_at, updated_at) values (?, ?, ?)");
					PreparedStatement message = connection.prepareStatement(
							"""
									insert into message (idempotency_key, customer_id, channel, template, category, variables,
									                     status, next_attempt_at, created_at)
									values (?, ?, 'WEBHOOK', 'test-note', 'TRANSACTIONAL', '{"giftTitle":"x"}', 'PENDING', ?, ?)""")) {
				for (int i = 0; i < MESSAGES; i++) {
					String id = "crash-" + i;
					customer.setString(1, id);
					customer.setTimestamp(2, now);
					customer.setTimestamp(3, now);
					customer.addBatch();
					message.setString(1, "crash:" + i);
					message.setString(2, id);
					message.setTimestamp(3, now);
					message.setTimestamp(4, now);
					message.addBatch();
				}
				customer.executeBatch();
				message.executeBatch();
			}
			connection.commit();
		}
	}

	private static long notSent(Map<String, Object> database) throws SQLException {
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("select count(*) from message where status <> 'SENT'")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	private static Connection connect(Map<String, Object> database) throws SQLException {
		return DriverManager.getConnection((String) database.get("spring.datasource.url"),
				(String) database.get("spring.datasource.username"),
				(String) database.get("spring.datasource.password"));
	}

	private int requests() {
		return this.vendor.getAllServeEvents().size();
	}

	private Map<String, Integer> deliveriesByKey() {
		Map<String, Integer> byKey = new HashMap<>();
		this.vendor.getAllServeEvents()
			.forEach((event) -> byKey.merge(event.getRequest().getHeader("Idempotency-Key"), 1, Integer::sum));
		return byKey;
	}

}
