package dev.siyu.referral;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.DatabaseProbes;
import dev.siyu.system.HeldTransaction;
import dev.siyu.system.SqlDialect;
import dev.siyu.system.TestApi;
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
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Invite codes, invitations and rewards over real HTTP: friends' events carry the code,
 * the referral rules decide, the inviter hears of those that count.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
// the same context as EventApiTest's
@TestPropertySource(properties = { "siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false",
		"camunda.bpm.job-execution.enabled=true", "siyu.events.expiry-sweep=30s", "siyu.events.auto-notify=true" })
@ActiveProfiles("test")
class ReferralApiTest {

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@Autowired
	SqlDialect dialect;

	RestClient api;

	@BeforeEach
	void client() {
		this.api = TestApi.asDemo(this.port);
	}

	@Test
	void herInviteCodeIsMadeOnceAndTheSameEverAfter() {
		String inviter = customer();

		JsonNode first = get("/api/customers/" + inviter + "/invite").getBody();
		JsonNode again = get("/api/customers/" + inviter + "/invite").getBody();

		String code = first.get("code").asText();
		assertThat(code).matches("[2-9A-HJ-KM-NP-Z]{8}");
		assertThat(again.get("code").asText()).isEqualTo(code);
		assertThat(first.get("link").asText()).isEqualTo("https://m.siyu.example/invite/" + code);
		assertThat(first.get("officialAccountScene").asText()).isEqualTo("invite_" + code);
		ResponseEntity<JsonNode> unknown = get("/api/customers/nobody-" + UUID.randomUUID() + "/invite");
		assertThat(unknown.getStatusCode().value()).isEqualTo(404);
		assertThat(unknown.getBody().get("detail").asText()).contains("No customer with id");
	}

	@Test
	void friendsEventsCarryTheCodeAndTheRulesDecideWhoCounts() {
		String inviter = customer();
		String code = get("/api/customers/" + inviter + "/invite").getBody().get("code").asText();
		String friend = "friend-" + UUID.randomUUID();

		assertThat(followed(friend, code.toLowerCase()).getStatusCode().value()).isEqualTo(202);
		assertThat(followed(friend, code).getStatusCode().value()).as("her second follow, another event")
			.isEqualTo(202);
		followed(inviter, code);

		JsonNode invitations = get("/api/customers/" + inviter + "/referrals").getBody();
		assertThat(invitations.get("counted").asInt()).isEqualTo(1);
		assertThat(invitations.get("notCounted").asInt()).isEqualTo(2);
		assertThat(invitations.get("invitations").findValuesAsText("decision")).containsExactly("SELF_INVITE",
				"ALREADY_INVITED", "COUNTED");
		assertThat(invitations.get("invitations").get(2).get("inviteeId").asText()).isEqualTo(friend);
		assertThat(invitations.get("invitations").get(2).get("rule").asText()).startsWith("COUNTED:");
		// she came in by the invitation; her inviter hears of it in her own stream
		assertThat(typesOf(friend)).containsExactlyInAnyOrder("Followed", "Referred", "Followed");
		await().atMost(Duration.ofSeconds(20)).until(() -> typesOf(inviter).contains("ReferralCounted"));
		assertThat(typesOf(inviter)).containsExactlyInAnyOrder("ReferralCounted", "Followed");
		assertThat(get("/api/customers/" + inviter + "/rewards").getBody()).isEmpty();
	}

	@Test
	void theSameEventSentTwiceIsJudgedOnce() {
		String inviter = customer();
		String code = get("/api/customers/" + inviter + "/invite").getBody().get("code").asText();
		String friend = "friend-" + UUID.randomUUID();
		Map<String, Object> event = Map.of("eventId", "follow-" + friend, "customerId", friend, "type", "Followed",
				"properties", Map.of("scene", "invite", "inviteCode", code));

		post("/api/events", event);
		post("/api/events", event);

		assertThat(get("/api/customers/" + inviter + "/referrals").getBody().get("invitations")).hasSize(1);
	}

	@Test
	void eventsSiyuMakesItselfAndBadCodesAreRefused() {
		String inviter = customer();

		ResponseEntity<JsonNode> forged = post("/api/events", Map.of("eventId", "forged-" + inviter, "customerId",
				inviter, "type", "ReferralCounted", "properties", Map.of("inviteeId", "someone")));
		ResponseEntity<JsonNode> numeric = post("/api/events", Map.of("eventId", "numeric-" + inviter, "customerId",
				"friend-" + UUID.randomUUID(), "type", "Followed", "properties", Map.of("inviteCode", 12345678)));
		ResponseEntity<JsonNode> unknown = followed("friend-" + UUID.randomUUID(), "NOSUCH99");

		ResponseEntity<JsonNode> squatting = post("/api/events",
				Map.of("eventId", "referred:1", "customerId", inviter, "type", "Followed"));
		assertThat(squatting.getStatusCode().value()).isEqualTo(400);
		assertThat(squatting.getBody().get("detail").asText()).contains("'eventId' must not start with");
		assertThat(forged.getStatusCode().value()).isEqualTo(400);
		assertThat(forged.getBody().get("detail").asText()).contains("recorded by Siyu itself", "inviteCode");
		assertThat(numeric.getStatusCode().value()).isEqualTo(400);
		assertThat(numeric.getBody().get("detail").asText()).contains("'properties.inviteCode'");
		assertThat(unknown.getStatusCode().value()).isEqualTo(202);
		assertThat(this.jdbc.sql("select decision from referral where code = 'NOSUCH99'").query(String.class).list())
			.containsExactly("UNKNOWN_CODE");
		assertThat(typesOf(inviter)).isEmpty();
	}

	@Test
	void contestsAreCheckedAndReadOverTheApi() {
		String key = "api-week-" + UUID.randomUUID().toString().substring(0, 8);
		// a window of its own, in the future: the other tests here invite now
		OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(30);
		Map<String, Object> contest = Map.of("key", key, "name", "邀请周榜", "startsAt", start.toString(), "endsAt",
				start.plusDays(7).toString(), "topN", 3, "offer", "CONTEST_TOP_PRIZE");

		ResponseEntity<JsonNode> created = post("/api/referral-contests", contest);
		ResponseEntity<JsonNode> again = post("/api/referral-contests", contest);

		assertThat(created.getStatusCode().value()).isEqualTo(201);
		assertThat(created.getHeaders().getLocation()).hasPath("/api/referral-contests/" + key);
		assertThat(created.getBody().get("status").asText()).isEqualTo("UPCOMING");
		assertThat(again.getStatusCode().value()).isEqualTo(409);
		assertThat(get("/api/referral-contests/" + key + "/leaderboard").getBody()).isEmpty();
		assertThat(get("/api/referral-contests").getBody().findValuesAsText("key")).contains(key);
		assertThat(get("/api/referral-contests/nothing-like-it").getStatusCode().value()).isEqualTo(404);
		assertThat(refusal(contest, "topN", 0)).contains("'topN'");
		assertThat(refusal(contest, "offer", "FREE_CAR")).contains("'offer' must be one of");
		assertThat(refusal(contest, "endsAt", start.minusDays(1).toString())).contains("'endsAt' must be after");
		assertThat(refusal(contest, "key", "Not A Key")).contains("'key'");
	}

	@Test
	void aContestCreatedTwiceAtOnceIsCreatedOnceAndTheOtherRequestIsToldItExists() throws Exception {
		String key = "api-race-" + UUID.randomUUID().toString().substring(0, 8);
		OffsetDateTime start = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(30);
		Map<String, Object> contest = Map.of("key", key, "name", "邀请周榜", "startsAt", start.toString(), "endsAt",
				start.plusDays(7).toString(), "topN", 3, "offer", "CONTEST_TOP_PRIZE");
		ResponseEntity<JsonNode> second;
		// the first request's transaction has written the contest and not committed yet
		try (HeldTransaction first = HeldTransaction.writing(this.transaction,
				() -> this.jdbc
					.sql("""
							insert into referral_contest (contest_key, name, starts_at, ends_at, top_n, offer, created_at, created_by)
							values (:key, '邀请周榜', :starts, :ends, 3, 'CONTEST_TOP_PRIZE', current_timestamp, 'demo')""")
					.param("key", key)
					.param("starts", start)
					.param("ends", start.plusDays(7))
					.update())) {
			CompletableFuture<ResponseEntity<JsonNode>> answer = CompletableFuture
				.supplyAsync(() -> post("/api/referral-contests", contest));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> DatabaseProbes.waitingForALock(this.jdbc, this.dialect, "insert into referral_contest"));
			first.commit();
			second = answer.get(60, TimeUnit.SECONDS);
		}

		assertThat(second.getStatusCode().value()).as(String.valueOf(second.getBody())).isEqualTo(409);
		assertThat(second.getBody().get("detail").asText()).contains("exists already");
		assertThat(this.jdbc.sql("select count(*) from referral_contest where contest_key = :key")
			.param("key", key)
			.query(Long.class)
			.single()).isOne();
	}

	private String refusal(Map<String, Object> contest, String field, Object value) {
		Map<String, Object> changed = new java.util.HashMap<>(contest);
		changed.put(field, value);
		changed.put("key", "key".equals(field) ? value : "other-" + UUID.randomUUID().toString().substring(0, 8));
		ResponseEntity<JsonNode> answer = post("/api/referral-contests", changed);
		assertThat(answer.getStatusCode().value()).as(field).isEqualTo(400);
		return answer.getBody().get("detail").asText();
	}

	private String customer() {
		String id = "inviter-" + UUID.randomUUID();
		assertThat(post("/api/customers", Map.of("id", id, "followedOfficialAccount", true)).getStatusCode().value())
			.isEqualTo(201);
		return id;
	}

	private ResponseEntity<JsonNode> followed(String customerId, String code) {
		return post("/api/events", Map.of("eventId", "follow-" + UUID.randomUUID(), "customerId", customerId, "type",
				"Followed", "properties", Map.of("scene", "invite", "inviteCode", code)));
	}

	private List<String> typesOf(String customerId) {
		return this.jdbc.sql("select type from customer_event where customer_id = :id")
			.param("id", customerId)
			.query(String.class)
			.list();
	}

	private ResponseEntity<JsonNode> get(String path) {
		return this.api.get().uri(path).retrieve().toEntity(JsonNode.class);
	}

	private ResponseEntity<JsonNode> post(String path, Object body) {
		return TestApi.postJson(this.api, path, body);
	}

}
