package dev.siyu.messaging.wecom;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
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
 * The live WeCom adapter against a stub that answers as {@code qyapi.weixin.qq.com} does:
 * {@code GET /cgi-bin/gettoken?corpid=&corpsecret=} and
 * {@code POST /cgi-bin/externalcontact/add_msg_template?access_token=}, errors as
 * {@code {"errcode":…,"errmsg":…}} with HTTP 200.
 */
@SpringBootTest(
		properties = { "siyu.channels.wecom.mode=live", "siyu.channels.wecom.corp-id=" + WecomChannelTest.CORP_ID,
				"siyu.channels.wecom.secret=" + WecomChannelTest.SECRET, "siyu.channels.wecom.token=QDG6eK",
				"siyu.channels.wecom.aes-key=jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
				"siyu.channels.wecom.sender=" + WecomChannelTest.SENDER })
@ActiveProfiles("test")
class WecomChannelTest {

	static final String CORP_ID = "ww5823bf96d3bd56c7";

	static final String SECRET = "contact-secret-for-tests";

	static final String SENDER = "zhangsan";

	private static final String TOKEN_PATH = "/cgi-bin/gettoken";

	private static final String SEND_PATH = "/cgi-bin/externalcontact/add_msg_template";

	/** 10:00 in Shanghai, outside quiet hours. */
	private static final Instant DAYTIME = Instant.parse("2026-06-01T02:00:00Z");

	static final WireMockServer wecom = new WireMockServer(options().dynamicPort());

	static {
		wecom.start();
	}

	@DynamicPropertySource
	static void wecomApi(DynamicPropertyRegistry registry) {
		registry.add("siyu.channels.wecom.api-base-url", wecom::baseUrl);
	}

	@Autowired
	private Outbox outbox;

	@Autowired
	private Dispatcher dispatcher;

	@Autowired
	private TransactionTemplate transaction;

	@Autowired
	private CustomerRepository customers;

	@Autowired
	private VendorTokens tokens;

	@Autowired
	private JdbcClient jdbc;

	@BeforeEach
	void daytimeAndNoToken() {
		MessagingTestSupport.noEarlierMessagesDue(this.jdbc);
		ClockUtil.setCurrentTime(Date.from(DAYTIME));
		wecom.resetAll();
		this.tokens.expire("wecom:" + CORP_ID + ":contact");
		wecom.stubFor(get(urlPathEqualTo(TOKEN_PATH)).withQueryParam("corpid", equalTo(CORP_ID))
			.withQueryParam("corpsecret", equalTo(SECRET))
			.willReturn(okJson(token("TOKEN_A"))));
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@AfterAll
	static void stopWecom() {
		wecom.stop();
	}

	@Test
	void createsAOneToOneMassSendTaskForTheCustomersExternalUserid() {
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(okJson(accepted("msgGCAAAXtWyujaWJHDDGi0mAAAA"))));
		String externalUserId = newExternalUserId();
		String customerId = customer(externalUserId);

		long id = send(customerId, "wecom-test-offer");

		assertThat(message(id)).containsEntry("status", "SENT")
			.containsEntry("vendor_message_id", "msgGCAAAXtWyujaWJHDDGi0mAAAA");
		wecom.verify(1, getRequestedFor(urlPathEqualTo(TOKEN_PATH)).withQueryParam("corpid", equalTo(CORP_ID))
			.withQueryParam("corpsecret", equalTo(SECRET)));
		wecom.verify(1, postRequestedFor(urlPathEqualTo(SEND_PATH)).withQueryParam("access_token", equalTo("TOKEN_A"))
			.withRequestBody(equalToJson("""
					{
					  "chat_type": "single",
					  "external_userid": ["%s"],
					  "sender": "zhangsan",
					  "text": {"content": "小满，夏日会员日来啦，全场第二件半价，点开看看。"},
					  "attachments": [{
					    "msgtype": "link",
					    "link": {
					      "title": "夏日会员日",
					      "desc": "全场第二件半价",
					      "url": "https://m.siyu.example/offers/summer?c=%s"
					    }
					  }]
					}""".formatted(externalUserId, customerId))));
	}

	@Test
	void renewsAnExpiredTokenOnceAndSendsAgain() {
		wecom.stubFor(get(urlPathEqualTo(TOKEN_PATH)).inScenario("token")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(okJson(token("TOKEN_A")))
			.willSetStateTo("renewed"));
		wecom.stubFor(get(urlPathEqualTo(TOKEN_PATH)).inScenario("token")
			.whenScenarioStateIs("renewed")
			.willReturn(okJson(token("TOKEN_B"))));
		wecom.stubFor(
				post(urlPathEqualTo(SEND_PATH)).withQueryParam("access_token", equalTo("TOKEN_A")).willReturn(okJson("""
						{"errcode":42001,"errmsg":"access_token expired"}""")));
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).withQueryParam("access_token", equalTo("TOKEN_B"))
			.willReturn(okJson(accepted("msgRENEWED"))));

		long id = send(customer(newExternalUserId()), "wecom-test-text");

		assertThat(message(id)).containsEntry("status", "SENT").containsEntry("vendor_message_id", "msgRENEWED");
		wecom.verify(2, getRequestedFor(urlPathEqualTo(TOKEN_PATH)));
		assertThat(this.tokens.get("wecom:" + CORP_ID + ":contact"))
			.hasValueSatisfying((token) -> assertThat(token.value()).isEqualTo("TOKEN_B"));
	}

	@Test
	void usesTheTokenAnotherNodeStoredWithoutFetchingOne() {
		this.tokens.put("wecom:" + CORP_ID + ":contact", "TOKEN_OF_NODE_2", Instant.now().plus(Duration.ofHours(1)));
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).withQueryParam("access_token", equalTo("TOKEN_OF_NODE_2"))
			.willReturn(okJson(accepted("msgSHARED"))));

		long id = send(customer(newExternalUserId()), "wecom-test-text");

		assertThat(message(id)).containsEntry("status", "SENT");
		wecom.verify(0, getRequestedFor(urlPathEqualTo(TOKEN_PATH)));
	}

	@Test
	void defersTheMessageWhenWecomSaysTooManyConcurrentCalls() {
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(okJson("""
				{"errcode":45033,"errmsg":"api concurrent out of limit"}""")));

		long id = send(customer(newExternalUserId()), "wecom-test-text");

		assertThat(message(id)).containsEntry("status", "DEFERRED")
			.containsEntry("vendor_code", "45033")
			.containsEntry("attempts", 0);
	}

	@Test
	void failsWithTheVendorCodeWhenTheCustomerIsNoLongerAnExternalContact() {
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(okJson("""
				{"errcode":84061,"errmsg":"not external contact"}""")));

		long id = send(customer(newExternalUserId()), "wecom-test-text");

		assertThat(message(id)).containsEntry("status", "FAILED").containsEntry("vendor_code", "84061");
	}

	@Test
	void failsWhenWecomListsTheCustomerAsImpossibleToSendTo() {
		String externalUserId = newExternalUserId();
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(okJson("""
				{"errcode":0,"errmsg":"ok","fail_list":["%s"],"msgid":"msgEMPTY"}""".formatted(externalUserId))));

		long id = send(customer(externalUserId), "wecom-test-text");

		assertThat(message(id)).containsEntry("status", "FAILED").containsEntry("vendor_code", "FAIL_LIST");
	}

	@Test
	void failsWithoutCallingWecomWhenTheCustomerHasNoExternalUserid() {
		long id = send(customer(null), "wecom-test-text");

		assertThat(message(id)).containsEntry("status", "FAILED").containsEntry("vendor_code", "NO_EXTERNAL_USERID");
		wecom.verify(0, postRequestedFor(urlPathEqualTo(SEND_PATH)));
	}

	@Test
	void defersOnAServerErrorAndSendsOnTheNextAttempt() {
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(aResponse().withStatus(500)));
		long id = send(customer(newExternalUserId()), "wecom-test-text");
		assertThat(message(id)).containsEntry("status", "DEFERRED")
			.containsEntry("vendor_code", "HTTP_500")
			.containsEntry("attempts", 1);

		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(okJson(accepted("msgSECOND"))));
		ClockUtil.setCurrentTime(Date.from(DAYTIME.plus(Duration.ofMinutes(1))));
		this.dispatcher.dispatchDue();

		assertThat(message(id)).containsEntry("status", "SENT")
			.containsEntry("vendor_message_id", "msgSECOND")
			.containsEntry("attempts", 2);
	}

	@Test
	void leavesSystemBusyToTheDispatchersRetryInsteadOfRetryingAtOnce() {
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(okJson("""
				{"errcode":-1,"errmsg":"system busy"}""")));

		long id = send(customer(newExternalUserId()), "wecom-test-text");

		assertThat(message(id)).containsEntry("status", "DEFERRED").containsEntry("vendor_code", "-1");
		wecom.verify(1, postRequestedFor(urlPathEqualTo(SEND_PATH)));
	}

	@Test
	void defersWhenWecomDoesNotAnswerInTime() {
		wecom.stubFor(post(urlPathEqualTo(SEND_PATH)).willReturn(okJson(accepted("msgLATE")).withFixedDelay(6_000)));

		long id = send(customer(newExternalUserId()), "wecom-test-text");

		assertThat(message(id)).containsEntry("status", "DEFERRED").containsEntry("attempts", 1);
	}

	private long send(String customerId, String template) {
		String key = "wecom-test-" + UUID.randomUUID();
		this.transaction.executeWithoutResult((status) -> this.outbox.enqueue(new Outbox.Request(key, customerId,
				ChannelType.WECOM, template, MessageCategory.MARKETING, Map.of(), null, null, null)));
		this.dispatcher.dispatchDue();
		return this.jdbc.sql("select id from message where idempotency_key = :key")
			.param("key", key)
			.query(Long.class)
			.single();
	}

	private Map<String, Object> message(long id) {
		return this.jdbc.sql("select status, vendor_message_id, vendor_code, attempts from message where id = :id")
			.param("id", id)
			.query()
			.singleRow();
	}

	private String customer(String externalUserId) {
		String id = "c-" + UUID.randomUUID();
		this.customers.upsert(id, new CustomerChanges("小满", null, null, externalUserId != null, null, null,
				externalUserId, null, null, null));
		return id;
	}

	private static String newExternalUserId() {
		return "wm" + UUID.randomUUID().toString().replace("-", "");
	}

	private static String token(String value) {
		return """
				{"errcode":0,"errmsg":"ok","access_token":"%s","expires_in":7200}""".formatted(value);
	}

	private static String accepted(String msgId) {
		return """
				{"errcode":0,"errmsg":"ok","fail_list":[],"msgid":"%s"}""".formatted(msgId);
	}

}
