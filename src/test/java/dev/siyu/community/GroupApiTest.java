package dev.siyu.community;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.DatabaseProbes;
import dev.siyu.system.HeldTransaction;
import dev.siyu.system.SiyuClock;
import dev.siyu.system.SqlDialect;
import dev.siyu.system.TestApi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Community groups over real HTTP: described, listed, members kept from events, assessed
 * once a day even when two assessments meet.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
// the same context as EventApiTest's
@TestPropertySource(properties = { "siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false",
		"camunda.bpm.job-execution.enabled=true", "siyu.events.expiry-sweep=30s", "siyu.events.auto-notify=true" })
@ActiveProfiles("test")
class GroupApiTest {

	@LocalServerPort
	int port;

	RestClient api;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	SiyuClock clock;

	@Autowired
	SqlDialect dialect;

	@Value("${siyu.audiences.time-zone:Asia/Shanghai}")
	String zone;

	@BeforeEach
	void client() {
		this.api = TestApi.asDemo(this.port);
	}

	@Test
	void aGroupNamedByEventsIsKeptUnsortedUntilDescribed() {
		String group = "wr-" + UUID.randomUUID();
		String customer = "member-" + UUID.randomUUID();
		TestApi.postJson(this.api, "/api/events", Map.of("eventId", "join-" + customer, "customerId", customer, "type",
				"GroupJoined", "properties", Map.of("groupId", group)));

		JsonNode unsorted = get("/api/groups/" + group).getBody();
		assertThat(unsorted.get("name").asText()).isEqualTo(group);
		assertThat(unsorted.path("type").asText(null)).as("unsorted").isNull();
		assertThat(unsorted.get("members").asInt()).isEqualTo(1);

		ResponseEntity<JsonNode> described = put(group, Map.of("name", "618 闪购群", "type", "FLASH", "owners",
				List.of("zhangsan"), "tags", List.of("618", "上海")));
		assertThat(described.getStatusCode().value()).isEqualTo(200);
		assertThat(described.getBody().get("tags").toString()).isEqualTo("[\"618\",\"上海\"]");
		assertThat(get("/api/groups?type=FLASH").getBody().findValuesAsText("id")).contains(group);
		assertThat(get("/api/groups/" + group).getBody().get("owners").get(0).asText()).isEqualTo("zhangsan");

		String created = "wr-" + UUID.randomUUID();
		assertThat(
				put(created, Map.of("name", "每日群", "type", "DAILY", "owners", List.of("lisi"))).getStatusCode().value())
			.isEqualTo(201);
	}

	@Test
	void aSolitaireListsEachMemberOnceInTheOrderTheySignedUpAndCountsAsSpeaking() {
		String group = "wr-" + UUID.randomUUID();
		String solitaire = "trial-" + UUID.randomUUID();
		List<String> members = List.of("member-" + UUID.randomUUID(), "member-" + UUID.randomUUID(),
				"member-" + UUID.randomUUID());
		for (String member : members) {
			event("join-" + member, member, "GroupJoined", Map.of("groupId", group));
		}
		List<String> contents = List.of("2 件，上海", "1 件", "3 件，杭州");
		for (int i = 0; i < members.size(); i++) {
			event("signup-" + members.get(i), members.get(i), "GroupSignedUp",
					Map.of("groupId", group, "solitaireId", solitaire, "content", contents.get(i)));
		}
		// she signs up again (another message in the chain): her place stays
		event("signup-again-" + members.get(0), members.get(0), "GroupSignedUp",
				Map.of("groupId", group, "solitaireId", solitaire, "content", "改成 4 件"));

		JsonNode list = get("/api/groups/" + group + "/sign-ups/" + solitaire).getBody();
		assertThat(list.findValuesAsText("customerId")).containsExactlyElementsOf(members);
		assertThat(list.findValuesAsText("content")).containsExactlyElementsOf(contents);
		assertThat(list.findValuesAsText("place")).containsExactly("1", "2", "3");
		JsonNode assessed = this.api.post()
			.uri("/api/groups/health/assessments")
			.retrieve()
			.toEntity(JsonNode.class)
			.getBody();
		JsonNode health = healthOf(assessed, group);
		assertThat(health.get("activeMembers").asInt()).as("sign-ups are speaking").isEqualTo(3);
		assertThat(health.get("messages").asInt()).isEqualTo(3);
		assertThat(get("/api/groups/wr-unknown-" + UUID.randomUUID() + "/sign-ups/x").getStatusCode().value())
			.isEqualTo(404);
	}

	@Test
	void anAssessmentMeetingAnotherOfTheSameGroupAtOnceKeepsTheOtherOnesAndAnswers() throws Exception {
		String group = "wr-" + UUID.randomUUID();
		event("join-" + group, "member-" + UUID.randomUUID(), "GroupJoined", Map.of("groupId", group));
		LocalDate today = this.clock.now().atZone(ZoneId.of(this.zone)).toLocalDate();
		// another assessment (the nightly one, on another node) has written the group's
		// day and not committed yet
		ResponseEntity<JsonNode> assessed;
		try (HeldTransaction other = HeldTransaction.writing(this.transaction, () -> this.jdbc.sql("""
				insert into group_health (group_id, assessed_on, health, rule, members, active_members, messages,
				  ad_messages, assessed_at)
				values (:id, :day, 'DEAD', 'the other assessment', 1, 0, 0, 0, current_timestamp)""")
			.param("id", group)
			.param("day", today)
			.update())) {
			CompletableFuture<ResponseEntity<JsonNode>> answer = CompletableFuture.supplyAsync(
					() -> this.api.post().uri("/api/groups/health/assessments").retrieve().toEntity(JsonNode.class));
			// the request's own write of the group's day waits for the other's
			await().atMost(Duration.ofSeconds(20))
				.until(() -> DatabaseProbes.waitingForALock(this.jdbc, this.dialect, "insert into group_health"));
			other.commit();
			assessed = answer.get(60, TimeUnit.SECONDS);
		}

		assertThat(assessed.getStatusCode().value()).as(String.valueOf(assessed.getBody())).isEqualTo(200);
		assertThat(healthOf(assessed.getBody(), group).get("rule").asText()).isEqualTo("the other assessment");
	}

	@Test
	void badDescriptionsAreRefusedSayingWhatToFix() {
		String group = "wr-" + UUID.randomUUID();

		assertThat(refusal(group, Map.of("name", "群", "type", "WEEKLY", "owners", List.of("a")))).contains("'type'");
		assertThat(refusal(group, Map.of("name", "群", "type", "DAILY"))).contains("'owners'");
		assertThat(refusal(group, Map.of("type", "DAILY", "owners", List.of("a")))).contains("'name'");
		assertThat(get("/api/groups/" + group).getStatusCode().value()).isEqualTo(404);
		assertThat(get("/api/groups?type=WEEKLY").getStatusCode().value()).isEqualTo(400);
	}

	private String refusal(String group, Map<String, Object> body) {
		ResponseEntity<JsonNode> answer = put(group, body);
		assertThat(answer.getStatusCode().value()).isEqualTo(400);
		return answer.getBody().get("detail").asText();
	}

	private ResponseEntity<JsonNode> put(String group, Map<String, Object> body) {
		return this.api.method(HttpMethod.PUT)
			.uri("/api/groups/" + group)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private void event(String eventId, String customer, String type, Map<String, Object> properties) {
		TestApi.postJson(this.api, "/api/events",
				Map.of("eventId", eventId, "customerId", customer, "type", type, "properties", properties));
	}

	private static JsonNode healthOf(JsonNode assessments, String group) {
		return StreamSupport.stream(assessments.spliterator(), false)
			.filter((row) -> row.get("groupId").asText().equals(group))
			.findFirst()
			.orElseThrow();
	}

	private ResponseEntity<JsonNode> get(String path) {
		return this.api.get().uri(path).retrieve().toEntity(JsonNode.class);
	}

}
