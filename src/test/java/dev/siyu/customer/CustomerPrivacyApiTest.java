package dev.siyu.customer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.DatabaseProbes;
import dev.siyu.system.TestApi;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A customer's PIPL rights over real HTTP: her export holds her profile, events, orders,
 * messages and journeys; after her erasure no table of Siyu's or Camunda's holds her
 * phone number, name, e-mail or WeChat ids, and another customer keeps hers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
// the context of JourneyApiTest: journeys run and messages are sent as in production
@TestPropertySource(properties = { "siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false",
		"camunda.bpm.job-execution.enabled=true" })
@ActiveProfiles("test")
class CustomerPrivacyApiTest {

	@LocalServerPort
	int port;

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcClient jdbc;

	RestClient api;

	@BeforeEach
	void client() {
		TestApi.engineRestServes(this.engine);
		this.api = TestApi.asDemo(this.port);
	}

	@Test
	void herExportHoldsHerDataAndAfterErasureNoTableHoldsAnyOfIt() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		String her = "pipl-" + run;
		String phone = "139" + String.valueOf(Math.abs(run.hashCode()) % 100_000_000 + 100_000_000).substring(1);
		String name = "王小明" + run.substring(0, 4);
		String email = "xm-" + run + "@example.cn";
		String openId = "oPIPL" + run;
		String wecomId = "wmPIPL" + run;
		String other = "pipl-other-" + run;
		post("/api/customers", Map.of("id", her, "name", name, "phone", phone, "email", email, "wechatOpenId", openId,
				"wecomExternalUserId", wecomId, "followedOfficialAccount", false, "tags", List.of("vip")));
		post("/api/customers", Map.of("id", other, "name", "李四", "phone", "13700001111"));
		event("lead-" + her, her, "AdLeadCaptured", Map.of("adPlanId", "plan-618", "phone", phone, "name", name));
		event("login-" + her, her, "LoggedIn", Map.of());
		// a community group, a check-in (points), her invite code
		event("join-" + her, her, "GroupJoined", Map.of("groupId", "pipl-group-" + run));
		event("post-" + her, her, "GroupMessagePosted", Map.of("groupId", "pipl-group-" + run, "ad", false));
		event("signup-" + her, her, "GroupSignedUp",
				Map.of("groupId", "pipl-group-" + run, "solitaireId", "trial-" + run, "content", "2 件，上海"));
		event("checkin-" + her, her, "ActivityJoined", Map.of("activityId", "checkin"));
		this.api.get().uri("/api/customers/" + her + "/invite").retrieve().toBodilessEntity();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select count(*) from message where customer_id = :id and status = 'SENT'")
				.param("id", her)
				.query(Long.class)
				.single() > 0);
		event("order-" + her, her, "Purchased", Map.of("orderId", "SO-" + her, "amount", 118.00, "items",
				List.of(Map.of("sku", "MILK-59", "quantity", 2, "price", 59.00))));
		assertThat(DatabaseProbes.holding(this.jdbc, List.of(phone, name, email, openId, wecomId)))
			.as("her data before erasure")
			.contains("CUSTOMER.PHONE", "CUSTOMER.NAME", "MESSAGE.BODY");

		ResponseEntity<JsonNode> exported = this.api.get()
			.uri("/api/customers/" + her + "/export")
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(exported.getStatusCode().value()).isEqualTo(200);
		assertThat(exported.getHeaders().getFirst("Content-Disposition")).contains("attachment");
		JsonNode data = exported.getBody();
		assertThat(data.at("/profile/name").asText()).isEqualTo(name);
		assertThat(data.at("/profile/phone").asText()).isEqualTo(phone);
		assertThat(data.get("tags").toString()).contains("vip");
		assertThat(data.get("events").findValuesAsText("type")).contains("AdLeadCaptured", "LoggedIn", "Purchased");
		assertThat(data.at("/events/0/properties/adPlanId").asText()).isEqualTo("plan-618");
		assertThat(data.at("/orders/0/items/0/sku").asText()).isEqualTo("MILK-59");
		assertThat(data.at("/messages/0/body").asText()).contains(name);
		assertThat(data.get("journeys").findValuesAsText("journey")).contains("ad-to-purchase");
		assertThat(data.get("groups").toString()).contains("pipl-group-" + run);
		assertThat(data.get("groupPosts")).hasSize(1);
		assertThat(data.get("groupSignUps").toString()).contains("trial-" + run, "2 件，上海");
		assertThat(data.get("points").toString()).contains("CHECK_IN");
		assertThat(data.get("inviteCode")).hasSize(1);
		assertThat(data.at("/journeys/0/variables/customerId").asText()).isEqualTo(her);

		ResponseEntity<JsonNode> erased = this.api.delete()
			.uri("/api/customers/" + her)
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(erased.getStatusCode().value()).isEqualTo(200);
		assertThat(erased.getBody().at("/rows/customer").asInt()).isOne();
		assertThat(erased.getBody().at("/rows/message").asInt()).isPositive();
		assertThat(erased.getBody().get("journeys").asInt()).isPositive();
		assertThat(erased.getBody().toString()).doesNotContain(her, phone, name);

		assertThat(DatabaseProbes.holding(this.jdbc, List.of(phone, name, email, openId, wecomId)))
			.as("her data after erasure")
			.isEmpty();
		assertThat(DatabaseProbes.holding(this.jdbc, List.of(her))).as("her id after erasure").isEmpty();
		assertThat(this.api.get()
			.uri("/api/customers/" + her + "/export")
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(404);
		assertThat(this.api.delete().uri("/api/customers/" + her).retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(404);
		assertThat(this.api.get()
			.uri("/api/customers/" + other)
			.retrieve()
			.toEntity(JsonNode.class)
			.getBody()
			.get("name")
			.asText()).isEqualTo("李四");
	}

	private void post(String path, Map<String, Object> body) {
		assertThat(TestApi.postJson(this.api, path, body).getStatusCode().is2xxSuccessful()).isTrue();
	}

	private void event(String eventId, String customerId, String type, Map<String, Object> properties) {
		ResponseEntity<JsonNode> accepted = TestApi.postJson(this.api, "/api/events",
				Map.of("eventId", eventId, "customerId", customerId, "type", type, "properties", properties));
		assertThat(accepted.getStatusCode().value()).as(String.valueOf(accepted.getBody())).isEqualTo(202);
	}

}
