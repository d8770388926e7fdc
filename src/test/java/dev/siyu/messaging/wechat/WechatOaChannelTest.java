package dev.siyu.messaging.wechat;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.Dispatcher;
import dev.siyu.messaging.MessageCategory;
import dev.siyu.messaging.MessagingTestSupport;
import dev.siyu.messaging.Outbox;
import dev.siyu.messaging.VendorTokens;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Official Account channel in live mode against a stand-in for api.weixin.qq.com that
 * answers as WeChat does: access tokens from {@code /cgi-bin/token}, template and
 * customer-service messages with {@code errcode}/{@code errmsg}/{@code msgid}.
 */
@SpringBootTest(properties = { "siyu.channels.wechat-mp.mode=live",
		"siyu.channels.wechat-mp.app-id=" + WechatOaChannelTest.APP_ID,
		"siyu.channels.wechat-mp.secret=" + WechatOaChannelTest.SECRET,
		"siyu.channels.wechat-mp.token=callback-token" })
@ActiveProfiles("test")
class WechatOaChannelTest {

	static final String APP_ID = "wx5f1e2d3c4b5a6978";

	static final String SECRET = "0123456789abcdef0123456789abcdef";

	/** 10:00 in Shanghai: outside quiet hours. */
	private static final Instant DAYTIME = Instant.parse("2026-06-01T02:00:00Z");

	private static final String TOKEN_KEY = "wechat-mp:" + APP_ID;

	private static final String TEMPLATE_SEND = "/cgi-bin/message/template/send";

	private static final String CUSTOM_SEND = "/cgi-bin/message/custom/send";

	private static final WireMockServer wechat = new WireMockServer(options().dynamicPort());

	static {
		wechat.start();
	}

	@DynamicPropertySource
	static void wechatApi(DynamicPropertyRegistry registry) {
		registry.add("siyu.channels.wechat-mp.api-base-url", wechat::baseUrl);
	}

	@AfterAll
	static void stopWechat() {
		wechat.stop();
	}

	@Autowired
	private Outbox outbox;

	@Autowired
	private Dispatcher dispatcher;

	@Autowired
	private CustomerRepository customers;

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private VendorTokens tokens;

	@BeforeEach
	void daytimeAndFreshWechat() {
		MessagingTestSupport.noEarlierMessagesDue(this.jdbc);
		ClockUtil.setCurrentTime(Date.from(DAYTIME));
		wechat.resetAll();
		// messages of other tests that are still due must not reach this test's stubs
		this.jdbc.sql("update message set status = 'SUPPRESSED' where status in ('PENDING', 'DEFERRED')").update();
		this.jdbc.sql("delete from vendor_token where token_key = :key").param("key", TOKEN_KEY).update();
		wechat.stubFor(tokenRequest().willReturn(okJson(token("TOKEN-1"))));
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void sendsTemplateMessageWithClientMsgIdAndFieldsFromTheTemplate() {
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).willReturn(okJson(sent(200228332L))));
		String openId = newOpenId();
		long id = send(customerFollowing(openId), "wechat-test-shipped");

		assertThat(message(id)).containsEntry("status", "SENT").containsEntry("vendor_message_id", "200228332");
		wechat.verify(postRequestedFor(urlPathEqualTo(TEMPLATE_SEND)).withQueryParam("access_token", equalTo("TOKEN-1"))
			.withRequestBody(equalToJson("""
					{"touser": "%s", "template_id": "TPL-SHIPPED-01",
					 "url": "https://m.siyu.example/orders/o-1001", "client_msg_id": "siyu-%d",
					 "data": {"first": {"value": "小林，你的订单已发货"}, "keyword1": {"value": "o-1001"},
					          "remark": {"value": "点击查看物流"}}}""".formatted(openId, id), false, true)));
	}

	@Test
	void sendsBodyAsCustomerServiceTextWhenTheTemplateNamesNoWechatTemplate() {
		wechat.stubFor(post(urlPathEqualTo(CUSTOM_SEND)).willReturn(okJson("""
				{"errcode": 0, "errmsg": "ok"}""")));
		String openId = newOpenId();
		long id = send(customerFollowing(openId), "wechat-test-text");

		assertThat(message(id)).containsEntry("status", "SENT");
		wechat.verify(postRequestedFor(urlPathEqualTo(CUSTOM_SEND)).withQueryParam("access_token", equalTo("TOKEN-1"))
			.withRequestBody(equalToJson("""
					{"touser": "%s", "msgtype": "text", "text": {"content": "小林，你好！回复 1 查看本周新品。"}}""".formatted(openId),
					false, true)));
	}

	@Test
	void refreshesAnExpiredTokenAndSendsAgain() {
		wechat.resetAll();
		wechat.stubFor(tokenRequest().inScenario("token")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson(token("TOKEN-1")))
			.willSetStateTo("refreshed"));
		wechat.stubFor(tokenRequest().inScenario("token")
			.whenScenarioStateIs("refreshed")
			.willReturn(okJson(token("TOKEN-2"))));
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).withQueryParam("access_token", equalTo("TOKEN-1"))
			.willReturn(okJson("""
					{"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}""")));
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).withQueryParam("access_token", equalTo("TOKEN-2"))
			.willReturn(okJson(sent(200228333L))));

		long id = send(customerFollowing(newOpenId()), "wechat-test-shipped");

		assertThat(message(id)).containsEntry("status", "SENT").containsEntry("vendor_message_id", "200228333");
		wechat.verify(2, getRequestedFor(urlPathEqualTo("/cgi-bin/token")));
		assertThat(storedToken()).isEqualTo("TOKEN-2");
	}

	@Test
	void defersThrottledMessageWithoutCountingAnAttempt() {
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).willReturn(okJson("""
				{"errcode": 45009, "errmsg": "reach max api daily quota limit"}""")));
		long id = send(customerFollowing(newOpenId()), "wechat-test-shipped");

		Map<String, Object> message = message(id);
		assertThat(message).containsEntry("status", "DEFERRED")
			.containsEntry("vendor_code", "45009")
			.containsEntry("attempts", 0)
			.containsEntry("error", null);
		assertThat(((OffsetDateTime) message.get("next_attempt_at")).toInstant()).isAfter(DAYTIME);
	}

	@Test
	void failsMessageToCustomerWhoDoesNotFollowWithTheVendorCode() {
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).willReturn(okJson("""
				{"errcode": 43004, "errmsg": "require subscribe"}""")));
		long id = send(customerFollowing(newOpenId()), "wechat-test-shipped");

		assertThat(message(id)).containsEntry("status", "FAILED").containsEntry("vendor_code", "43004");
		assertThat((String) message(id).get("outcome_reason")).startsWith("WeChat 43004");
	}

	@Test
	void failsMessageToCustomerWithoutOpenIdWithoutCallingWechat() {
		String customerId = "c-" + UUID.randomUUID();
		this.customers.upsert(customerId, new CustomerChanges("小林", null, true, null, null));
		long id = send(customerId, "wechat-test-shipped");

		assertThat(message(id)).containsEntry("status", "FAILED").containsEntry("vendor_code", "NO_OPENID");
		wechat.verify(0, postRequestedFor(urlPathEqualTo(TEMPLATE_SEND)));
	}

	@Test
	void defersMessageOnServerErrorAndSendsItOnTheNextAttempt() {
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).willReturn(aResponse().withStatus(500)));
		long id = send(customerFollowing(newOpenId()), "wechat-test-shipped");

		Map<String, Object> failed = message(id);
		assertThat(failed).containsEntry("status", "DEFERRED").containsEntry("attempts", 1);
		assertThat(failed.get("error")).isNotNull();

		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).willReturn(okJson(sent(200228334L))));
		ClockUtil.setCurrentTime(Date.from(((OffsetDateTime) failed.get("next_attempt_at")).toInstant()));
		this.dispatcher.dispatchDue();

		assertThat(message(id)).containsEntry("status", "SENT").containsEntry("attempts", 2);
		wechat.verify(2, postRequestedFor(urlPathEqualTo(TEMPLATE_SEND)));
	}

	@Test
	void storesTheTokenForAllAndReusesItForTheNextMessage() {
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).willReturn(okJson(sent(200228335L))));
		long first = send(customerFollowing(newOpenId()), "wechat-test-shipped");
		long second = send(customerFollowing(newOpenId()), "wechat-test-shipped");

		assertThat(message(first)).containsEntry("status", "SENT");
		assertThat(message(second)).containsEntry("status", "SENT");
		wechat.verify(1, getRequestedFor(urlPathEqualTo("/cgi-bin/token")));
		wechat.verify(2,
				postRequestedFor(urlPathEqualTo(TEMPLATE_SEND)).withQueryParam("access_token", equalTo("TOKEN-1")));
		assertThat(storedToken()).isEqualTo("TOKEN-1");
		OffsetDateTime expires = this.jdbc.sql("select expires_at from vendor_token where token_key = :key")
			.param("key", TOKEN_KEY)
			.query(OffsetDateTime.class)
			.single();
		assertThat(expires.toInstant()).isBetween(Instant.now().plus(Duration.ofMinutes(110)),
				Instant.now().plus(Duration.ofMinutes(121)));
	}

	@Test
	void leavesTheTokenFetchToTheNodeHoldingTheLease() {
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).willReturn(okJson(sent(200228336L))));
		assertThat(this.tokens.tryLease(TOKEN_KEY, Duration.ofMinutes(1))).isTrue();

		long id = send(customerFollowing(newOpenId()), "wechat-test-shipped");

		assertThat(message(id)).containsEntry("status", "DEFERRED").containsEntry("attempts", 1);
		wechat.verify(0, getRequestedFor(urlPathEqualTo("/cgi-bin/token")));
		wechat.verify(0, postRequestedFor(urlPathEqualTo(TEMPLATE_SEND)));
	}

	@Test
	void usesTheTokenAnotherNodeStoredWhileWaitingForTheLease() {
		wechat.stubFor(post(urlPathEqualTo(TEMPLATE_SEND)).willReturn(okJson(sent(200228337L))));
		assertThat(this.tokens.tryLease(TOKEN_KEY, Duration.ofMinutes(1))).isTrue();
		CompletableFuture.runAsync(() -> {
			this.tokens.put(TOKEN_KEY, "TOKEN-OF-OTHER-NODE", Instant.now().plus(Duration.ofHours(2)));
			this.tokens.release(TOKEN_KEY);
		}, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));

		long id = send(customerFollowing(newOpenId()), "wechat-test-shipped");

		assertThat(message(id)).containsEntry("status", "SENT");
		wechat.verify(0, getRequestedFor(urlPathEqualTo("/cgi-bin/token")));
		wechat.verify(postRequestedFor(urlPathEqualTo(TEMPLATE_SEND)).withQueryParam("access_token",
				equalTo("TOKEN-OF-OTHER-NODE")));
	}

	private static MappingBuilder tokenRequest() {
		return get(urlPathEqualTo("/cgi-bin/token")).withQueryParam("grant_type", equalTo("client_credential"))
			.withQueryParam("appid", equalTo(APP_ID))
			.withQueryParam("secret", equalTo(SECRET));
	}

	private static String token(String value) {
		return """
				{"access_token": "%s", "expires_in": 7200}""".formatted(value);
	}

	private static String sent(long msgId) {
		return """
				{"errcode": 0, "errmsg": "ok", "msgid": %d}""".formatted(msgId);
	}

	private static String newOpenId() {
		return "oX" + UUID.randomUUID().toString().replace("-", "").substring(0, 26);
	}

	private String customerFollowing(String openId) {
		String id = "c-" + UUID.randomUUID();
		this.customers.upsert(id, new CustomerChanges("小林", null, true, null, null, openId, null, null, null, true));
		return id;
	}

	/** Queues a marketing message as a journey step would, then runs the dispatcher. */
	private long send(String customerId, String template) {
		String key = "test-" + UUID.randomUUID();
		this.transaction.executeWithoutResult(
				(status) -> this.outbox.enqueue(new Outbox.Request(key, customerId, ChannelType.WECHAT_OA, template,
						MessageCategory.MARKETING, Map.of("orderId", "o-1001"), null, null, null)));
		this.dispatcher.dispatchDue();
		return this.jdbc.sql("select id from message where idempotency_key = :key")
			.param("key", key)
			.query(Long.class)
			.single();
	}

	private Map<String, Object> message(long id) {
		return this.jdbc.sql("""
				select status, attempts, vendor_code, vendor_message_id, outcome_reason, error, next_attempt_at
				from message where id = :id""").param("id", id).query((rs, row) -> {
			Map<String, Object> columns = new java.util.HashMap<>();
			columns.put("status", rs.getString("status"));
			columns.put("attempts", rs.getInt("attempts"));
			columns.put("vendor_code", rs.getString("vendor_code"));
			columns.put("vendor_message_id", rs.getString("vendor_message_id"));
			columns.put("outcome_reason", rs.getString("outcome_reason"));
			columns.put("error", rs.getString("error"));
			columns.put("next_attempt_at", rs.getObject("next_attempt_at", OffsetDateTime.class));
			return columns;
		}).single();
	}

	private String storedToken() {
		return this.jdbc.sql("select token from vendor_token where token_key = :key")
			.param("key", TOKEN_KEY)
			.query(String.class)
			.single();
	}

}
