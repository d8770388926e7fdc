package dev.siyu.rules;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.siyu.system.TestApi;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Layers and rule trials over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LayerApiTest {

	@LocalServerPort
	int port;

	@Autowired
	LayerStore store;

	RestClient api;

	@BeforeEach
	void client() {
		this.api = TestApi.asDemo(this.port);
	}

	@Test
	void customerLayersAreComputedFromHerCurrentDataWithTheDecidingRule() {
		String customer = heroFan();

		JsonNode layers = get("/api/customers/" + customer + "/layers");

		assertThat(layers.get("hero-tier").get("value").asText()).isEqualTo("CORE");
		assertThat(layers.get("hero-tier").get("rule").asText())
			.isEqualTo("CORE: bought the hero product more than once");
		assertThat(layers.get("activity").get("value").asText()).isEqualTo("ACTIVE");
		assertThat(layers.get("rfm").get("value").asText()).isEqualTo("一般发展");
		assertThat(layers.get("spend-tier").get("value").asText()).isEqualTo("LOW");
		assertThat(layers.get("rfm").get("version").asInt()).isEqualTo(1);
	}

	@Test
	void rulesCanBeTriedOnDescribedFactsWithoutStoringAnything() {
		String nobody = "trial-" + UUID.randomUUID();
		OffsetDateTime lastWeek = OffsetDateTime.now(ZoneOffset.UTC).minusDays(7);
		Map<String, Object> customer = Map.of("id", nobody, "orders",
				List.of(Map.of("orderedAt", lastWeek.toString(), "amount", 59, "items",
						List.of(Map.of("sku", "MILK-59"))),
						Map.of("orderedAt", lastWeek.plusDays(3).toString(), "amount", 59, "items",
								List.of(Map.of("sku", "MILK-59")))));

		JsonNode tier = post(Map.of("ruleSet", "hero-tier", "customer", customer)).getBody();
		JsonNode offer = post(Map.of("ruleSet", "offer-by-layer", "purpose", "hero-campaign", "customer", customer))
			.getBody();

		assertThat(tier.get("value").asText()).isEqualTo("CORE");
		assertThat(tier.get("version").asInt()).isEqualTo(1);
		assertThat(offer.get("value").asText()).isEqualTo("HERO_CORE_STACKED_COUPON");
		assertThat(offer.get("rule").asText()).startsWith("Hero campaign: core buyers");
		assertThat(this.api.get().uri("/api/customers/" + nobody).retrieve().toBodilessEntity().getStatusCode().value())
			.isEqualTo(404);
	}

	@Test
	void questionnaireAnswersAndGroupsCanBeTried() {
		JsonNode tags = post(Map.of("ruleSet", "questionnaire-tags", "customer",
				Map.of("answers", Map.of("skin_concern", "acne", "wanted_fix", List.of("acne-repair")))))
			.getBody();
		JsonNode group = post(Map.of("ruleSet", "group-health", "group",
				Map.of("groupId", "g-1", "members", 200, "activeMembers", 30, "messages", 100, "adMessages", 40)))
			.getBody();

		assertThat(tags.get("tags")).extracting(JsonNode::asText).containsExactlyInAnyOrder("3", "D");
		assertThat(group.get("value").asText()).isEqualTo("SPAM");
	}

	@Test
	void badTrialsAreRefusedWithWhatToFix() {
		assertProblem(post(Map.of("ruleSet", "nope", "group", Map.of("groupId", "g"))), "No rule set 'nope'");
		assertProblem(post(Map.of("ruleSet", "hero-tier", "customerId", "x", "group", Map.of("groupId", "g"))),
				"Send exactly one of");
		assertProblem(post(Map.of("customerId", "x")), "'ruleSet' must not be blank");
		assertProblem(post(Map.of("ruleSet", "hero-tier", "binding", "newest", "customerId", "x")),
				"use latest, deployment or version");
		assertProblem(post(Map.of("ruleSet", "hero-tier", "binding", "version", "version", 99, "customerId", "x")),
				"deployed versions: 1");
		assertThat(post(Map.of("ruleSet", "hero-tier", "customerId", "nobody-" + UUID.randomUUID())).getStatusCode()
			.value()).isEqualTo(404);
	}

	@Test
	void bulkRunStoresEveryCustomersLayersAndOneRunsAtATime() {
		String customer = heroFan();

		ResponseEntity<JsonNode> started = this.api.post().uri("/api/layers/runs").retrieve().toEntity(JsonNode.class);
		assertThat(started.getStatusCode().value()).isEqualTo(202);
		long runId = started.getBody().get("id").asLong();
		JsonNode done = await().atMost(Duration.ofSeconds(60))
			.until(() -> get("/api/layers/runs/" + runId), (run) -> !"RUNNING".equals(run.get("status").asText())
					&& !"WAITING".equals(run.get("status").asText()));

		assertThat(done.get("status").asText()).isEqualTo("DONE");
		assertThat(done.get("customers").asInt()).isGreaterThanOrEqualTo(1);
		assertThat(done.get("ruleSets").asText()).isEqualTo("rfm v1, activity v1, spend-tier v1, hero-tier v1, koc v1");
		assertThat(this.store.layersOf(customer))
			.extracting(LayerStore.StoredLayer::ruleSet, LayerStore.StoredLayer::value)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("activity", "ACTIVE"),
					org.assertj.core.groups.Tuple.tuple("hero-tier", "CORE"),
					org.assertj.core.groups.Tuple.tuple("rfm", "一般发展"),
					org.assertj.core.groups.Tuple.tuple("spend-tier", "LOW"),
					org.assertj.core.groups.Tuple.tuple("koc", "MEMBER"));
		assertThat(get("/api/layers/hero-tier").get("layers").get("CORE").asLong()).isGreaterThanOrEqualTo(1);

		long holder = this.store.newRun("test");
		assertThat(this.store.lock(holder)).isTrue();
		try {
			assertThat(this.api.post().uri("/api/layers/runs").retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(409);
		}
		finally {
			this.store.unlock(holder);
		}
	}

	/**
	 * A customer who bought the 59-yuan hero product twice this month and logged in
	 * today.
	 */
	private String heroFan() {
		String customer = "hero-" + UUID.randomUUID();
		for (int i = 1; i <= 2; i++) {
			event(customer, "Purchased", Map.of("orderId", customer + "-" + i, "amount", 59, "items",
					List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 59))));
		}
		event(customer, "LoggedIn", Map.of());
		return customer;
	}

	private void event(String customer, String type, Map<String, Object> properties) {
		ResponseEntity<JsonNode> response = this.api.post()
			.uri("/api/events")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("eventId", UUID.randomUUID().toString(), "customerId", customer, "type", type, "properties",
					properties))
			.retrieve()
			.toEntity(JsonNode.class);
		assertThat(response.getStatusCode().value()).isEqualTo(202);
	}

	private ResponseEntity<JsonNode> post(Map<String, Object> body) {
		return this.api.post()
			.uri("/api/rules/evaluate")
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private JsonNode get(String path) {
		ResponseEntity<JsonNode> response = this.api.get().uri(path).retrieve().toEntity(JsonNode.class);
		assertThat(response.getStatusCode().value()).as(path).isEqualTo(200);
		return response.getBody();
	}

	private void assertProblem(ResponseEntity<JsonNode> response, String detail) {
		assertThat(response.getStatusCode().value()).as(String.valueOf(response.getBody())).isEqualTo(400);
		assertThat(response.getBody().get("detail").asText()).contains(detail);
	}

}
