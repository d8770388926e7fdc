package dev.siyu.messaging.sms;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.siyu.messaging.MessageCategory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vendors' pushes over real HTTP, in their own formats: Aliyun's SmsReport and SmsUp
 * arrays, Tencent's status and reply callbacks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "siyu.channels.sms.mode=live", "siyu.channels.sms.provider=aliyun",
				"siyu.channels.sms.access-key-id=test-key-id", "siyu.channels.sms.access-key-secret=test-key-secret",
				"siyu.channels.sms.sign-name=思域", "siyu.channels.sms.callback-token=" + SmsCallbackTest.TOKEN })
@ActiveProfiles("test")
class SmsCallbackTest extends SmsTestSupport {

	static final String TOKEN = "s3cret-callback-token";

	static final WireMockServer aliyun = new WireMockServer(options().dynamicPort());

	static {
		aliyun.start();
	}

	@DynamicPropertySource
	static void endpoint(DynamicPropertyRegistry registry) {
		registry.add("siyu.channels.sms.endpoint", () -> "http://localhost:" + aliyun.port());
	}

	@AfterAll
	static void stopVendor() {
		aliyun.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	ObjectMapper json;

	RestClient http;

	@BeforeEach
	void vendorAndClient() {
		aliyun.resetAll();
		this.http = RestClient.builder()
			.baseUrl("http://localhost:" + this.port)
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@Test
	void tdReplyOptsHerOutOfSmsAndHerNextMarketingSmsIsSuppressed() {
		String customer = customer("李娜", "13900139001");

		ResponseEntity<JsonNode> answer = push("aliyun", TOKEN, """
				[{"phone_number":"13900139001","content":" td ","send_time":"2026-06-01 09:58:00",
				  "dest_code":"1234","sequence_id":%d}]""".formatted(sequence()));

		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(answer.getBody().path("code").asInt(-1)).isZero();
		assertThat(this.customers.optedOut(customer, "sms")).isTrue();
		assertThat(eventTypes(customer)).containsExactly("Unsubscribed");

		long id = sendCoupon(customer);

		assertThat(message(id).status()).isEqualTo("SUPPRESSED");
		aliyun.verify(0, postRequestedFor(urlPathEqualTo("/")).withQueryParam("OutId", equalTo(String.valueOf(id))));
	}

	@Test
	void otherReplyIsStoredAsMessageReplied() {
		String customer = customer("王芳", "13900139002");

		push("aliyun", TOKEN, """
				[{"phone_number":"13900139002","content":"什么时候发货？","send_time":"2026-06-01 09:58:00",
				  "dest_code":"1234","sequence_id":"%d"}]""".formatted(sequence()));

		assertThat(eventTypes(customer)).containsExactly("MessageReplied");
		assertThat(this.customers.optedOut(customer, "sms")).isFalse();
	}

	@Test
	void tencentUnsubscribeFromAnUnknownNumberCreatesACustomerNotKeyedByThePhone() {
		ResponseEntity<JsonNode> answer = push("tencent", TOKEN, """
				{"extend":"","mobile":"13700137002","nationcode":"86","sign":"思域","text":"退订","time":1780279200}""");

		assertThat(answer.getStatusCode().value()).isEqualTo(200);
		assertThat(answer.getBody().path("result").asInt(-1)).isZero();
		assertThat(answer.getBody().path("errmsg").asText()).isEqualTo("OK");
		String customer = this.jdbc.sql("select id from customer where phone = '13700137002'")
			.query(String.class)
			.single();
		assertThat(customer).startsWith("sms:").doesNotContain("13700137002");
		assertThat(this.customers.optedOut(customer, "sms")).isTrue();
	}

	@Test
	void statusReportIsStoredOnceEvenWhenPushedTwice() {
		String bizId = "9006197469364984" + sequence() + "^0";
		aliyun.stubFor(post(urlPathEqualTo("/")).withHeader("x-acs-action", equalTo("SendSms"))
			.willReturn(okJson("""
					{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Message":"OK","BizId":"%s","Code":"OK"}"""
				.formatted(bizId))));
		String customer = customer("张伟", "13900139003");
		long id = sendCoupon(customer);
		String report = """
				[{"phone_number":"13900139003","send_time":"2026-06-01 10:00:00","report_time":"2026-06-01 10:00:08",
				  "success":true,"err_code":"DELIVERED","err_msg":"用户接收成功","sms_size":"1",
				  "biz_id":"%s","out_id":"%d"}]""".formatted(bizId, id);

		assertThat(push("aliyun", TOKEN, report).getStatusCode().value()).isEqualTo(200);
		assertThat(push("aliyun", TOKEN, report).getStatusCode().value()).isEqualTo(200);

		List<Map<String, Object>> events = this.jdbc
			.sql("select event_id, type, properties from customer_event where customer_id = :id")
			.param("id", customer)
			.query()
			.listOfRows();
		assertThat(events).hasSize(1);
		assertThat(events.get(0)).containsEntry("type", "DeliveryReported")
			.containsEntry("event_id", "sms:aliyun:report:" + bizId);
		JsonNode properties = readJson((String) events.get(0).get("properties"));
		assertThat(properties.path("messageId").asLong()).isEqualTo(id);
		assertThat(properties.path("status").asText()).isEqualTo("DELIVERED");
	}

	@Test
	void callbackWithoutTheRightTokenIsRefusedAndStoresNothing() {
		String customer = customer("刘洋", "13900139004");
		String reply = """
				[{"phone_number":"13900139004","content":"TD","send_time":"2026-06-01 09:58:00",
				  "dest_code":"1234","sequence_id":%d}]""".formatted(sequence());

		assertThat(push("aliyun", "guessed-token", reply).getStatusCode().value()).isEqualTo(403);
		assertThat(push("aliyun", null, reply).getStatusCode().value()).isEqualTo(403);
		assertThat(push("tencent", TOKEN.toUpperCase(), """
				{"mobile":"13900139004","nationcode":"86","sign":"思域","text":"TD","time":1780279200}""").getStatusCode()
			.value()).isEqualTo(403);

		assertThat(this.customers.optedOut(customer, "sms")).isFalse();
		assertThat(eventTypes(customer)).isEmpty();
	}

	private ResponseEntity<JsonNode> push(String provider, String token, String body) {
		String uri = "/callbacks/sms/" + provider + ((token != null) ? "?token=" + token : "");
		return this.http.post()
			.uri(uri)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

	private List<String> eventTypes(String customerId) {
		return this.jdbc.sql("select type from customer_event where customer_id = :id order by received_at")
			.param("id", customerId)
			.query(String.class)
			.list();
	}

	private JsonNode readJson(String text) {
		try {
			return this.json.readTree(text);
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static long sequence() {
		return Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L);
	}

}
