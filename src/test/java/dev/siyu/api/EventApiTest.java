package dev.siyu.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import dev.siyu.system.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /api/events} over real HTTP with the job executor and dispatcher running:
 * batches answer each event, a customer's concurrent events are all taken in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
// a context of its own: JourneyApiTest ends with a wrong password, after which Camunda
// refuses the user's logins for a few seconds
@TestPropertySource(properties = { "siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false",
		"camunda.bpm.job-execution.enabled=true", "siyu.events.expiry-sweep=30s", "siyu.events.auto-notify=true" })
@ActiveProfiles("test")
class EventApiTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	ProcessEngine engine;

	RestClient api;

	@BeforeEach
	void client() {
		this.api = TestApi.asDemo(this.port);
	}

	@Test
	void batchAnswersEveryEventInOrderAndStoresAllButTheBadOnes() {
		String customer = "batch-" + UUID.randomUUID();
		post(List.of(event("b1-" + customer, customer, "LoggedIn", Map.of())));

		ResponseEntity<JsonNode> response = post(List.of(event("b1-" + customer, customer, "LoggedIn", Map.of()),
				event("b2-" + customer, customer, "Followed", Map.of("scene", "qr")),
				event("b3-" + customer, customer, "Bought", Map.of()),
				event("b4-" + customer, customer, "Purchased", Map.of("orderId", "SO-" + customer, "amount", 59)),
				Map.of("customerId", customer, "type", "LoggedIn"),
				event("b6-" + customer, customer, "ActivityJoined", Map.of("activityId", "live-1"))));

		assertThat(response.getStatusCode().value()).isEqualTo(200);
		JsonNode body = response.getBody();
		assertThat(body.get("accepted").asInt()).isEqualTo(2);
		assertThat(body.get("duplicates").asInt()).isEqualTo(1);
		assertThat(body.get("rejected").asInt()).isEqualTo(3);
		List<String> outcomes = new ArrayList<>();
		body.get("results")
			.forEach((result) -> outcomes.add(result.path("eventId").asText("-") + " " + result.get("outcome").asText()
					+ " " + result.path("error").asText("")));
		assertThat(outcomes).satisfiesExactly((o) -> assertThat(o).startsWith("b1-" + customer + " DUPLICATE"),
				(o) -> assertThat(o).startsWith("b2-" + customer + " ACCEPTED"),
				(o) -> assertThat(o).startsWith("b3-" + customer + " REJECTED 'type' Bought is not in the message"),
				(o) -> assertThat(o).startsWith("b4-" + customer + " REJECTED 'properties.items' is required"),
				(o) -> assertThat(o).isEqualTo("- REJECTED 'eventId' must not be blank"),
				(o) -> assertThat(o).startsWith("b6-" + customer + " ACCEPTED"));
		assertThat(this.jdbc.sql("select event_id from customer_event where customer_id = :id order by event_id")
			.param("id", customer)
			.query(String.class)
			.list()).containsExactly("b1-" + customer, "b2-" + customer, "b6-" + customer);
		assertThat(this.jdbc.sql("select count(*) from customer_order where customer_id = :id")
			.param("id", customer)
			.query(Long.class)
			.single()).isZero();
		String metrics = this.api.get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(metrics).contains("siyu_events_accepted_total{type=\"Followed\"}")
			.contains("siyu_events_duplicates_total{type=\"LoggedIn\"}");
	}

	@Test
	void eachCustomersEventsInABatchAreAppliedInTheOrderSent() {
		String a = "order-a-" + UUID.randomUUID();
		String b = "order-b-" + UUID.randomUUID();
		List<Map<String, Object>> events = new ArrayList<>();
		for (int round = 0; round < 3; round++) {
			events.add(event("fa" + round + a, a, "Followed", Map.of()));
			events.add(event("ub" + round + b, b, "Unfollowed", Map.of()));
			events.add(event("ua" + round + a, a, "Unfollowed", Map.of()));
			events.add(event("fb" + round + b, b, "Followed", Map.of()));
		}

		assertThat(post(events).getBody().get("accepted").asInt()).isEqualTo(12);

		assertThat(followed(a)).as("her last event unfollowed").isFalse();
		assertThat(followed(b)).as("her last event followed").isTrue();
	}

	/**
	 * A batch is stored and answered at once; its events reach the customer's waiting
	 * journey right after, through the notifier.
	 */
	@Test
	void aBatchedFollowReachesTheJourneyWaitingForIt() {
		String customer = "batch-follow-" + UUID.randomUUID();
		post("/api/customers", Map.of("id", customer, "phone", "13900005678", "followedOfficialAccount", false,
				"wechatOpenId", "o-" + customer));
		post(event("lead-" + customer, customer, "AdLeadCaptured", Map.of("adPlanId", "plan-618")));
		await().atMost(Duration.ofSeconds(30))
			.until(() -> journeyActivities(customer).contains("Gateway_FollowedOrTimeout"));

		JsonNode body = post(List.of(event("login-" + customer, customer, "LoggedIn", Map.of()),
				event("follow-" + customer, customer, "Followed", Map.of())))
			.getBody();

		assertThat(body.get("accepted").asInt()).isEqualTo(2);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> journeyActivities(customer).contains("Gateway_PurchasedOrTimeout1"));
		assertThat(inboxOf(customer)).isZero();
	}

	/**
	 * A batched event whose journey fails at once (a broken step right after its start)
	 * is stored and acknowledged; the notifier records the failure and tries again, and
	 * the customer's other events are not lost.
	 */
	@Test
	void aBatchedEventWhoseJourneyFailsIsKeptWithItsFailure() {
		String deployment = this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("test-broken-start.bpmn",
					Bpmn.createExecutableProcess("test-broken-start")
						.camundaHistoryTimeToLive(1)
						.startEvent("StartEvent_GroupLeft")
						.message("GroupLeft")
						.serviceTask("Task_Broken")
						.camundaExpression("${noSuchBean.go()}")
						.endEvent()
						.done())
			.deploy()
			.getId();
		try {
			String broken = "broken-" + UUID.randomUUID();
			String fine = "fine-" + UUID.randomUUID();

			JsonNode body = post(List.of(event("gl-" + broken, broken, "GroupLeft", Map.of("groupId", "g-1")),
					event("li-" + fine, fine, "LoggedIn", Map.of())))
				.getBody();

			assertThat(body.get("accepted").asInt()).isEqualTo(2);
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.jdbc.sql("select coalesce(max(error), '') from event_inbox where event_id = :id")
					.param("id", "gl-" + broken)
					.query(String.class)
					.single(), (error) -> error.contains("noSuchBean"));
			await().atMost(Duration.ofSeconds(30)).until(() -> inboxOf(fine) == 0);
			assertThat(this.jdbc.sql("select count(*) from customer_event where event_id = :id")
				.param("id", "gl-" + broken)
				.query(Long.class)
				.single()).isOne();
		}
		finally {
			this.engine.getRepositoryService().deleteDeployment(deployment, true);
		}
	}

	@Test
	void batchOfMoreThanAThousandIsRefusedWhole() {
		String customer = "big-" + UUID.randomUUID();
		List<Map<String, Object>> events = IntStream.range(0, 1001)
			.mapToObj((i) -> event("big-" + i + "-" + customer, customer, "LoggedIn", Map.of()))
			.toList();

		ResponseEntity<JsonNode> response = post(events);

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody().get("detail").asText()).contains("at most 1000 events").contains("1001");
		assertThat(this.jdbc.sql("select count(*) from customer_event where customer_id = :id")
			.param("id", customer)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void aBodyThatIsNeitherAnEventNorAListIsRefused() {
		ResponseEntity<JsonNode> response = this.api.post()
			.uri("/api/events")
			.contentType(MediaType.APPLICATION_JSON)
			.body("\"Followed\"")
			.retrieve()
			.toEntity(JsonNode.class);

		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody().get("detail").asText()).contains("JSON object").contains("JSON array");
	}

	/**
	 * One customer in a running journey sends many events at once (a burst of logins,
	 * follows and purchases from several systems): every one is taken in, none fails with
	 * a concurrent-change error.
	 */
	@Test
	void concurrentEventsOfOneCustomerAreAllTakenIn() throws Exception {
		String customer = "burst-" + UUID.randomUUID();
		assertThat(post(event("lead-" + customer, customer, "AdLeadCaptured", Map.of("adPlanId", "plan-618")))
			.getStatusCode()
			.value()).isEqualTo(202);
		List<Callable<Integer>> posts = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String type = List.of("LoggedIn", "Followed", "ActivityJoined", "Purchased").get(i % 4);
			Map<String, Object> properties = switch (type) {
				case "Purchased" -> Map.of("orderId", "SO-" + i + "-" + customer, "amount", 59, "items",
						List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 59)));
				case "ActivityJoined" -> Map.of("activityId", "live-" + i);
				default -> Map.of();
			};
			String eventId = "burst-" + i + "-" + customer;
			posts.add(() -> post(event(eventId, customer, type, properties)).getStatusCode().value());
		}
		ExecutorService clients = Executors.newFixedThreadPool(8);
		List<Integer> statuses = Collections.synchronizedList(new ArrayList<>());
		try {
			for (Future<Integer> status : clients.invokeAll(posts)) {
				statuses.add(status.get());
			}
		}
		finally {
			clients.shutdown();
		}

		assertThat(statuses).hasSize(40).containsOnly(202);
		assertThat(this.jdbc.sql("select count(*) from customer_event where customer_id = :id")
			.param("id", customer)
			.query(Long.class)
			.single()).isEqualTo(41);
		assertThat(this.jdbc.sql("select count(*) from customer_order where customer_id = :id")
			.param("id", customer)
			.query(Long.class)
			.single()).isEqualTo(10);
	}

	private long inboxOf(String customer) {
		return this.jdbc.sql("select count(*) from event_inbox where customer_id = :id")
			.param("id", customer)
			.query(Long.class)
			.single();
	}

	private String journeyActivities(String customer) {
		return this.api.get()
			.uri("/api/customers/" + customer + "/journeys")
			.retrieve()
			.body(JsonNode.class)
			.toString();
	}

	private ResponseEntity<JsonNode> post(String path, Object body) {
		return TestApi.postJson(this.api, path, body);
	}

	private boolean followed(String customer) {
		return this.jdbc.sql("select followed_official_account from customer where id = :id")
			.param("id", customer)
			.query(Boolean.class)
			.single();
	}

	private static Map<String, Object> event(String eventId, String customerId, String type,
			Map<String, Object> properties) {
		Map<String, Object> event = new HashMap<>();
		event.put("eventId", eventId);
		event.put("customerId", customerId);
		event.put("type", type);
		event.put("properties", properties);
		return event;
	}

	private ResponseEntity<JsonNode> post(Object body) {
		return TestApi.postJson(this.api, "/api/events", body);
	}

}
