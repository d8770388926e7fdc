package dev.siyu.analytics;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The figures and spend endpoints over real HTTP: their shape, and every mistake answered
 * with what to fix. (What the figures count is {@code JourneyFiguresTest}'s.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class FiguresApiTest {

	@LocalServerPort
	int port;

	RestClient api;

	@BeforeEach
	void client() {
		this.api = TestApi.asDemo(this.port);
	}

	@Test
	void aJourneysFunnelListsItsStepsAndSettings() {
		ResponseEntity<JsonNode> funnel = get("/api/journeys/ad-to-purchase/funnel?from=2026-01-01");

		assertThat(funnel.getStatusCode().value()).isEqualTo(200);
		JsonNode body = funnel.getBody();
		assertThat(body.get("journey").asText()).isEqualTo("ad-to-purchase");
		assertThat(body.get("attributionWindow").asText()).isEqualTo("PT168H");
		assertThat(body.get("goals").toString()).contains("Purchased");
		assertThat(body.get("totals").has("entered")).isTrue();
		assertThat(body.get("totals").get("cost").has("messages")).isTrue();
		assertThat(body.get("activities").isArray()).isTrue();
		assertThat(body.get("arms").isArray()).isTrue();
		// from: the brand's day, so 2026-01-01 00:00 in Shanghai
		assertThat(body.get("from").asText()).isEqualTo("2026-01-01T00:00:00+08:00");
	}

	@Test
	void mistakesAreAnsweredWithWhatToFix() {
		assertError(get("/api/journeys/no-such-journey/funnel"), 404, "No journey 'no-such-journey' is deployed");
		assertError(get("/api/journeys/ad-to-purchase/funnel?version=999"), 404,
				"Journey 'ad-to-purchase' has no version 999");
		assertError(get("/api/journeys/ad-to-purchase/funnel?from=yesterday"), 400,
				"'from' yesterday is not a date (2026-06-01");
		assertError(get("/api/journeys/ad-to-purchase/funnel?from=2026-06-02&to=2026-06-01"), 400,
				"'to' must be after 'from'");
		assertError(get("/api/journeys/ad-to-purchase/funnel?launch=987654"), 404, "No launch 987654");
		assertError(get("/api/journeys/ad-to-purchase/layers"), 400, "'ruleSet' is required");
		assertError(get("/api/launches/987654/layers"), 404, "No launch 987654");
		assertError(TestApi.postJson(this.api, "/api/journeys/ad-to-purchase/spend", Map.of("amount", -5)), 400,
				"'amount' must be an amount in yuan above 0");
		assertError(TestApi.postJson(this.api, "/api/journeys/ad-to-purchase/spend",
				Map.of("amount", 10, "launchId", 987654)), 400, "'launchId': no launch 987654");
		assertError(TestApi.postJson(this.api, "/api/journeys/no-such-journey/spend", Map.of("amount", 10)), 404,
				"No journey 'no-such-journey'");
	}

	@Test
	void spendIsRecordedAndListed() {
		ResponseEntity<JsonNode> added = TestApi.postJson(this.api, "/api/journeys/wecom-welcome/spend",
				Map.of("amount", 1200.5, "note", "朋友圈广告 6月", "spentOn", "2026-06-01"));

		assertThat(added.getStatusCode().value()).as(String.valueOf(added.getBody())).isEqualTo(201);
		assertThat(added.getBody().get("amount").decimalValue()).isEqualByComparingTo("1200.50");
		assertThat(added.getBody().get("createdBy").asText()).isEqualTo("demo");
		JsonNode listed = get("/api/journeys/wecom-welcome/spend").getBody();
		assertThat(listed.findValuesAsText("note")).contains("朋友圈广告 6月");
		JsonNode funnel = get("/api/journeys/wecom-welcome/funnel").getBody();
		assertThat(funnel.get("totals").get("cost").get("spend").decimalValue())
			.isGreaterThanOrEqualTo(new java.math.BigDecimal("1200.50"));
	}

	private ResponseEntity<JsonNode> get(String path) {
		return this.api.get().uri(path).retrieve().toEntity(JsonNode.class);
	}

	private static void assertError(ResponseEntity<JsonNode> response, int status, String message) {
		assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(status);
		assertThat(response.getBody().get("detail").asText()).contains(message);
	}

}
