package dev.siyu.audience;

import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.messaging.Dispatcher;
import dev.siyu.system.TestApi;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Launches of saved segments over real HTTP: who is started, who is skipped and why,
 * variants and holdout by their weights and stable, pausing, resuming, cancelling,
 * scheduling, and the mistakes a marketer can make.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LaunchApiTest {

	static final Instant NOW = Instant.parse("2026-06-15T04:00:00Z");

	@LocalServerPort
	int port;

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JdbcTemplate batch;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	AudienceLaunches launches;

	@Autowired
	LaunchSchedules schedules;

	RestClient api;

	String run;

	@BeforeEach
	void client() {
		this.api = TestApi.asDemo(this.port);
		this.run = "launch-" + UUID.randomUUID().toString().substring(0, 8);
		ClockUtil.setCurrentTime(Date.from(NOW));
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	/**
	 * The console looks at a running launch again and again; at 360,000 members counting
	 * the skipped ones by reading every member took 221 ms a look. The count reads the
	 * outcome index (on PostgreSQL with sequential scans ruled out, so that the plan
	 * shows which index serves it, not whether the table is small), for each launch of
	 * the console's list too, which counts them all in one statement.
	 */
	@Test
	void aLaunchsSkippedMembersAreCountedFromTheOutcomeIndex() {
		String plan = this.batch.execute((ConnectionCallback<String>) (connection) -> {
			boolean postgres = connection.getMetaData().getDatabaseProductName().contains("PostgreSQL");
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				if (postgres) {
					statement.execute("set local enable_seqscan = off");
				}
				StringBuilder text = new StringBuilder();
				try (ResultSet rows = statement.executeQuery("explain " + AudienceLaunches.skippedByReason(3)
					.replace(":id0", "1")
					.replace(":id1", "2")
					.replace(":id2", "3"))) {
					while (rows.next()) {
						text.append(rows.getString(1)).append('\n');
					}
				}
				return text.toString();
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(true);
			}
		});

		assertThat(plan.toLowerCase(Locale.ROOT).split("launch_member_outcome", -1))
			.as("a branch per launch, each on the index: " + plan)
			.hasSizeGreaterThanOrEqualTo(4);
	}

	@Test
	void aLaunchOfTenThousandWhereThirtyPercentAreEnrolledStartsExactlyTheRest() {
		String journey = waitingJourney();
		List<String> everyone = customers(10_000, (i) -> (i % 10 < 3) ? "early" : "late", null);
		segmentOfThisRun("all");
		segment("early",
				"{\"and\": [{\"segment\": \"%s\"}, {\"field\": {\"name\": \"city\", \"op\": \"eq\", \"value\": \"early\"}}]}"
					.formatted(key("all")));
		JsonNode early = finished(launch(Map.of("journey", journey, "segment", key("early"))));
		assertThat(early.get("started").asInt()).isEqualTo(3_000);

		JsonNode all = finished(launch(Map.of("journey", journey, "segment", key("all"))));

		assertThat(all.get("status").asText()).isEqualTo("DONE");
		assertThat(all.get("total").asInt()).isEqualTo(10_000);
		assertThat(all.get("started").asInt()).isEqualTo(7_000);
		assertThat(all.get("skipped").asInt()).isEqualTo(3_000);
		assertThat(all.get("skippedBy").get("already enrolled").asInt()).isEqualTo(3_000);
		assertThat(all.get("remaining").asInt()).isZero();
		assertThat(all.get("progress").asDouble()).isEqualTo(1.0);
		assertThat(all.get("segmentVersion").asInt()).isEqualTo(1);
		Map<String, Long> instances = instancesByCustomer(journey);
		assertThat(instances).hasSize(10_000).containsOnlyKeys(everyone);
		assertThat(instances.values()).containsOnly(1L);
		assertThat(members(all.get("id").asLong(), "SKIPPED")).hasSize(3_000)
			.allSatisfy((member) -> assertThat(member.get("reason").asText()).isEqualTo("already enrolled"));
	}

	@Test
	void variantsAndHoldoutFollowTheirWeightsAndEachCustomerKeepsHerVariant() {
		String journey = waitingJourney();
		customers(10_000, (i) -> null, null);
		segmentOfThisRun("all");
		List<Map<String, Object>> variants = List.of(Map.of("name", "A", "weight", 50),
				Map.of("name", "B", "weight", 30), Map.of("name", "C", "weight", 20));
		Map<String, Object> request = Map.of("journey", journey, "segment", key("all"), "experiment", key("618"),
				"variants", variants, "holdoutPercent", 10);

		JsonNode first = finished(launch(request));

		assertThat(first.get("started").asInt() + first.get("holdout").asInt()).isEqualTo(10_000);
		assertThat(first.get("holdout").asInt() / 10_000.0).isCloseTo(0.10, within(0.02));
		Map<String, String> variantOf = variantsOf(first.get("id").asLong());
		Map<String, Long> counts = variantOf.values()
			.stream()
			.collect(Collectors.groupingBy((variant) -> variant, Collectors.counting()));
		assertThat(counts.get("A") / 10_000.0).isCloseTo(0.50, within(0.02));
		assertThat(counts.get("B") / 10_000.0).isCloseTo(0.30, within(0.02));
		assertThat(counts.get("C") / 10_000.0).isCloseTo(0.20, within(0.02));
		// the journey carries the variant the launch drew, and the holdout flag
		this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(journey)
			.listPage(0, 50)
			.forEach((instance) -> assertThat(this.engine.getRuntimeService().getVariable(instance.getId(), "variant"))
				.isEqualTo(variantOf.get(instance.getBusinessKey())));
		long heldOut = this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(journey)
			.variableValueEquals("holdout", true)
			.count();
		assertThat(heldOut).isEqualTo(first.get("holdout").asLong());

		// the same experiment again: everyone already enrolled, each drawn into the same
		// variant
		JsonNode again = finished(launch(request));

		assertThat(again.get("skipped").asInt()).isEqualTo(10_000);
		assertThat(variantsOf(again.get("id").asLong())).isEqualTo(variantOf);
	}

	@Test
	void heldOutCustomersAreEnrolledAndSentNothingAndVariantBGetsItsOwnCopy() {
		String journey = this.run + "-send";
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance(journey + ".bpmn",
					Bpmn.createExecutableProcess(journey)
						.camundaHistoryTimeToLive(1)
						.startEvent("StartEvent_Launched")
						.serviceTask("Task_SendInvite")
						.camundaDelegateExpression("${sendMessage}")
						.camundaInputParameter("channel", "sms")
						.camundaInputParameter("template", "sms-follow-invite")
						.camundaInputParameter("adPlanId", "plan-618")
						.camundaAsyncAfter()
						.userTask("Task_Wait")
						.endEvent()
						.done())
			.deploy();
		List<String> customers = customers(60, (i) -> null, "1390000%04d");
		segmentOfThisRun("all");

		JsonNode launch = finished(launch(Map.of("journey", journey, "segment", key("all"), "holdoutPercent", 50,
				"variants", List.of(Map.of("name", "A", "weight", 1), Map.of("name", "B", "weight", 1)))));
		this.dispatcher.dispatchDue();
		runJobs(journey);

		List<String> heldOut = members(launch.get("id").asLong(), "HOLDOUT").stream()
			.map((member) -> member.get("customerId").asText())
			.toList();
		assertThat(heldOut).hasSize(launch.get("holdout").asInt()).isNotEmpty();
		assertThat(launch.get("started").asInt()).isPositive();
		Map<String, String> outcome = new HashMap<>();
		this.jdbc.sql("select customer_id, status, outcome_reason from message where customer_id in (:ids)")
			.param("ids", customers)
			.query((rs) -> {
				outcome.put(rs.getString("customer_id"),
						rs.getString("status") + ": " + rs.getString("outcome_reason"));
			});
		assertThat(outcome).hasSize(60);
		Map<String, String> variantOf = variantsOf(launch.get("id").asLong());
		Map<String, String> templateOf = new HashMap<>();
		this.jdbc.sql("select customer_id, template from message where customer_id in (:ids)")
			.param("ids", customers)
			.query((rs) -> {
				templateOf.put(rs.getString(1), rs.getString(2));
			});
		customers.forEach((customer) -> assertThat(templateOf.get(customer))
			.isEqualTo("B".equals(variantOf.get(customer)) ? "sms-follow-invite-b" : "sms-follow-invite"));
		assertThat(variantOf.values()).contains("A", "B");
		customers.forEach((customer) -> assertThat(outcome.get(customer)).isEqualTo(heldOut.contains(customer)
				? "SUPPRESSED: holdout: held out of the launch to measure its lift" : "SENT: null"));
		// held out or not, every journey went on past its send step
		assertThat(this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(journey)
			.activityIdIn("Task_Wait")
			.count()).isEqualTo(60);
	}

	@Test
	void customersWhoRefusedMarketingAreSkippedWithTheReason() {
		String journey = waitingJourney();
		List<String> customers = threeTheSecondRefusingMarketing();
		JsonNode launch = finished(launch(Map.of("journey", journey, "segment", key("all"))));

		assertThat(launch.get("started").asInt()).isEqualTo(2);
		assertThat(launch.get("skippedBy").get("no marketing consent").asInt()).isEqualTo(1);
		assertThat(instancesByCustomer(journey)).doesNotContainKey(customers.get(1));
	}

	@Test
	void theLaunchListGivesTheLatestFirstEachWithItsOwnSkippedReasons() {
		String journey = waitingJourney();
		threeTheSecondRefusingMarketing();
		long first = finished(launch(Map.of("journey", journey, "segment", key("all")))).get("id").asLong();
		long second = finished(launch(Map.of("journey", journey, "segment", key("all")))).get("id").asLong();

		JsonNode list = this.api.get().uri("/api/launches?limit=500").retrieve().body(JsonNode.class);

		List<Long> ids = new ArrayList<>();
		list.forEach((launch) -> ids.add(launch.get("id").asLong()));
		assertThat(ids).contains(first, second).isSortedAccordingTo(Comparator.reverseOrder());
		JsonNode latest = list.get(ids.indexOf(second));
		assertThat(latest.get("started").asInt()).isZero();
		assertThat(latest.get("skippedBy").get("already enrolled").asInt()).isEqualTo(2);
		assertThat(latest.get("skippedBy").get("no marketing consent").asInt()).isEqualTo(1);
		JsonNode earlier = list.get(ids.indexOf(first));
		assertThat(earlier.get("started").asInt()).isEqualTo(2);
		assertThat(earlier.get("skippedBy").size()).isEqualTo(1);
		assertThat(earlier.get("skippedBy").get("no marketing consent").asInt()).isEqualTo(1);
		ResponseEntity<JsonNode> tooMany = this.api.get()
			.uri("/api/launches?limit=501")
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(tooMany.getStatusCode().value()).isEqualTo(400);
		assertThat(tooMany.getBody().get("detail").asText()).contains("'limit' must be between 1 and 500");
	}

	@Test
	void aPausedLaunchStopsBetweenPagesAndGoesOnWithTheRestWhenResumed() {
		String journey = waitingJourney();
		customers(300, (i) -> null, null);
		segmentOfThisRun("all");
		// 1,200 a minute: pages of 200, ten seconds apart
		long id = launch(Map.of("journey", journey, "segment", key("all"), "ratePerMinute", 1200)).get("id").asLong();
		JsonNode running = await().atMost(Duration.ofSeconds(30))
			.until(() -> get(id), (launch) -> launch.get("started").asInt() == 200);
		assertThat(running.get("status").asText()).isEqualTo("RUNNING");
		assertThat(running.get("eta")).isNotNull();
		assertThat(running.get("progress").asDouble()).isCloseTo(2 / 3.0, within(0.001));

		JsonNode paused = post("/api/launches/" + id + "/pause").getBody();

		assertThat(paused.get("status").asText()).isEqualTo("PAUSED");
		assertThat(paused.get("remaining").asInt()).isEqualTo(100);
		assertThat(paused.has("eta")).isFalse();
		assertThat(post("/api/launches/" + id + "/pause").getStatusCode().value()).isEqualTo(409);

		assertThat(post("/api/launches/" + id + "/resume").getStatusCode().value()).isEqualTo(200);
		JsonNode done = finished(id);
		assertThat(done.get("started").asInt()).isEqualTo(300);
		assertThat(instancesByCustomer(journey).values()).hasSize(300).containsOnly(1L);
	}

	@Test
	void aCancelledLaunchTakesNobodyMoreAndCannotBeResumed() {
		String journey = waitingJourney();
		customers(300, (i) -> null, null);
		segmentOfThisRun("all");
		long id = launch(Map.of("journey", journey, "segment", key("all"), "ratePerMinute", 1200)).get("id").asLong();
		await().atMost(Duration.ofSeconds(30)).until(() -> get(id).get("started").asInt() == 200);

		JsonNode cancelled = post("/api/launches/" + id + "/cancel").getBody();

		assertThat(cancelled.get("status").asText()).isEqualTo("CANCELLED");
		assertThat(cancelled.get("remaining").asInt()).isEqualTo(100);
		ResponseEntity<JsonNode> resumed = post("/api/launches/" + id + "/resume");
		assertThat(resumed.getStatusCode().value()).isEqualTo(409);
		assertThat(resumed.getBody().get("detail").asText()).contains("CANCELLED");
		assertThat(members(id, "WAITING")).hasSize(100);
	}

	@Test
	void aLaunchForLaterWaitsForItsTimeAndFreezesItsAudienceThen() {
		String journey = waitingJourney();
		List<String> customers = customers(5, (i) -> null, null);
		segmentOfThisRun("all");
		long id = launch(Map.of("journey", journey, "segment", key("all"), "startAt", "2026-06-15T20:00:00+08:00"))
			.get("id")
			.asLong();
		assertThat(get(id).get("status").asText()).isEqualTo("SCHEDULED");
		// who the launch takes is decided when it begins: one left the segment, one
		// joined
		this.batch.update("update customer set source = 'elsewhere' where id = ?", customers.get(0));
		List<String> expected = new ArrayList<>(customers.subList(1, 5));
		expected.add(customer(this.run + "-joined-later"));

		ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofHours(8))));
		this.launches.beginDue();

		JsonNode done = finished(id);
		assertThat(done.get("total").asInt()).isEqualTo(5);
		assertThat(instancesByCustomer(journey)).containsOnlyKeys(expected);
	}

	@Test
	void aRecurringLaunchFiresAtItsTimeInTheBrandsTimeZoneOncePerTime() {
		String journey = waitingJourney();
		customers(3, (i) -> null, null);
		segmentOfThisRun("all");
		// 09:00 in Shanghai
		ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-06-15T01:00:00Z")));

		ResponseEntity<JsonNode> created = TestApi.postJson(this.api, "/api/launch-schedules", Map.of("name",
				"daily at ten", "cron", "0 10 * * *", "launch", Map.of("journey", journey, "segment", key("all"))));

		assertThat(created.getStatusCode().value()).as(String.valueOf(created.getBody())).isEqualTo(201);
		long id = created.getBody().get("id").asLong();
		assertThat(created.getBody().get("timeZone").asText()).isEqualTo("Asia/Shanghai");
		assertThat(OffsetDateTime.parse(created.getBody().get("nextRunAt").asText()).toInstant())
			.isEqualTo(Instant.parse("2026-06-15T02:00:00Z"));

		this.schedules.fireDue();
		assertThat(schedule(id).has("lastLaunchId")).isFalse();

		ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-06-15T02:00:30Z")));
		this.schedules.fireDue();
		this.schedules.fireDue();

		JsonNode fired = schedule(id);
		JsonNode launch = finished(fired.get("lastLaunchId").asLong());
		assertThat(launch.get("scheduleId").asLong()).isEqualTo(id);
		assertThat(launch.get("started").asInt()).isEqualTo(3);
		assertThat(OffsetDateTime.parse(fired.get("nextRunAt").asText()).toInstant())
			.isEqualTo(Instant.parse("2026-06-16T02:00:00Z"));
		assertThat(this.jdbc.sql("select count(*) from launch where schedule_id = :id")
			.param("id", id)
			.query(Long.class)
			.single()).isEqualTo(1);

		assertThat(post("/api/launch-schedules/" + id + "/disable").getBody().get("enabled").asBoolean()).isFalse();
		ClockUtil.setCurrentTime(Date.from(Instant.parse("2026-06-17T02:00:30Z")));
		this.schedules.fireDue();
		assertThat(schedule(id).get("lastLaunchId").asLong()).isEqualTo(fired.get("lastLaunchId").asLong());
	}

	@Test
	void aScheduleWithABadCronZoneOrLaunchIsRefused() {
		String journey = waitingJourney();
		segment("all", "{\"tag\": \"vip\"}");
		Map<String, Object> launch = Map.of("journey", journey, "segment", key("all"));
		assertScheduleRefused(Map.of("name", "x", "cron", "every day", "launch", launch), "'cron' every day");
		assertScheduleRefused(Map.of("name", "x", "cron", "0 10 * * *", "timeZone", "Mars/Olympus", "launch", launch),
				"'timeZone' Mars/Olympus");
		assertScheduleRefused(Map.of("name", "x", "cron", "0 10 * * *", "launch",
				Map.of("journey", journey, "segment", "no-such-segment")), "no segment 'no-such-segment'");
	}

	private void assertScheduleRefused(Map<String, Object> request, String message) {
		ResponseEntity<JsonNode> refused = TestApi.postJson(this.api, "/api/launch-schedules", request);
		assertThat(refused.getStatusCode().value()).as(request.toString()).isEqualTo(400);
		assertThat(refused.getBody().get("detail").asText()).contains(message);
	}

	private JsonNode schedule(long id) {
		return this.api.get().uri("/api/launch-schedules/{id}", id).retrieve().body(JsonNode.class);
	}

	@Test
	void mistakesAreRefusedNamingThem() {
		String journey = waitingJourney();
		segment("all", "{\"tag\": \"vip\"}");
		assertRefused(Map.of("journey", journey, "segment", "no-such-segment"), "no segment 'no-such-segment'");
		assertRefused(Map.of("journey", "no-such-journey", "segment", key("all")), "No journey 'no-such-journey'");
		assertRefused(Map.of("journey", journey, "segment", key("all"), "variants",
				List.of(Map.of("name", "A", "weight", 1))), "at least two variants");
		assertRefused(Map.of("journey", journey, "segment", key("all"), "variants",
				List.of(Map.of("name", "A", "weight", 1), Map.of("name", "A", "weight", 2))), "'A' is not");
		assertRefused(Map.of("journey", journey, "segment", key("all"), "holdoutPercent", 100), "'holdoutPercent'");
		assertRefused(Map.of("journey", journey, "segment", key("all"), "ratePerMinute", 0), "'ratePerMinute'");
		assertRefused(Map.of("journey", journey, "segment", key("all"), "audience", Map.of("tag", "vip")), "not both");
		assertRefused(Map.of("journey", journey, "audience", Map.of("field", Map.of("name", "cty", "op", "isSet"))),
				"unknown field 'cty'");
		assertThat(this.api.get().uri("/api/launches/987654321").retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(404);
	}

	private void assertRefused(Map<String, Object> request, String message) {
		ResponseEntity<JsonNode> refused = TestApi.postJson(this.api, "/api/launches", request);
		assertThat(refused.getStatusCode().value()).as(request.toString()).isEqualTo(400);
		assertThat(refused.getBody().get("detail").asText()).contains(message);
	}

	private String waitingJourney() {
		String journey = this.run + "-wait";
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance(journey + ".bpmn",
					Bpmn.createExecutableProcess(journey)
						.camundaHistoryTimeToLive(1)
						.startEvent("StartEvent_Launched")
						.userTask("Task_Wait")
						.endEvent()
						.done())
			.deploy();
		return journey;
	}

	/** Customers of this run, with a city from {@code city} and a phone by pattern. */
	private List<String> customers(int count, java.util.function.IntFunction<String> city, String phone) {
		List<String> ids = new ArrayList<>();
		List<Object[]> rows = new ArrayList<>();
		OffsetDateTime now = NOW.atOffset(ZoneOffset.UTC);
		for (int i = 0; i < count; i++) {
			String id = this.run + "-" + i;
			ids.add(id);
			rows.add(new Object[] { id, this.run, city.apply(i), (phone != null) ? phone.formatted(i) : null, now,
					now });
		}
		this.batch.batchUpdate(
				"insert into customer (id, source, city, phone, created_at, updated_at) values (?, ?, ?, ?, ?, ?)",
				rows);
		return ids;
	}

	private String customer(String id) {
		OffsetDateTime now = NOW.atOffset(ZoneOffset.UTC);
		this.batch.update("insert into customer (id, source, created_at, updated_at) values (?, ?, ?, ?)", id, this.run,
				now, now);
		return id;
	}

	/** Three customers in the segment "all", the second of whom refused marketing. */
	private List<String> threeTheSecondRefusingMarketing() {
		List<String> customers = customers(3, (i) -> null, null);
		this.jdbc.sql("update customer set marketing_consent = false where id = :id")
			.param("id", customers.get(1))
			.update();
		segmentOfThisRun("all");
		return customers;
	}

	/** A segment of everyone this test made: the customers whose source is the run. */
	private void segmentOfThisRun(String name) {
		segment(name, "{\"field\": {\"name\": \"source\", \"op\": \"eq\", \"value\": \"%s\"}}".formatted(this.run));
	}

	private void segment(String name, String definition) {
		ResponseEntity<JsonNode> saved = this.api.post()
			.uri("/api/segments")
			.contentType(org.springframework.http.MediaType.APPLICATION_JSON)
			.body("{\"key\": \"%s\", \"definition\": %s}".formatted(key(name), definition))
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(saved.getStatusCode().value()).as(String.valueOf(saved.getBody())).isEqualTo(201);
	}

	private JsonNode launch(Map<String, Object> request) {
		ResponseEntity<JsonNode> accepted = TestApi.postJson(this.api, "/api/launches", request);
		assertThat(accepted.getStatusCode().value()).as(String.valueOf(accepted.getBody())).isEqualTo(202);
		assertThat(accepted.getHeaders().getLocation()).hasToString("/api/launches/" + accepted.getBody().get("id"));
		return accepted.getBody();
	}

	private JsonNode finished(JsonNode launch) {
		return finished(launch.get("id").asLong());
	}

	private JsonNode finished(long id) {
		return await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> get(id), (launch) -> List.of("DONE", "FAILED").contains(launch.get("status").asText()));
	}

	private JsonNode get(long id) {
		return this.api.get().uri("/api/launches/{id}", id).retrieve().body(JsonNode.class);
	}

	private ResponseEntity<JsonNode> post(String path) {
		return this.api.post().uri(path).retrieve().toEntity(JsonNode.class);
	}

	private List<JsonNode> members(long id, String outcome) {
		List<JsonNode> members = new ArrayList<>();
		String after = "";
		while (true) {
			JsonNode page = this.api.get()
				.uri("/api/launches/{id}/members?outcome={outcome}&after={after}&limit=1000", id, outcome, after)
				.retrieve()
				.body(JsonNode.class);
			page.forEach(members::add);
			if (page.size() < 1000) {
				return members;
			}
			after = page.get(page.size() - 1).get("customerId").asText();
		}
	}

	private Map<String, String> variantsOf(long id) {
		Map<String, String> variants = new HashMap<>();
		this.jdbc.sql("select customer_id, variant from launch_member where launch_id = :id")
			.param("id", id)
			.query((rs) -> {
				variants.put(rs.getString("customer_id"), rs.getString("variant"));
			});
		return variants;
	}

	private Map<String, Long> instancesByCustomer(String journey) {
		Map<String, Long> instances = new HashMap<>();
		this.jdbc.sql("""
				select i.business_key_, count(*) as n from act_hi_procinst i
				where i.proc_def_key_ = :journey group by i.business_key_""").param("journey", journey).query((rs) -> {
			instances.put(rs.getString(1), rs.getLong(2));
		});
		return instances;
	}

	private void runJobs(String journey) {
		for (int round = 0; round < 10; round++) {
			List<Job> jobs = this.engine.getManagementService()
				.createJobQuery()
				.processDefinitionKey(journey)
				.executable()
				.list();
			if (jobs.isEmpty()) {
				return;
			}
			jobs.forEach((job) -> this.engine.getManagementService().executeJob(job.getId()));
		}
	}

	private String key(String name) {
		return this.run + "-" + name;
	}

}
