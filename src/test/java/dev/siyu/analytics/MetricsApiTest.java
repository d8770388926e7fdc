package dev.siyu.analytics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Siyu's own metrics on {@code /actuator/prometheus}, counted from a journey run over
 * HTTP with the job executor and dispatcher running: a lead starts the ad journey, its
 * first content is sent, a purchase ends it at its goal. And every metric the Grafana
 * dashboard under {@code docker/grafana} charts is one Siyu exposes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "camunda.bpm.job-execution.enabled=true", "siyu.events.auto-notify=true",
				"siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false" })
@ActiveProfiles("test")
// Spring Boot's tests leave metrics exporters off unless asked
@AutoConfigureObservability
class MetricsApiTest {

	static final Pattern METRIC = Pattern.compile("\\bsiyu_[a-z_]+");

	@LocalServerPort
	int port;

	@Test
	void aJourneysRunIsCountedAndTheDashboardChartsOnlyWhatSiyuExposes() throws IOException {
		RestClient api = TestApi.asDemo(this.port);
		String customer = "metrics-" + UUID.randomUUID().toString().substring(0, 8);
		TestApi.postJson(api, "/api/customers",
				Map.of("id", customer, "followedOfficialAccount", true, "wechatOpenId", "o-" + customer));
		Map<String, Object> lead = Map.of("eventId", "lead-" + customer, "customerId", customer, "type",
				"AdLeadCaptured", "properties", Map.of("adPlanId", "plan-618"));
		TestApi.postJson(api, "/api/events", lead);
		TestApi.postJson(api, "/api/events", lead);
		await().atMost(Duration.ofSeconds(60))
			.until(() -> metrics(api),
					(text) -> text.contains("siyu_messages_total{channel=\"wechat-oa\",outcome=\"sent\"}"));
		TestApi.postJson(api, "/api/events",
				Map.of("eventId", "buy-" + customer, "customerId", customer, "type", "Purchased", "properties",
						Map.of("orderId", "o-" + customer, "amount", 59, "items",
								java.util.List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 59)))));

		String text = await().atMost(Duration.ofSeconds(60))
			.until(() -> metrics(api), (metrics) -> metrics
				.contains("siyu_journeys_ended_total{journey=\"ad-to-purchase\",outcome=\"goal\"}"));
		assertThat(value(text, "siyu_journeys_started_total{journey=\"ad-to-purchase\"}")).isGreaterThanOrEqualTo(1);
		assertThat(value(text, "siyu_journeys_goals_total{journey=\"ad-to-purchase\"}")).isGreaterThanOrEqualTo(1);
		assertThat(value(text, "siyu_events_duplicates_total{type=\"AdLeadCaptured\"}")).isGreaterThanOrEqualTo(1);
		assertThat(value(text, "siyu_messages_dispatch_seconds_count{channel=\"wechat-oa\"}"))
			.isGreaterThanOrEqualTo(1);
		assertThat(value(text, "siyu_events_intake_seconds_count{way=\"single\"}")).isGreaterThanOrEqualTo(3);

		JsonNode dashboard = new ObjectMapper()
			.readTree(Files.readString(Path.of("docker/grafana/siyu-journeys.json")));
		Set<String> charted = new TreeSet<>();
		dashboard.get("panels").forEach((panel) -> panel.get("targets").forEach((target) -> {
			Matcher metric = METRIC.matcher(target.get("expr").asText());
			while (metric.find()) {
				charted.add(metric.group());
			}
		}));
		assertThat(charted).hasSizeGreaterThanOrEqualTo(8);
		assertThat(charted).allSatisfy((metric) -> assertThat(text).as("exposed: " + metric).contains(metric + "{"));
	}

	private static String metrics(RestClient api) {
		return api.get().uri("/actuator/prometheus").retrieve().body(String.class);
	}

	private static double value(String text, String series) {
		String prefix = series.substring(0, series.length() - 1);
		return text.lines()
			.filter((line) -> line.startsWith(prefix) && line.contains("}"))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.sum();
	}

}
