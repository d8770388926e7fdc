package dev.siyu.messaging.sms;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tencent Cloud SMS (API 3.0, version 2021-01-11) as WireMock plays it: {@code POST /}
 * with a JSON body, the action in {@code X-TC-Action}, a TC3-HMAC-SHA256 signature; the
 * answer wraps everything in {@code Response}, with one {@code SendStatus} per number, or
 * {@code Response.Error} for a request refused whole.
 */
@SpringBootTest(properties = { "siyu.channels.sms.mode=live", "siyu.channels.sms.provider=tencent",
		"siyu.channels.sms.access-key-id=test-secret-id", "siyu.channels.sms.access-key-secret=test-secret-key",
		"siyu.channels.sms.sign-name=思域", "siyu.channels.sms.sdk-app-id=1400006666",
		"siyu.channels.sms.callback-token=test-callback-token" })
@ActiveProfiles("test")
@AutoConfigureMockMvc
class TencentSmsChannelTest extends SmsTestSupport {

	static final WireMockServer tencent = new WireMockServer(options().dynamicPort());

	static {
		tencent.start();
	}

	@DynamicPropertySource
	static void endpoint(DynamicPropertyRegistry registry) {
		registry.add("siyu.channels.sms.endpoint", () -> "http://localhost:" + tencent.port());
	}

	@AfterAll
	static void stopVendor() {
		tencent.stop();
	}

	@Autowired
	MockMvc mvc;

	@BeforeEach
	void resetVendor() {
		tencent.resetAll();
	}

	@Test
	void sendsTheTemplateToTheE164NumberWithParamsInFrontMatterOrderAndMessageIdAsSessionContext() {
		answer(sendStatus("Ok", "send success", "2433:337932040017153418452350810"));
		String customer = customer("李娜", "13800138000");

		long id = sendCoupon(customer);

		assertThat(message(id).status()).isEqualTo("SENT");
		assertThat(message(id).vendorMessageId()).isEqualTo("2433:337932040017153418452350810");
		tencent.verify(1,
				sendSms(id).withHeader("X-TC-Version", equalTo("2021-01-11"))
					.withHeader("X-TC-Region", equalTo("ap-guangzhou"))
					.withHeader("Authorization", matching("TC3-HMAC-SHA256 Credential=test-secret-id/.*"))
					.withRequestBody(equalToJson("""
							{"PhoneNumberSet":["+8613800138000"],"SmsSdkAppId":"1400006666","TemplateId":"2041567",
							 "SignName":"思域","TemplateParamSet":["李娜","VIP80"],"SessionContext":"%d"}""".formatted(id),
							true, true)));
	}

	@Test
	void dailyLimitOfTheNumberIsDeferredToTomorrowWithoutSpendingAnAttempt() {
		answer(sendStatus("LimitExceeded.PhoneNumberDailyLimit",
				"the number of SMS messages sent from a single mobile number every day exceeds the upper limit", ""));

		long id = sendCoupon(customer("王芳", "13800138001"));

		assertThat(message(id).status()).isEqualTo("DEFERRED");
		assertThat(message(id).vendorCode()).isEqualTo("LimitExceeded.PhoneNumberDailyLimit");
		assertThat(message(id).attempts()).isZero();
		// midnight in Shanghai
		assertThat(message(id).nextAttemptAt()).isEqualTo(java.time.Instant.parse("2026-06-01T16:00:00Z"));
	}

	@Test
	void incorrectNumberFailsWithTencentsCode() {
		answer(sendStatus("InvalidParameterValue.IncorrectPhoneNumber", "incorrect number format", ""));

		long id = sendCoupon(customer("张伟", "13800138002"));

		assertThat(message(id).status()).isEqualTo("FAILED");
		assertThat(message(id).vendorCode()).isEqualTo("InvalidParameterValue.IncorrectPhoneNumber");
	}

	@Test
	void blacklistedNumberFailsWithTencentsCode() {
		answer(sendStatus("FailedOperation.PhoneNumberInBlacklist", "the mobile number is in the blocklist", ""));

		long id = sendCoupon(customer("刘洋", "13800138003"));

		assertThat(message(id).status()).isEqualTo("FAILED");
		assertThat(message(id).vendorCode()).isEqualTo("FailedOperation.PhoneNumberInBlacklist");
	}

	@Test
	void requestRefusedWholeForAnInternalErrorIsRetried() {
		answer(okJson("""
				{"Response":{"Error":{"Code":"InternalError.Timeout","Message":"request timed out"},
				 "RequestId":"a0aabda6-cf91-4f3e-a81f-9198114a2279"}}"""));

		long id = sendCoupon(customer("陈静", "13800138004"));

		assertThat(message(id).status()).isEqualTo("DEFERRED");
		assertThat(message(id).vendorCode()).isEqualTo("InternalError.Timeout");
		assertThat(message(id).attempts()).isEqualTo(1);
	}

	@Test
	void serverErrorIsDeferredAndTheRetrySends() {
		answer(aResponse().withStatus(502).withBody("<html>502 Bad Gateway</html>"));

		long id = sendCoupon(customer("杨敏", "13800138005"));

		assertThat(message(id).status()).isEqualTo("DEFERRED");
		assertThat(message(id).attempts()).isEqualTo(1);

		tencent.resetAll();
		answer(sendStatus("Ok", "send success", "2433:337932040017153418452350811"));
		moveClock(Duration.ofSeconds(31));
		this.dispatcher.dispatchDue();

		assertThat(message(id).status()).isEqualTo("SENT");
		assertThat(message(id).vendorMessageId()).isEqualTo("2433:337932040017153418452350811");
	}

	@Test
	void statusReportIsMatchedToTheMessageByItsSerialNo() throws Exception {
		answer(sendStatus("Ok", "send success", "2433:337932040017153418452350812"));
		String customer = customer("黄丽", "13800138006");
		long id = sendCoupon(customer);

		this.mvc
			.perform(MockMvcRequestBuilders.post("/callbacks/sms/tencent")
				.param("token", "test-callback-token")
				.contentType(MediaType.APPLICATION_JSON)
				.content("""
						[{"user_receive_time":"2026-06-01 10:00:09","nationcode":"86","mobile":"13800138006",
						  "report_status":"FAIL","errmsg":"MK:0001","description":"用户短信接收失败",
						  "sid":"2433:337932040017153418452350812"}]"""))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.result").value(0))
			.andExpect(jsonPath("$.errmsg").value("OK"));

		String properties = this.jdbc
			.sql("select properties from customer_event where customer_id = :id and type = 'DeliveryReported'")
			.param("id", customer)
			.query(String.class)
			.single();
		assertThat(properties).contains("\"messageId\":" + id)
			.contains("\"status\":\"FAILED\"")
			.contains("\"vendorCode\":\"MK:0001\"");
	}

	private static ResponseDefinitionBuilder sendStatus(String code, String message, String serialNo) {
		return okJson("""
				{"Response":{"SendStatusSet":[{"SerialNo":"%s","PhoneNumber":"+8613800138000","Fee":1,
				 "SessionContext":"","Code":"%s","Message":"%s","IsoCode":"CN"}],
				 "RequestId":"a0aabda6-cf91-4f3e-a81f-9198114a2279"}}""".formatted(serialNo, code, message));
	}

	private static void answer(ResponseDefinitionBuilder response) {
		tencent.stubFor(post(urlPathEqualTo("/")).withHeader("X-TC-Action", equalTo("SendSms")).willReturn(response));
	}

	private static RequestPatternBuilder sendSms(long messageId) {
		return postRequestedFor(urlPathEqualTo("/")).withHeader("X-TC-Action", equalTo("SendSms"))
			.withRequestBody(matchingJsonPath("$.SessionContext", equalTo(String.valueOf(messageId))));
	}

}
