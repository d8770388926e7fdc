package dev.siyu.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two Siyu nodes on one PostgreSQL, as in production: 10,000 customers launched into a
 * journey (half through each node, paced) that sends a welcome through a live channel,
 * waits on a timer and sends a reminder. Node 2 is killed with SIGKILL in the middle,
 * while it launches, fires timers and delivers. The survivor takes over its launch (after
 * the heartbeat runs out), its locked timer jobs (after the job lock runs out) and its
 * claimed messages (after the claim runs out), and finishes: every customer has exactly
 * one journey, every timer fired, every message was delivered, the vendor's log holds
 * each of the 20,000 messages under its idempotency key (a re-send of a message in flight
 * at the kill carries the same key, which the vendor deduplicates by). Node 2 restarted,
 * a layering run asked of both nodes at once runs once, and the daily launchers are one
 * timer job each, however many nodes deployed them.
 *
 * Runs for several minutes, longer than {@code mvn verify} can afford on two cores: run
 * it with
 * {@code mvn test-compile surefire:test -Dtest=ClusterKillTest -Dsiyu.cluster=true}
 * (README, "Production").
 */
@EnabledIfSystemProperty(named = "siyu.cluster", matches = "true")
class ClusterKillTest {

	static final int CUSTOMERS = Integer.getInteger("siyu.cluster.customers", 10_000);

	static final String JOURNEY = "cluster-drill";

	private final WireMockServer vendor = new WireMockServer(
			options().dynamicPort().containerThreads(40).asynchronousResponseEnabled(true));

	private final List<SiyuJvm> nodes = new ArrayList<>();

	@AfterEach
	void stop() {
		this.nodes.forEach(SiyuJvm::close);
		this.vendor.stop();
	}

	@Test
	void theSurvivorFinishesADeadNodesWorkAndNothingIsLostOrDoubled() throws Exception {
		this.vendor.start();
		this.vendor.stubFor(post("/hooks/siyu").willReturn(aResponse().withStatus(200).withFixedDelay(5)));
		Map<String, Object> database = TestDatabase.newPostgresDatabase();
		List<String> arguments = new ArrayList<>(SiyuJvm.database(database));
		arguments.addAll(List.of("--siyu.demo-data.enabled=false", "--siyu.channels.webhook.mode=live",
				"--siyu.channels.webhook.url=" + this.vendor.baseUrl() + "/hooks/siyu",
				"--siyu.channels.webhook.secret=cluster-test", "--siyu.guardrails.quiet-hours.enabled=false",
				"--siyu.messaging.poll-interval=500ms", "--siyu.messaging.claim-timeout=15s",
				"--siyu.audiences.abandoned-after=20s", "--siyu.audiences.resume-check=5s",
				"--spring.datasource.hikari.maximum-pool-size=15", "--logging.level.root=warn",
				"--logging.level.dev.siyu.SiyuApplication=info", "--logging.level.dev.siyu.audience=info"));
		SiyuJvm one = node(arguments);
		one.start();
		insertCustomers(database);
		SiyuJvm two = node(arguments);
		two.start();
		RestClient api1 = TestApi.asDemo(one.port());
		RestClient api2 = TestApi.asDemo(two.port());
		int deploymentsBefore = count(database, "select count(*) from act_re_deployment");
		deployDrill(api1);
		for (String half : List.of("a", "b")) {
			assertThat(
					TestApi
						.postJson(api1, "/api/segments",
								Map.of("key", "cluster-" + half, "definition",
										Map.of("field",
												Map.of("name", "source", "op", "eq", "value", "cluster-" + half))))
						.getStatusCode()
						.value())
				.isEqualTo(201);
		}
		// each node launches half, a hundred customers a second, so node 2 is mid-launch
		// when it dies
		long launchOne = launch(api1, "cluster-a");
		long launchTwo = launch(api2, "cluster-b");
		await().atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> taken(api1, launchTwo) >= CUSTOMERS / 4 && this.vendor.getAllServeEvents().size() >= 2_000);
		int beforeKill = this.vendor.getAllServeEvents().size();
		two.kill();
		long killedAt = System.nanoTime();

		await().atMost(Duration.ofMinutes(15))
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> done(api1, launchOne) && done(api1, launchTwo) && running(database) == 0
					&& count(database, "select count(*) from message where status <> 'SENT'") == 0);
		double recoverySeconds = (System.nanoTime() - killedAt) / 1e9;

		// every customer: one journey, ended, both messages sent
		Map<Long, Long> customersByJourneys = new HashMap<>();
		query(database, """
				select n, count(*) from (select business_key_, count(*) as n from act_hi_procinst
				where proc_def_key_ = '%s' and end_time_ is not null group by business_key_) x group by n"""
			.formatted(JOURNEY), (rs) -> customersByJourneys.put(rs.getLong(1), rs.getLong(2)));
		assertThat(customersByJourneys).as("customers by how many finished journeys they have")
			.isEqualTo(Map.of(1L, (long) CUSTOMERS));
		assertThat(count(database, "select count(*) from act_hi_procinst where proc_def_key_ = '" + JOURNEY + "'"))
			.isEqualTo(CUSTOMERS);
		assertThat(count(database,
				"select count(*) from act_hi_actinst where proc_def_key_ = '" + JOURNEY
						+ "' and act_id_ = 'Timer_Wait' and end_time_ is not null"))
			.as("timers fired")
			.isEqualTo(CUSTOMERS);
		Map<String, Long> sentByStep = new LinkedHashMap<>();
		query(database, "select activity_id, count(*) from message where status = 'SENT' group by activity_id",
				(rs) -> sentByStep.put(rs.getString(1), rs.getLong(2)));
		assertThat(sentByStep).isEqualTo(Map.of("Task_Welcome", (long) CUSTOMERS, "Task_Reminder", (long) CUSTOMERS));

		// the vendor took each message under its key; re-sends are the messages in
		// flight on node 2 when it died
		Map<String, Integer> deliveries = new HashMap<>();
		this.vendor.getAllServeEvents()
			.forEach((event) -> deliveries.merge(event.getRequest().getHeader("Idempotency-Key"), 1, Integer::sum));
		assertThat(deliveries).hasSize(2 * CUSTOMERS);
		int repeats = deliveries.values().stream().mapToInt((n) -> n - 1).sum();
		assertThat(repeats).isLessThan(100);

		// node 2 again: the deployment is not repeated, a layering run asked of both
		// nodes
		// at once runs once, each daily launcher is one timer job
		two.start();
		RestClient again2 = TestApi.asDemo(two.port());
		assertThat(count(database, "select count(*) from act_re_deployment")).isEqualTo(deploymentsBefore + 1);
		ResponseEntity<JsonNode> first = TestApi.postJson(api1, "/api/layers/runs", Map.of());
		assertThat(first.getStatusCode().value()).isEqualTo(202);
		OffsetDateTime secondAsked = OffsetDateTime.now();
		int second = TestApi.postJson(again2, "/api/layers/runs", Map.of()).getStatusCode().value();
		long firstRun = first.getBody().get("id").asLong();
		await().atMost(Duration.ofMinutes(2))
			.until(() -> count(database, "select count(*) from layering_run where id = " + firstRun
					+ " and status in ('DONE', 'FAILED')") == 1);
		OffsetDateTime firstFinished = finishedAt(database, firstRun);
		// refused while the first runs; taken only if the first had finished
		assertThat(second == 409 || (second == 202 && firstFinished.isBefore(secondAsked)))
			.as("second layering %d, asked at %s, first finished at %s", second, secondAsked, firstFinished)
			.isTrue();
		String layering = "first 202, second " + second;
		Map<String, Long> timerJobsByLauncher = new LinkedHashMap<>();
		query(database, """
				select d.key_, count(*) from act_ru_job j join act_re_procdef d on d.id_ = j.process_def_id_
				where j.handler_type_ = 'timer-start-event' group by d.key_ order by d.key_""",
				(rs) -> timerJobsByLauncher.put(rs.getString(1), rs.getLong(2)));
		assertThat(timerJobsByLauncher).isNotEmpty().allSatisfy((key, jobs) -> assertThat(jobs).as(key).isEqualTo(1));

		System.out.printf(
				"cluster test: %d customers, 2 nodes, node 2 killed after %d vendor requests; survivor finished in "
						+ "%.0f s; %d vendor requests for %d messages (%d re-sends deduplicated by key); layering: %s; "
						+ "timer jobs per daily launcher %s%n",
				CUSTOMERS, beforeKill, recoverySeconds, this.vendor.getAllServeEvents().size(), 2 * CUSTOMERS, repeats,
				layering, timerJobsByLauncher);
		assertThat(one.log()).content().contains("abandoned by its node");
	}

	private SiyuJvm node(List<String> arguments) {
		SiyuJvm node = new SiyuJvm(arguments);
		this.nodes.add(node);
		return node;
	}

	private static void insertCustomers(Map<String, Object> database) throws SQLException {
		try (Connection connection = connect(database);
				PreparedStatement insert = connection.prepareStatement(
						"insert into customer (id, source, created_at, updated_at) values (?, ?, ?, ?)")) {
			OffsetDateTime now = OffsetDateTime.now();
			for (int i = 0; i < CUSTOMERS; i++) {
				insert.setString(1, "cluster-" + i);
				insert.setString(2, (i % 2 == 0) ? "cluster-a" : "cluster-b");
				insert.setObject(3, now);
				insert.setObject(4, now);
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

	/** Welcome, twenty seconds, reminder: both through the live webhook channel. */
	private static void deployDrill(RestClient api) {
		String bpmn = Bpmn.convertToString(Bpmn.createExecutableProcess(JOURNEY)
			.name("Cluster drill")
			.camundaHistoryTimeToLive(1)
			.startEvent("StartEvent_Launched")
			.name("Launched")
			.camundaExecutionListenerExpression("start", "${execution.setVariable('giftTitle', '会员礼')}")
			.sendTask("Task_Welcome")
			.name("Welcome")
			.camundaDelegateExpression("${sendMessage}")
			.camundaInputParameter("channel", "WEBHOOK")
			.camundaInputParameter("template", "test-note")
			.camundaInputParameter("category", "TRANSACTIONAL")
			.intermediateCatchEvent("Timer_Wait")
			.name("20 seconds")
			.timerWithDuration("PT20S")
			.sendTask("Task_Reminder")
			.name("Reminder")
			.camundaDelegateExpression("${sendMessage}")
			.camundaInputParameter("channel", "WEBHOOK")
			.camundaInputParameter("template", "test-note")
			.camundaInputParameter("category", "TRANSACTIONAL")
			.endEvent("EndEvent_Done")
			.name("Done")
			.done());
		assertThat(TestApi.deploy(api, JOURNEY, bpmn)).isEqualTo(200);
	}

	private static long launch(RestClient api, String segment) {
		ResponseEntity<JsonNode> launch = TestApi.postJson(api, "/api/launches",
				Map.of("journey", JOURNEY, "segment", segment, "ratePerMinute", 3_000));
		assertThat(launch.getStatusCode().value()).as(String.valueOf(launch.getBody())).isEqualTo(202);
		return launch.getBody().get("id").asLong();
	}

	private static int taken(RestClient api, long id) {
		JsonNode launch = api.get().uri("/api/launches/{id}", id).retrieve().body(JsonNode.class);
		return launch.get("started").asInt() + launch.get("skipped").asInt();
	}

	private static boolean done(RestClient api, long id) {
		return "DONE"
			.equals(api.get().uri("/api/launches/{id}", id).retrieve().body(JsonNode.class).get("status").asText());
	}

	private static OffsetDateTime finishedAt(Map<String, Object> database, long run) throws SQLException {
		try (Connection connection = connect(database);
				PreparedStatement statement = connection
					.prepareStatement("select finished_at from layering_run where id = ?")) {
			statement.setLong(1, run);
			try (ResultSet rs = statement.executeQuery()) {
				rs.next();
				return rs.getObject(1, OffsetDateTime.class);
			}
		}
	}

	private static int running(Map<String, Object> database) throws SQLException {
		return count(database, "select count(*) from act_ru_execution e join act_re_procdef d on d.id_ = e.proc_def_id_"
				+ " where d.key_ = '" + JOURNEY + "'");
	}

	interface Row {

		void read(ResultSet rs) throws SQLException;

	}

	private static void query(Map<String, Object> database, String sql, Row row) throws SQLException {
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			while (rs.next()) {
				row.read(rs);
			}
		}
	}

	private static int count(Map<String, Object> database, String sql) throws SQLException {
		try (Connection connection = connect(database);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getInt(1);
		}
	}

	private static Connection connect(Map<String, Object> database) throws SQLException {
		return DriverManager.getConnection((String) database.get("spring.datasource.url"),
				(String) database.get("spring.datasource.username"),
				(String) database.get("spring.datasource.password"));
	}

}
