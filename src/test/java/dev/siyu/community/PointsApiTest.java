package dev.siyu.community;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Points and honours over real HTTP: events earn points by the points rules, once each,
 * redemptions spend them, the honours rules award honours.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
// the same context as EventApiTest's
@TestPropertySource(properties = { "siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false",
		"camunda.bpm.job-execution.enabled=true", "siyu.events.expiry-sweep=30s", "siyu.events.auto-notify=true" })
@ActiveProfiles("test")
class PointsApiTest {

	@LocalServerPort
	int port;

	RestClient api;

	@BeforeEach
	void client() {
		this.api = TestApi.asDemo(this.port);
	}

	@Test
	void eventsEarnPointsOnceAndRedemptionsSpendThem() {
		String customer = "points-" + UUID.randomUUID();
		OffsetDateTime morning = OffsetDateTime.parse("2026-06-01T08:00:00+08:00");
		event(customer, "ActivityJoined", morning, Map.of("activityId", "checkin"));
		event(customer, "ActivityJoined", morning.plusHours(3), Map.of("activityId", "checkin"));
		event(customer, "ActivityJoined", morning.plusHours(12), Map.of("activityId", "live-618"));
		event(customer, "Purchased", morning.plusHours(13), Map.of("orderId", "SO-" + customer, "amount", 59.9, "items",
				java.util.List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 59.9))));
		Map<String, Object> duplicate = event(customer, "ActivityJoined", morning.plusDays(1),
				Map.of("activityId", "checkin"));
		post("/api/events", duplicate);

		JsonNode account = get("/api/customers/" + customer + "/points").getBody();
		assertThat(account.get("balance").asInt()).isEqualTo(5 + 20 + 59 + 5);
		assertThat(account.get("entries").findValuesAsText("points")).containsExactly("5", "59", "20", "5");
		assertThat(account.get("entries").get(1).get("reason").asText()).startsWith("PURCHASE:");

		Map<String, Object> redemption = Map.of("requestId", "r-1", "points", 50, "reason", "兑换 鲜牛奶一瓶");
		assertThat(
				post("/api/customers/" + customer + "/points/redemptions", redemption).getBody().get("balance").asInt())
			.isEqualTo(39);
		assertThat(
				post("/api/customers/" + customer + "/points/redemptions", redemption).getBody().get("balance").asInt())
			.as("the same request again")
			.isEqualTo(39);
		ResponseEntity<JsonNode> tooMany = post("/api/customers/" + customer + "/points/redemptions",
				Map.of("requestId", "r2-" + customer, "points", 40, "reason", "兑换"));
		assertThat(tooMany.getStatusCode().value()).isEqualTo(409);
		assertThat(tooMany.getBody().get("detail").asText()).contains("holds 39 points");
		assertThat(post("/api/customers/" + customer + "/points/redemptions",
				Map.of("requestId", "r3-" + customer, "points", 0, "reason", "兑换"))
			.getStatusCode()
			.value()).isEqualTo(400);
		// another customer's redemption under the same request id is hers, not a repeat
		String other = "points-" + UUID.randomUUID();
		for (String live : List.of("live-1", "live-2", "live-3")) {
			event(other, "ActivityJoined", morning, Map.of("activityId", live));
		}
		assertThat(post("/api/customers/" + other + "/points/redemptions", redemption).getBody().get("balance").asInt())
			.isEqualTo(10);
		JsonNode after = get("/api/customers/" + customer + "/points").getBody();
		assertThat(after.get("earned").asInt()).isEqualTo(89);
		assertThat(get("/api/customers/nobody-" + UUID.randomUUID() + "/points").getStatusCode().value())
			.isEqualTo(404);
	}

	@Test
	void twentyOneDaysOfCheckInsEarnTheHonourOnce() {
		String customer = "honours-" + UUID.randomUUID();
		OffsetDateTime first = OffsetDateTime.parse("2026-06-01T07:30:00+08:00");
		for (int day = 0; day < 20; day++) {
			event(customer, "ActivityJoined", first.plusDays(day), Map.of("activityId", "checkin"));
		}
		assertThat(get("/api/customers/" + customer + "/honours").getBody()).isEmpty();

		event(customer, "ActivityJoined", first.plusDays(20), Map.of("activityId", "checkin"));
		event(customer, "ActivityJoined", first.plusDays(21), Map.of("activityId", "checkin"));

		JsonNode honours = get("/api/customers/" + customer + "/honours").getBody();
		assertThat(honours.findValuesAsText("honour")).containsExactly("CHECK_IN_21");
		assertThat(honours.get(0).get("rule").asText()).startsWith("honours v");
		assertThat(get("/api/customers/" + customer + "/points").getBody().get("balance").asInt()).isEqualTo(22 * 5);
	}

	@Test
	void aFriendCountedEarnsHerInviterFiftyPoints() {
		String inviter = "inviter-" + UUID.randomUUID();
		post("/api/customers", Map.of("id", inviter, "followedOfficialAccount", true));
		String code = get("/api/customers/" + inviter + "/invite").getBody().get("code").asText();

		event("friend-" + UUID.randomUUID(), "Followed", OffsetDateTime.now(ZoneOffset.UTC),
				Map.of("scene", "invite", "inviteCode", code));

		await().atMost(Duration.ofSeconds(20))
			.until(() -> get("/api/customers/" + inviter + "/points").getBody().get("balance").asInt() == 50);
		assertThat(get("/api/customers/" + inviter + "/points").getBody().get("entries").get(0).get("reason").asText())
			.startsWith("INVITE:");
	}

	private Map<String, Object> event(String customer, String type, OffsetDateTime at, Map<String, Object> properties) {
		Map<String, Object> event = new HashMap<>(Map.of("eventId", "e-" + UUID.randomUUID(), "customerId", customer,
				"type", type, "occurredAt", at.toString(), "properties", properties));
		ResponseEntity<JsonNode> answer = post("/api/events", event);
		assertThat(answer.getStatusCode().value()).as(answer.toString()).isEqualTo(202);
		return event;
	}

	private ResponseEntity<JsonNode> get(String path) {
		return this.api.get().uri(path).retrieve().toEntity(JsonNode.class);
	}

	private ResponseEntity<JsonNode> post(String path, Object body) {
		return TestApi.postJson(this.api, path, body);
	}

}
