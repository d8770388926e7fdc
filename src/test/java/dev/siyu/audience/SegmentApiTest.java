package dev.siyu.audience;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.Order;
import dev.siyu.customer.OrderRepository;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventStore;
import dev.siyu.event.EventType;
import dev.siyu.system.TestApi;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Segments against sets worked out by hand on a small world of six customers: each
 * condition, the set algebra between saved segments, and the preview, over real HTTP.
 * Every definition is narrowed to this test's world by the customers' {@code source}, as
 * the database holds other tests' customers too.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class SegmentApiTest {

	static final Instant NOW = Instant.parse("2026-06-15T04:00:00Z");

	static final ObjectMapper JSON = new ObjectMapper();

	@LocalServerPort
	int port;

	@Autowired
	Segments segments;

	@Autowired
	CustomerRepository customers;

	@Autowired
	OrderRepository orders;

	@Autowired
	EventStore events;

	@Autowired
	JdbcClient jdbc;

	RestClient api;

	String world;

	@BeforeEach
	void world() {
		this.api = TestApi.asDemo(this.port);
		ClockUtil.setCurrentTime(Date.from(NOW));
		this.world = "world-" + UUID.randomUUID().toString().substring(0, 8);
		// ann: bought the hero 10 days ago; follows the OA, not a WeCom friend; Shanghai
		customer("ann", new CustomerChanges("Ann", "13800000001", true, false, Set.of(), "oa-ann-" + this.world, null,
				null, null, null, "上海", this.world));
		order("ann", "HERO-59", 1, "59.00", 10);
		// bob: bought the hero 40 days ago; follows the OA and is a WeCom friend; Beijing
		customer("bob", new CustomerChanges("Bob", null, true, true, Set.of(), "oa-bob-" + this.world,
				"wecom-bob-" + this.world, null, null, null, "北京", this.world));
		order("bob", "HERO-59", 1, "59.00", 40);
		// cat: two other orders (300 five days ago, 500 a hundred days ago); unsubscribed
		// from SMS; no city
		customer("cat", new CustomerChanges("Cat", "13800000003", false, false, Set.of(), null, null, null, null, null,
				null, this.world));
		order("cat", "TEA-1", 1, "300.00", 5);
		order("cat", "TEA-1", 1, "500.00", 100);
		this.customers.optOut(id("cat"), "sms", "test");
		// dan: no orders; follows the OA; e-mail; refused marketing
		customer("dan", new CustomerChanges("Dan", null, true, false, Set.of(), "oa-dan-" + this.world, null,
				"dan@example.com", null, false, "上海", this.world));
		// eve: the hero twice (2 pieces 3 days ago, 1 piece 20 days ago), purchase events
		// for both; follows the OA; phone; tagged vip
		customer("eve", new CustomerChanges("Eve", "13800000005", true, false, Set.of("vip"), "oa-eve-" + this.world,
				null, null, null, true, "杭州", this.world));
		order("eve", "HERO-59", 2, "118.00", 3);
		order("eve", "HERO-59", 1, "59.00", 20);
		event("eve", "Purchased", 3);
		event("eve", "Purchased", 20);
		// fay: no orders; logged in yesterday; tagged vip; RFM important value
		customer("fay", new CustomerChanges("Fay", "13800000006", false, false, Set.of("vip"), null, null, null, null,
				null, null, this.world));
		event("fay", "LoggedIn", 1);
		// fay joined an activity on each of the last 12 days, told in no order; dan on
		// days
		// 2, 40 and 41
		for (int daysAgo : new int[] { 5, 12, 1, 9, 3, 11, 7, 2, 10, 4, 8, 6 }) {
			event("fay", "ActivityJoined", daysAgo);
		}
		for (int daysAgo : new int[] { 41, 2, 40 }) {
			event("dan", "ActivityJoined", daysAgo);
		}
		this.jdbc.sql("""
				insert into customer_layer (customer_id, rule_set, layer_value, rule_name, version, computed_at)
				values (:id, 'rfm', 'IMPORTANT_VALUE', 'test', 1, :now)""")
			.param("id", id("fay"))
			.param("now", NOW.atOffset(ZoneOffset.UTC))
			.update();
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	static Stream<Arguments> conditions() {
		return Stream.of(
				Arguments.of("""
						{"and": [{"bought": {"sku": "HERO-59"}},
						         {"field": {"name": "followedOfficialAccount", "op": "eq", "value": true}},
						         {"not": {"field": {"name": "wecomFriend", "op": "eq", "value": true}}}]}""",
						List.of("ann", "eve")),
				Arguments.of("""
						{"bought": {"sku": "HERO-59", "withinDays": 30}}""", List.of("ann", "eve")), Arguments.of("""
						{"field": {"name": "city", "op": "eq", "value": "上海"}}""", List.of("ann", "dan")),
				// "not Shanghai" includes those whose city nobody knows
				Arguments.of("""
						{"field": {"name": "city", "op": "ne", "value": "上海"}}""", List.of("bob", "cat", "eve", "fay")),
				Arguments.of("""
						{"not": {"field": {"name": "city", "op": "in", "value": ["上海", "北京"]}}}""",
						List.of("cat", "eve", "fay")),
				Arguments.of("""
						{"field": {"name": "city", "op": "isNotSet"}}""", List.of("cat", "fay")), Arguments.of("""
						{"field": {"name": "name", "op": "startsWith", "value": "E"}}""", List.of("eve")),
				Arguments.of("""
						{"field": {"name": "marketingConsent", "op": "ne", "value": false}}""",
						List.of("ann", "bob", "cat", "eve", "fay")),
				Arguments.of("""
						{"tag": "vip"}""", List.of("eve", "fay")), Arguments.of("""
						{"layer": {"ruleSet": "rfm", "in": ["IMPORTANT_VALUE", "IMPORTANT_KEEP"]}}""", List.of("fay")),
				Arguments.of("""
						{"event": {"type": "Purchased", "atLeast": 2, "withinDays": 30}}""", List.of("eve")),
				Arguments.of("""
						{"event": {"type": "Purchased", "atLeast": 2, "withinDays": 10}}""", List.of()),
				Arguments.of("""
						{"noEvent": {"type": "LoggedIn", "withinDays": 7}}""",
						List.of("ann", "bob", "cat", "dan", "eve")),
				// up to ten times: her latest events kept beside the events; more: the
				// events
				Arguments.of("""
						{"event": {"type": "ActivityJoined", "atLeast": 3}}""", List.of("dan", "fay")), Arguments.of("""
						{"event": {"type": "ActivityJoined", "atLeast": 2, "withinDays": 30}}""", List.of("fay")),
				Arguments.of("""
						{"event": {"type": "ActivityJoined", "atLeast": 10, "withinDays": 10}}""", List.of("fay")),
				Arguments.of("""
						{"event": {"type": "ActivityJoined", "atLeast": 10, "withinDays": 9}}""", List.of()),
				Arguments.of("""
						{"event": {"type": "ActivityJoined", "atLeast": 11, "withinDays": 11}}""", List.of("fay")),
				Arguments.of("""
						{"event": {"type": "ActivityJoined", "atLeast": 12, "withinDays": 11}}""", List.of()),
				Arguments.of("""
						{"noEvent": {"type": "ActivityJoined", "withinDays": 5}}""",
						List.of("ann", "bob", "cat", "eve")),
				Arguments.of("""
						{"spent": {"moreThan": 500}}""", List.of("cat")), Arguments.of("""
						{"spent": {"moreThan": 100, "withinDays": 30}}""", List.of("cat", "eve")),
				// less than 100 includes those who never bought
				Arguments.of("""
						{"spent": {"lessThan": 100}}""", List.of("ann", "bob", "dan", "fay")), Arguments.of("""
						{"spent": {"atLeast": 59, "lessThan": 100}}""", List.of("ann", "bob")), Arguments.of("""
						{"orders": {"atLeast": 2}}""", List.of("cat", "eve")), Arguments.of("""
						{"orders": {"atMost": 0}}""", List.of("dan", "fay")), Arguments.of("""
						{"orders": {"atLeast": 1, "atMost": 1, "withinDays": 30}}""", List.of("ann", "cat")),
				Arguments.of("""
						{"lastOrder": {"olderThanDays": 30}}""", List.of("bob")), Arguments.of("""
						{"lastOrder": {"withinDays": 7}}""", List.of("cat", "eve")), Arguments.of("""
						{"lastOrder": {"before": "2026-06-01"}}""", List.of("bob")), Arguments.of("""
						{"lastOrder": {"after": "2026-06-10T00:00:00+08:00"}}""", List.of("cat", "eve")),
				Arguments.of("""
						{"reachable": "sms"}""", List.of("ann", "eve", "fay")), Arguments.of("""
						{"reachable": "wechat-oa"}""", List.of("ann", "bob", "eve")), Arguments.of("""
						{"reachable": "wecom"}""", List.of("bob")), Arguments.of("""
						{"or": [{"reachable": "email"}, {"tag": "vip"}]}""", List.of("eve", "fay")));
	}

	@ParameterizedTest
	@MethodSource("conditions")
	void eachConditionHoldsExactlyTheCustomersWorkedOutByHand(String definition, List<String> expected) {
		assertThat(members(read(definition))).containsExactlyInAnyOrderElementsOf(ids(expected));
	}

	@Test
	void intersectUnionAndMinusOfSavedSegments() {
		save("hero", """
				{"bought": {"sku": "HERO-59"}}""");
		save("recent", """
				{"lastOrder": {"withinDays": 7}}""");
		save("vip", """
				{"tag": "vip"}""");

		assertThat(members(setOf("intersect", "hero", "recent"))).containsExactlyInAnyOrderElementsOf(ids("eve"));
		assertThat(members(setOf("union", "hero", "recent")))
			.containsExactlyInAnyOrderElementsOf(ids("ann", "bob", "cat", "eve"));
		assertThat(members(setOf("minus", "hero", "recent"))).containsExactlyInAnyOrderElementsOf(ids("ann", "bob"));
		assertThat(members(setOf("minus", "hero", "recent", "vip")))
			.containsExactlyInAnyOrderElementsOf(ids("ann", "bob"));
		assertThat(members(setOf("union", "vip", "recent")))
			.containsExactlyInAnyOrderElementsOf(ids("cat", "eve", "fay"));
		// (hero ∪ vip) − recent
		assertThat(members(read("""
				{"minus": [{"union": ["%s", "%s"]}, "%s"]}""".formatted(key("hero"), key("vip"), key("recent")))))
			.containsExactlyInAnyOrderElementsOf(ids("ann", "bob", "fay"));
	}

	@Test
	void aSegmentReferringToAnotherSeesItsLatestVersion() {
		save("buyers", """
				{"bought": {"sku": "HERO-59"}}""");
		save("buyers-not-friends", """
				{"minus": ["%s", {"reachable": "wecom"}]}""".formatted(key("buyers")));
		assertThat(members(read("""
				{"segment": "%s"}""".formatted(key("buyers-not-friends")))))
			.containsExactlyInAnyOrderElementsOf(ids("ann", "eve"));

		ResponseEntity<JsonNode> changed = save("buyers", """
				{"bought": {"sku": "TEA-1"}}""");

		assertThat(changed.getStatusCode().value()).isEqualTo(201);
		assertThat(changed.getBody().get("version").asInt()).isEqualTo(2);
		assertThat(members(read("""
				{"segment": "%s"}""".formatted(key("buyers-not-friends")))))
			.containsExactlyInAnyOrderElementsOf(ids("cat"));
		assertThat(this.api.get()
			.uri("/api/segments/{key}/versions", key("buyers"))
			.retrieve()
			.body(JsonNode.class)
			.findValuesAsText("version")).containsExactly("1", "2");
	}

	@Test
	void savingTheSameDefinitionAgainKeepsTheVersion() {
		assertThat(save("same", """
				{"tag": "vip"}""").getStatusCode().value()).isEqualTo(201);
		ResponseEntity<JsonNode> again = save("same", """
				{"tag": "vip"}""");
		assertThat(again.getStatusCode().value()).isEqualTo(200);
		assertThat(again.getBody().get("version").asInt()).isEqualTo(1);
	}

	@Test
	void previewCountsTheSegmentAndWhomEachChannelReaches() {
		save("world", """
				{"field": {"name": "source", "op": "eq", "value": "%s"}}""".formatted(this.world));

		JsonNode preview = this.api.get()
			.uri("/api/segments/{key}/preview?sample=3", key("world"))
			.retrieve()
			.body(JsonNode.class);

		assertThat(preview.get("count").asLong()).isEqualTo(6);
		assertThat(preview.get("version").asInt()).isEqualTo(1);
		assertThat(preview.get("reachable").get("sms").asLong()).isEqualTo(3);
		assertThat(preview.get("reachable").get("wechat-oa").asLong()).isEqualTo(3);
		assertThat(preview.get("reachable").get("wecom").asLong()).isEqualTo(1);
		// dan has an e-mail address but refused marketing
		assertThat(preview.get("reachable").get("email").asLong()).isZero();
		assertThat(preview.get("sample").findValuesAsText("id")).containsExactlyElementsOf(ids("ann", "bob", "cat"));
		assertThat(preview.get("sample").get(0).has("phone")).isFalse();
	}

	@Test
	void anUnsavedDefinitionCanBePreviewed() {
		JsonNode preview = TestApi
			.postJson(this.api, "/api/segments/preview?sample=0",
					Map.of("definition", inWorld(read("{\"orders\": {\"atLeast\": 2}}"))))
			.getBody();
		assertThat(preview.get("count").asLong()).isEqualTo(2);
		assertThat(preview.get("sample")).isEmpty();
	}

	static Stream<Arguments> mistakes() {
		return Stream.of(Arguments.of("""
				{"field": {"name": "cty", "op": "eq", "value": "上海"}}""", "unknown field 'cty'"),
				Arguments.of("""
						{"field": {"name": "city", "op": "greaterThan", "value": "a"}}""",
						"unknown operator 'greaterThan' for the text field 'city'"),
				Arguments.of("""
						{"segment": "no-such-segment"}""", "no saved segment 'no-such-segment'"), Arguments.of("""
						{"minus": ["no-such-segment", {"tag": "vip"}]}""", "definition.minus[0]: no saved segment"),
				Arguments.of("""
						{"event": {"type": "Bought", "atLeast": 2}}""", "unknown event type 'Bought'"), Arguments.of("""
						{"reachable": "fax"}""", "unknown channel 'fax'"), Arguments.of("""
						{"xor": []}""", "unknown condition 'xor'"), Arguments.of("""
						{"spent": {"moreThan": "a lot"}}""", "definition.spent.moreThan: needs a number"),
				Arguments.of("""
						{"lastOrder": {"before": "June"}}""", "'June' is not a date"), Arguments.of("""
						{"event": {"type": "LoggedIn", "atLeast": 0}}""", "needs 1 or more (for none, use noEvent)"),
				Arguments.of("""
						{"bought": {"sku": "HERO-59", "withinDays": 3000000}}""", "at most 36500 days"));
	}

	@ParameterizedTest
	@MethodSource("mistakes")
	void aMistakeIsRefusedNamingIt(String definition, String message) {
		ResponseEntity<JsonNode> refused = TestApi.postJson(this.api, "/api/segments",
				Map.of("key", key("wrong"), "definition", read(definition)));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().get("detail").asText()).contains(message);
		assertThat(this.api.get()
			.uri("/api/segments/{key}", key("wrong"))
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	@Test
	void aSegmentThatRefersToItselfIsRefused() {
		save("loop", "{\"tag\": \"vip\"}");
		ResponseEntity<JsonNode> refused = save("loop", """
				{"union": ["%s", {"tag": "x"}]}""".formatted(key("loop")));
		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().get("detail").asText()).contains("refers to itself");
	}

	@Test
	void anUnknownSegmentsPreviewIsNotFound() {
		assertThat(this.api.get()
			.uri("/api/segments/no-such-segment/preview")
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	private ResponseEntity<JsonNode> save(String name, String definition) {
		return TestApi.postJson(this.api, "/api/segments", Map.of("key", key(name), "definition", read(definition)));
	}

	private JsonNode setOf(String operation, String... names) {
		return read("{\"" + operation + "\": ["
				+ Stream.of(names).map((name) -> "\"" + key(name) + "\"").reduce((a, b) -> a + ", " + b).orElseThrow()
				+ "]}");
	}

	private List<String> members(JsonNode definition) {
		return this.segments.members(inWorld(definition));
	}

	private JsonNode inWorld(JsonNode definition) {
		return read("""
				{"and": [{"field": {"name": "source", "op": "eq", "value": "%s"}}, %s]}""".formatted(this.world,
				definition));
	}

	private String key(String name) {
		return this.world + "-" + name;
	}

	private String id(String name) {
		return this.world + "-" + name;
	}

	private List<String> ids(String... names) {
		return Stream.of(names).map(this::id).toList();
	}

	private List<String> ids(List<String> names) {
		return names.stream().map(this::id).toList();
	}

	private void customer(String name, CustomerChanges changes) {
		this.customers.upsert(id(name), changes);
	}

	private void order(String name, String sku, int quantity, String amount, int daysAgo) {
		this.orders.record(new Order(UUID.randomUUID().toString(), id(name), new BigDecimal(amount),
				NOW.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC),
				List.of(new Order.Item(sku, quantity, new BigDecimal(amount).divide(BigDecimal.valueOf(quantity))))),
				null);
	}

	private void event(String name, String type, int daysAgo) {
		OffsetDateTime at = NOW.minus(Duration.ofDays(daysAgo)).atOffset(ZoneOffset.UTC);
		this.events.append(
				new CustomerEvent(UUID.randomUUID().toString(), id(name), EventType.valueOf(type), at, Map.of()), NOW);
	}

	private static JsonNode read(String json) {
		try {
			return JSON.readTree(json);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException(json, ex);
		}
	}

}
