package dev.siyu.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.siyu.system.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The README walkthrough, over real HTTP against the running application. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
// delivered after commit as in production; quiet hours off, as the walkthrough runs at
// any hour
@TestPropertySource(properties = { "siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false",
		"camunda.bpm.job-execution.enabled=true" })
@ActiveProfiles("test")
class JourneyApiTest {

	@LocalServerPort
	int port;

	@Autowired
	ProcessEngine engine;

	RestClient api;

	RestClient anonymous;

	@BeforeEach
	void clients() {
		TestApi.engineRestServes(this.engine);
		this.api = TestApi.asDemo(this.port);
		this.anonymous = TestApi.anonymous(this.port);
	}

	@Test
	void leadIsInvitedBySmsNurturedAfterFollowingAndConvertedByPurchase() {
		String customer = "walk-" + UUID.randomUUID();
		ResponseEntity<JsonNode> created = post("/api/customers",
				Map.of("id", customer, "name", "李娜", "phone", "13900001234", "followedOfficialAccount", false));
		assertThat(created.getStatusCode().value()).isEqualTo(201);
		assertThat(created.getBody().get("phone").asText()).isEqualTo("13900001234");

		assertThat(postEvent("lead-" + customer, customer, "AdLeadCaptured", Map.of("adPlanId", "plan-618"))
			.getStatusCode()
			.value()).isEqualTo(202);

		JsonNode invite = awaitSent(customer, "sms-follow-invite");
		assertThat(invite.get("channel").asText()).isEqualTo("SMS");
		assertThat(invite.get("body").asText()).contains("李娜").contains("https://m.siyu.example/l/plan-618");
		JsonNode journeys = await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/api/customers/" + customer + "/journeys"),
					(list) -> list.get(0).get("activities").toString().contains("Gateway_FollowedOrTimeout"));
		assertThat(journeys).hasSize(1);
		assertThat(journeys.get(0).get("processKey").asText()).isEqualTo("ad-to-purchase");
		assertThat(journeys.get(0).get("state").asText()).isEqualTo("ACTIVE");

		postEvent("follow-" + customer, customer, "Followed", Map.of());
		JsonNode content = awaitSent(customer, "oa-content-1");
		assertThat(content.get("channel").asText()).isEqualTo("WECHAT_OA");
		assertThat(content.get("body").asText()).contains("新客首单 9.9元 尝鲜装");

		assertThat(postEvent("order-" + customer, customer, "Purchased",
				Map.of("orderId", "SO-" + customer, "amount", 118.00, "items",
						List.of(Map.of("sku", "MILK-59", "quantity", 2, "price", 59.00))))
			.getStatusCode()
			.value()).isEqualTo(202);

		JsonNode ended = get("/api/customers/" + customer + "/journeys").get(0);
		assertThat(ended.get("state").asText()).isEqualTo("COMPLETED");
		assertThat(ended.get("goalReached").asBoolean()).isTrue();
		assertThat(get("/api/customers/" + customer).get("followedOfficialAccount").asBoolean()).isTrue();
	}

	@Test
	void duplicateEventIdIsAcknowledgedAndSendsOneMessage() {
		String customer = "dup-" + UUID.randomUUID();
		post("/api/customers", Map.of("id", customer, "followedOfficialAccount", true));

		ResponseEntity<JsonNode> first = postEvent("lead-" + customer, customer, "AdLeadCaptured", Map.of());
		ResponseEntity<JsonNode> again = postEvent("lead-" + customer, customer, "AdLeadCaptured", Map.of());

		assertThat(first.getStatusCode().value()).isEqualTo(202);
		assertThat(first.getBody().get("outcome").asText()).isEqualTo("ACCEPTED");
		assertThat(again.getStatusCode().value()).isEqualTo(202);
		assertThat(again.getBody().get("outcome").asText()).isEqualTo("DUPLICATE");
		awaitSent(customer, "oa-content-1");
		assertThat(get("/api/customers/" + customer + "/messages")).hasSize(1);
		assertThat(get("/api/customers/" + customer + "/journeys")).hasSize(1);
	}

	@Test
	void eventOfUnknownCustomerCreatesTheCustomer() {
		String customer = "new-" + UUID.randomUUID();

		postEvent(UUID.randomUUID().toString(), customer, "Followed", Map.of("phone", "13700000000"));

		JsonNode created = get("/api/customers/" + customer);
		assertThat(created.get("followedOfficialAccount").asBoolean()).isTrue();
		assertThat(created.get("phone").asText()).isEqualTo("13700000000");
	}

	@Test
	void badInputIsRefusedWithWhatToFixAndStoresNothing() {
		String customer = "bad-" + UUID.randomUUID();

		assertProblem(postEvent("e1", customer, "Bought", Map.of()), "'type' Bought is not in the message catalogue");
		assertProblem(post("/api/events", Map.of("customerId", customer, "type", "Followed")),
				"'eventId' must not be blank");
		assertProblem(postEvent("e2", customer, "Purchased", Map.of("orderId", "SO-1", "amount", 10)),
				"'properties.items' is required for Purchased");
		assertProblem(
				postEvent("e3", customer, "Purchased",
						Map.of("orderId", "SO-1", "amount", 10, "items",
								List.of(Map.of("sku", "A", "quantity", 0, "price", 10)))),
				"'properties.items[0].quantity'");
		assertProblem(postEvent("e4", "not a valid id!", "Followed", Map.of()), "'customerId' must be 1 to 64");
		assertProblem(postEvent("e5", customer, "Followed", Map.of("phone", "call me")), "'properties.phone'");
		ResponseEntity<JsonNode> notJson = this.api.post()
			.uri("/api/events")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"eventId\": ")
			.retrieve()
			.toEntity(JsonNode.class);
		assertProblem(notJson, "not valid JSON");
		assertProblem(
				post("/api/events",
						Map.of("eventId", "e6", "customerId", customer, "type", "Followed", "occurredAt", "yesterday")),
				"'occurredAt' has the wrong format");

		assertThat(this.api.get()
			.uri("/api/customers/" + customer)
			.retrieve()
			.toEntity(JsonNode.class)
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	@Test
	void withoutCredentialsTheApiAndEngineRestAnswer401() {
		assertThat(status(this.anonymous, "/api/customers/anyone")).isEqualTo(401);
		assertThat(status(this.anonymous, "/engine-rest/process-definition")).isEqualTo(401);
		assertThat(status(this.anonymous, "/actuator/prometheus")).isEqualTo(401);

		ResponseEntity<String> health = this.anonymous.get().uri("/actuator/health").retrieve().toEntity(String.class);
		assertThat(health.getStatusCode().value()).as(health.getBody()).isEqualTo(200);
		ResponseEntity<String> metrics = this.api.get().uri("/actuator/prometheus").retrieve().toEntity(String.class);
		assertThat(metrics.getStatusCode().value()).as(metrics.getHeaders() + " " + metrics.getBody()).isEqualTo(200);
		assertThat(metrics.getBody()).contains("jvm_memory_used_bytes");
		assertThat(status(this.api, "/engine-rest/process-definition/key/ad-to-purchase")).isEqualTo(200);

		// last: Camunda throttles a user's logins for a few seconds after a wrong
		// password
		RestClient wrongPassword = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultHeaders((headers) -> headers.setBasicAuth("demo", "wrong"))
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
		assertThat(status(wrongPassword, "/api/customers/anyone")).isEqualTo(401);
	}

	private void assertProblem(ResponseEntity<JsonNode> response, String detail) {
		assertThat(response.getStatusCode().value()).isEqualTo(400);
		assertThat(response.getBody().get("detail").asText()).contains(detail);
	}

	private int status(RestClient client, String path) {
		return client.get().uri(path).retrieve().toBodilessEntity().getStatusCode().value();
	}

	private ResponseEntity<JsonNode> postEvent(String eventId, String customerId, String type,
			Map<String, Object> properties) {
		return post("/api/events",
				Map.of("eventId", eventId, "customerId", customerId, "type", type, "properties", properties));
	}

	private ResponseEntity<JsonNode> post(String path, Object body) {
		return TestApi.postJson(this.api, path, body);
	}

	private JsonNode get(String path) {
		ResponseEntity<JsonNode> response = this.api.get().uri(path).retrieve().toEntity(JsonNode.class);
		assertThat(response.getStatusCode().value()).as("GET " + path).isEqualTo(200);
		return response.getBody();
	}

	private JsonNode awaitSent(String customer, String template) {
		return await().atMost(Duration.ofSeconds(20)).until(() -> {
			for (JsonNode message : get("/api/customers/" + customer + "/messages")) {
				if (message.get("template").asText().equals(template)
						&& message.get("status").asText().equals("SENT")) {
					return message;
				}
			}
			return null;
		}, (message) -> message != null);
	}

}
