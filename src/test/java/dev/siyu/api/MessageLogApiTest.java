package dev.siyu.api;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The message log and a customer's timeline over real HTTP: a lead who does not follow
 * gets the SMS invite; the log finds it by journey, channel, status and customer, and her
 * timeline tells the lead, the journey entered and the message.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "camunda.bpm.job-execution.enabled=true", "siyu.events.auto-notify=true",
				"siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false" })
@ActiveProfiles("test")
// the same application as MetricsApiTest's, started once for both
@AutoConfigureObservability
class MessageLogApiTest {

	@LocalServerPort
	int port;

	@Test
	void theLogAndTheTimelineTellWhatHappenedToHer() {
		RestClient api = TestApi.asDemo(this.port);
		String customer = "log-" + UUID.randomUUID().toString().substring(0, 8);
		TestApi.postJson(api, "/api/customers", Map.of("id", customer, "phone", "13800138000"));
		TestApi.postJson(api, "/api/events", Map.of("eventId", "lead-" + customer, "customerId", customer, "type",
				"AdLeadCaptured", "properties", Map.of("adPlanId", "plan-618")));
		JsonNode log = await().atMost(Duration.ofSeconds(60))
			.until(() -> get(api, "/api/messages?journey=ad-to-purchase&channel=sms&status=SENT&customerId=" + customer)
				.getBody(), (found) -> found.size() > 0);
		assertThat(log).hasSize(1);
		assertThat(log.get(0).get("template").asText()).isEqualTo("sms-follow-invite");
		assertThat(log.get(0).get("activityId").asText()).isEqualTo("Task_SendSmsInvite");
		assertThat(log.get(0).has("body")).isFalse();
		assertThat(get(api, "/api/messages?channel=email&customerId=" + customer).getBody()).isEmpty();
		assertThat(
				get(api, "/api/messages?customerId=" + customer + "&before=" + log.get(0).get("id").asLong()).getBody())
			.isEmpty();

		JsonNode timeline = get(api, "/api/customers/" + customer + "/timeline").getBody();
		assertThat(timeline.findValuesAsText("kind")).containsExactly("message", "journey-entered", "event");
		assertThat(timeline.findValuesAsText("title")).containsExactly("sms sms-follow-invite", "ad-to-purchase",
				"AdLeadCaptured");

		for (Map.Entry<String, String> mistake : Map
			.of("/api/messages?channel=fax", "'channel' fax is not one of", "/api/messages?status=LOST",
					"'status' LOST is not one of", "/api/messages?limit=0", "'limit' must be between 1 and 500",
					"/api/messages?from=yesterday", "from", "/api/customers/nobody-" + customer + "/timeline",
					"No customer with id")
			.entrySet()) {
			ResponseEntity<JsonNode> refused = get(api, mistake.getKey());
			assertThat(refused.getStatusCode().is4xxClientError()).as(mistake.getKey()).isTrue();
			assertThat(String.valueOf(refused.getBody())).as(mistake.getKey()).contains(mistake.getValue());
		}
	}

	private static ResponseEntity<JsonNode> get(RestClient api, String path) {
		return api.get().uri(path).retrieve().toEntity(JsonNode.class);
	}

}
