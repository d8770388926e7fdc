package dev.siyu.journey;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.siyu.system.CrashDatabase;
import dev.siyu.system.SiyuJvm;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * 300 followers of the Official Account come in as ad leads over HTTP, four clients at a
 * time (two one lead per request, two in batches of ten, which go through the inbox and
 * the notifier), while Siyu, with its job executor, dispatcher and the WeChat channel
 * live against a stand-in for api.weixin.qq.com, is killed with SIGKILL three times
 * mid-intake and mid-send and started again on the same database. Every lead acknowledged
 * is kept, and every customer gets the ad journey's first content exactly once: one
 * {@code client_msg_id} each (WeChat sends a template message once per open id and
 * {@code client_msg_id}, so a resend after a crash reaches her once). On the embedded H2
 * file Siyu runs on by default, and on PostgreSQL in the failsafe run.
 */
class JourneyCrashTest {

	private static final int CUSTOMERS = 300;

	private static final Pattern TOUSER = Pattern.compile("\"touser\"\\s*:\\s*\"([^\"]+)\"");

	private static final Pattern CLIENT_MSG_ID = Pattern.compile("\"client_msg_id\"\\s*:\\s*\"([^\"]+)\"");

	private final WireMockServer wechat = new WireMockServer(options().dynamicPort().asynchronousResponseEnabled(true));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private SiyuJvm siyu;

	@AfterEach
	void stop() {
		if (this.siyu != null) {
			this.siyu.close();
		}
		this.wechat.stop();
	}

	@Test
	void everyLeadAcknowledgedGetsTheFirstContentOnceAcrossThreeKills() throws Exception {
		this.wechat.start();
		this.wechat.stubFor(get(urlPathEqualTo("/cgi-bin/token"))
			.willReturn(okJson("{\"access_token\": \"CRASH-TOKEN\", \"expires_in\": 7200}")));
		this.wechat
			.stubFor(post(urlPathEqualTo("/cgi-bin/message/template/send")).willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"errcode\": 0, \"errmsg\": \"ok\", \"msgid\": 200228332}")
				.withFixedDelay(20)));
		CrashDatabase database = CrashDatabase.create();
		List<String> arguments = new ArrayList<>(database.arguments());
		arguments.addAll(List.of("--siyu.demo-data.enabled=false", "--siyu.guardrails.quiet-hours.enabled=false",
				"--siyu.channels.wechat-mp.mode=live", "--siyu.channels.wechat-mp.app-id=wx5f1e2d3c4b5a6978",
				"--siyu.channels.wechat-mp.secret=0123456789abcdef0123456789abcdef",
				"--siyu.channels.wechat-mp.token=callback-token",
				"--siyu.channels.wechat-mp.api-base-url=" + this.wechat.baseUrl(),
				"--SIYU_WECHAT_TEMPLATE_OA_CONTENT_1=TPL-CONTENT-1", "--siyu.messaging.poll-interval=1s",
				"--logging.level.root=warn", "--logging.level.dev.siyu.SiyuApplication=info"));
		this.siyu = new SiyuJvm(arguments);
		this.siyu.start();

		AtomicInteger acknowledged = new AtomicInteger();
		ExecutorService clients = Executors.newFixedThreadPool(4);
		List<Future<?>> leads = new ArrayList<>();
		for (int client = 0; client < 4; client++) {
			int first = client;
			// two clients send one lead per request, two send batches of ten
			boolean batches = client >= 2;
			leads.add(clients.submit(() -> {
				List<String> batch = new ArrayList<>();
				for (int i = first; i < CUSTOMERS; i += 4) {
					if (!batches) {
						enterAsLead("crash-" + i, acknowledged);
						continue;
					}
					batch.add("crash-" + i);
					if (batch.size() == 10 || i + 4 >= CUSTOMERS) {
						enterAsLeads(batch, acknowledged);
						batch.clear();
					}
				}
				return null;
			}));
		}
		for (int kill = 1; kill <= 3; kill++) {
			int reached = CUSTOMERS * kill / 4;
			await().atMost(Duration.ofMinutes(3)).until(() -> acknowledged.get() >= reached);
			this.siyu.kill();
			this.siyu.start();
		}
		for (Future<?> lead : leads) {
			lead.get();
		}
		clients.shutdown();
		try {
			await().atMost(Duration.ofMinutes(4))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> firstContents().size() >= CUSTOMERS);
		}
		catch (ConditionTimeoutException ex) {
			// the assertions below say who is missing
		}
		this.siyu.stop();

		Map<String, Set<String>> contents = firstContents();
		System.out.printf("journey crash test: %d leads acknowledged, %d customers got content #1, %d requests%n",
				acknowledged.get(), contents.size(), this.wechat.getAllServeEvents().size());
		assertThat(contents).as("customers who got content #1; Siyu's log: " + this.siyu.log()).hasSize(CUSTOMERS);
		assertThat(contents.values()).as("one client_msg_id (one outbox message) per customer")
			.allSatisfy((ids) -> assertThat(ids).hasSize(1));
		try (Connection connection = database.connect()) {
			assertThat(count(connection, "select count(*) from customer where id like 'crash-%'")).isEqualTo(CUSTOMERS);
			assertThat(count(connection,
					"select count(*) from customer_event where type = 'AdLeadCaptured' and customer_id like 'crash-%'"))
				.isEqualTo(CUSTOMERS);
			assertThat(count(connection,
					"select count(distinct customer_id) from enrolment "
							+ "where process_key = 'ad-to-purchase' and customer_id like 'crash-%'"))
				.isEqualTo(CUSTOMERS);
			assertThat(count(connection,
					"select count(*) from enrolment where process_key = 'ad-to-purchase' and customer_id like 'crash-%'"))
				.as("no customer entered twice")
				.isEqualTo(CUSTOMERS);
		}
	}

	/**
	 * Creates the follower and sends her lead, again and again until both are
	 * acknowledged.
	 */
	private void enterAsLead(String customer, AtomicInteger acknowledged) throws InterruptedException {
		String profile = """
				{"id": "%s", "followedOfficialAccount": true, "wechatOpenId": "o-%s"}""".formatted(customer, customer);
		String lead = """
				{"eventId": "lead-%s", "customerId": "%s", "type": "AdLeadCaptured",
				 "properties": {"adPlanId": "plan-618"}}""".formatted(customer, customer);
		postUntilAcknowledged("/api/customers", profile);
		postUntilAcknowledged("/api/events", lead);
		acknowledged.incrementAndGet();
	}

	/**
	 * Creates the followers, then sends their leads in one batch until it is answered.
	 */
	private void enterAsLeads(List<String> customers, AtomicInteger acknowledged) throws InterruptedException {
		List<String> leads = new ArrayList<>();
		for (String customer : customers) {
			postUntilAcknowledged("/api/customers", """
					{"id": "%s", "followedOfficialAccount": true, "wechatOpenId": "o-%s"}""".formatted(customer,
					customer));
			leads.add("""
					{"eventId": "lead-%s", "customerId": "%s", "type": "AdLeadCaptured",
					 "properties": {"adPlanId": "plan-618"}}""".formatted(customer, customer));
		}
		postUntilAcknowledged("/api/events", "[" + String.join(",", leads) + "]");
		acknowledged.addAndGet(customers.size());
	}

	private void postUntilAcknowledged(String path, String body) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.siyu.baseUrl() + path))
			.header("Content-Type", "application/json")
			.header("Authorization",
					"Basic " + Base64.getEncoder().encodeToString("demo:demo".getBytes(StandardCharsets.UTF_8)))
			.timeout(Duration.ofSeconds(30))
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		for (int attempt = 0; attempt < 600; attempt++) {
			try {
				HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
				int status = response.statusCode();
				assertThat(response.body()).as("a lead refused").doesNotContain("\"REJECTED\"");
				if (status >= 200 && status < 300 && !response.body().contains("\"FAILED\"")) {
					return;
				}
				assertThat(status).as(path + " " + body).isIn(200, 500, 502, 503);
			}
			catch (java.io.IOException ex) {
				// Siyu is down: a client tries again, as a real one does
			}
			Thread.sleep(200);
		}
		throw new AssertionError("Siyu never acknowledged " + path + " " + body + "; see " + this.siyu.log());
	}

	/**
	 * Each open id that got template TPL-CONTENT-1, with the client_msg_ids it came
	 * under.
	 */
	private Map<String, Set<String>> firstContents() {
		Map<String, Set<String>> byOpenId = new HashMap<>();
		this.wechat.getAllServeEvents().forEach((event) -> {
			String body = event.getRequest().getBodyAsString();
			if (event.getRequest().getUrl().startsWith("/cgi-bin/message/template/send")
					&& body.contains("TPL-CONTENT-1")) {
				Matcher touser = TOUSER.matcher(body);
				Matcher clientMsgId = CLIENT_MSG_ID.matcher(body);
				if (touser.find() && clientMsgId.find()) {
					byOpenId.computeIfAbsent(touser.group(1), (id) -> new HashSet<>()).add(clientMsgId.group(1));
				}
			}
		});
		return byOpenId;
	}

	private static long count(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
	}

}
