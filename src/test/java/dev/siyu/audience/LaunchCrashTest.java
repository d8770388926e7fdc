package dev.siyu.audience;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.CrashDatabase;
import dev.siyu.system.SiyuJvm;
import dev.siyu.system.TestApi;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two launches of one segment of 4,000 customers, recorded back to back, while Siyu is
 * killed with SIGKILL twice mid-launch and started again on the same database: every
 * customer ends with exactly one journey, and the two launches' counts add up to the
 * audience. On the embedded H2 file Siyu runs on by default, and on PostgreSQL in the
 * failsafe run.
 */
class LaunchCrashTest {

	private static final int CUSTOMERS = 4_000;

	private static final String JOURNEY = "crash-launch-journey";

	private SiyuJvm siyu;

	@AfterEach
	void stop() {
		if (this.siyu != null) {
			this.siyu.close();
		}
	}

	@Test
	void killedTwiceMidLaunchEveryCustomerEndsWithExactlyOneJourney() throws Exception {
		CrashDatabase database = CrashDatabase.create();
		List<String> arguments = new ArrayList<>(database.arguments());
		arguments.addAll(List.of("--siyu.demo-data.enabled=false", "--siyu.audiences.abandoned-after=10s",
				"--siyu.audiences.resume-check=2s", "--logging.level.root=warn",
				"--logging.level.dev.siyu.SiyuApplication=info", "--logging.level.dev.siyu.audience=info"));
		this.siyu = new SiyuJvm(arguments);
		// the first start creates the schema; the audience is written beside a stopped
		// Siyu
		// (an H2 file has one process at a time)
		this.siyu.start();
		this.siyu.stop();
		insertCustomers(database);
		this.siyu.start();
		RestClient api = TestApi.asDemo(this.siyu.port());
		deployWaitingJourney(api);
		assertThat(TestApi
			.postJson(api, "/api/segments",
					Map.of("key", "crash-audience", "definition",
							Map.of("field", Map.of("name", "source", "op", "eq", "value", "crash"))))
			.getStatusCode()
			.value()).isEqualTo(201);

		long first = launch(api);
		long second = launch(api);
		for (int reached : List.of(1_000, 2_500)) {
			RestClient client = api;
			await().atMost(Duration.ofMinutes(3))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> taken(client, first) + taken(client, second) >= reached);
			this.siyu.kill();
			this.siyu.start();
			api = TestApi.asDemo(this.siyu.port());
		}
		RestClient client = api;
		await().atMost(Duration.ofMinutes(4))
			.pollInterval(Duration.ofSeconds(1))
			.until(() -> done(client, first) && done(client, second));
		JsonNode a = get(api, first);
		JsonNode b = get(api, second);
		this.siyu.stop();

		assertThat(a.get("total").asInt()).isEqualTo(CUSTOMERS);
		assertThat(b.get("total").asInt()).isEqualTo(CUSTOMERS);
		assertThat(a.get("started").asInt() + b.get("started").asInt()).isEqualTo(CUSTOMERS);
		assertThat(a.get("failed").asInt() + b.get("failed").asInt()).isZero();
		try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
			Map<Long, Long> customersByJourneys = new HashMap<>();
			try (ResultSet rs = statement.executeQuery("""
					select n, count(*) from (select business_key_, count(*) as n from act_hi_procinst
					where proc_def_key_ = '%s' group by business_key_) x group by n""".formatted(JOURNEY))) {
				while (rs.next()) {
					customersByJourneys.put(rs.getLong(1), rs.getLong(2));
				}
			}
			assertThat(customersByJourneys).as("customers by how many journeys they have")
				.isEqualTo(Map.of(1L, (long) CUSTOMERS));
			try (ResultSet rs = statement
				.executeQuery("select count(*) from launch_member where outcome is null or outcome = 'FAILED'")) {
				rs.next();
				assertThat(rs.getLong(1)).as("members not taken").isZero();
			}
		}
		assertThat(this.siyu.log()).content().contains("abandoned by its node");
	}

	private static void insertCustomers(CrashDatabase database) throws Exception {
		try (Connection connection = database.connect();
				PreparedStatement insert = connection.prepareStatement(
						"insert into customer (id, source, created_at, updated_at) values (?, 'crash', ?, ?)")) {
			OffsetDateTime now = OffsetDateTime.now();
			for (int i = 0; i < CUSTOMERS; i++) {
				insert.setString(1, "crash-launch-" + i);
				insert.setObject(2, now);
				insert.setObject(3, now);
				insert.addBatch();
			}
			insert.executeBatch();
		}
	}

	private static void deployWaitingJourney(RestClient api) {
		String bpmn = Bpmn.convertToString(Bpmn.createExecutableProcess(JOURNEY)
			.camundaHistoryTimeToLive(1)
			.startEvent("StartEvent_Launched")
			.userTask("Task_Wait")
			.endEvent()
			.done());
		assertThat(TestApi.deploy(api, JOURNEY, bpmn)).isEqualTo(200);
	}

	private static long launch(RestClient api) {
		JsonNode launch = TestApi
			.postJson(api, "/api/launches", Map.of("journey", JOURNEY, "segment", "crash-audience"))
			.getBody();
		return launch.get("id").asLong();
	}

	private static int taken(RestClient api, long id) {
		JsonNode launch = get(api, id);
		return launch.get("started").asInt() + launch.get("skipped").asInt();
	}

	private static boolean done(RestClient api, long id) {
		return "DONE".equals(get(api, id).get("status").asText());
	}

	private static JsonNode get(RestClient api, long id) {
		return api.get().uri("/api/launches/{id}", id).retrieve().body(JsonNode.class);
	}

}
