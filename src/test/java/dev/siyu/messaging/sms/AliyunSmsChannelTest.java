package dev.siyu.messaging.sms;

import java.time.Duration;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.siyu.messaging.MessageCategory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Aliyun Dysmsapi as WireMock plays it: {@code SendSms} is an RPC call, {@code POST /}
 * with the action in {@code x-acs-action}, the parameters in the query string, an
 * ACS3-HMAC-SHA256 signature; refusals come as HTTP 200 with a {@code Code} other than
 * {@code OK}.
 */
@SpringBootTest(properties = { "siyu.channels.sms.mode=live", "siyu.channels.sms.provider=aliyun",
		"siyu.channels.sms.access-key-id=test-key-id", "siyu.channels.sms.access-key-secret=test-key-secret",
		"siyu.channels.sms.sign-name=思域", "siyu.channels.sms.callback-token=test-callback-token",
		"siyu.channels.sms.read-timeout=2s" })
@ActiveProfiles("test")
class AliyunSmsChannelTest extends SmsTestSupport {

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

	@BeforeEach
	void resetVendor() {
		aliyun.resetAll();
	}

	@Test
	void sendsTheTemplateWithItsParamsSignAndMessageIdAsOutId() {
		answer(okJson(
				"""
						{"RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990","Message":"OK","BizId":"900619746936498440^0","Code":"OK"}"""));
		String customer = customer("李娜", "13800138000");

		long id = sendCoupon(customer);

		assertThat(message(id).status()).isEqualTo("SENT");
		assertThat(message(id).vendorMessageId()).isEqualTo("900619746936498440^0");
		aliyun.verify(1,
				sendSms(id).withHeader("x-acs-version", equalTo("2017-05-25"))
					.withHeader("Authorization", matching("ACS3-HMAC-SHA256 Credential=test-key-id,.*"))
					.withQueryParam("PhoneNumbers", equalTo("13800138000"))
					.withQueryParam("SignName", equalTo("思域"))
					.withQueryParam("TemplateCode", equalTo("SMS_465220001"))
					.withQueryParam("TemplateParam", equalToJson("""
							{"name":"李娜","coupon":"VIP80"}""")));
	}

	@Test
	void throttledNumberIsDeferredWithoutSpendingAnAttempt() {
		answer(okJson(
				"""
						{"RequestId":"E3F11903-3F92-4245-8FDD-407BAE980FCA","Message":"触发分钟级流控Permits:1","Code":"isv.BUSINESS_LIMIT_CONTROL"}"""));

		long id = sendCoupon(customer("王芳", "13800138001"));

		assertThat(message(id).status()).isEqualTo("DEFERRED");
		assertThat(message(id).vendorCode()).isEqualTo("isv.BUSINESS_LIMIT_CONTROL");
		assertThat(message(id).attempts()).isZero();
		assertThat(message(id).nextAttemptAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
	}

	@Test
	void invalidNumberFailsWithAliyunsCode() {
		answer(okJson(
				"""
						{"RequestId":"A1B2C3D4-0000-4000-8000-000000000001","Message":"invalid mobile number","Code":"isv.MOBILE_NUMBER_ILLEGAL"}"""));

		long id = sendCoupon(customer("张伟", "13800138002"));

		assertThat(message(id).status()).isEqualTo("FAILED");
		assertThat(message(id).vendorCode()).isEqualTo("isv.MOBILE_NUMBER_ILLEGAL");
	}

	@Test
	void unapprovedTemplateIsRetriedForOpsToFixNotBlamedOnTheCustomer() {
		answer(okJson(
				"""
						{"RequestId":"A1B2C3D4-0000-4000-8000-000000000002","Message":"该账号下找不到对应模板","Code":"isv.SMS_TEMPLATE_ILLEGAL"}"""));

		long id = sendCoupon(customer("刘洋", "13800138003"));

		assertThat(message(id).status()).isEqualTo("DEFERRED");
		assertThat(message(id).vendorCode()).isEqualTo("isv.SMS_TEMPLATE_ILLEGAL");
		assertThat(message(id).attempts()).isEqualTo(1);
	}

	@Test
	void serverErrorIsDeferredAndTheRetrySends() {
		answer(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withBody(
					"""
							{"RequestId":"A1B2C3D4-0000-4000-8000-000000000003","HostId":"dysmsapi.aliyuncs.com","Code":"ServiceUnavailable","Message":"The request has failed due to a temporary failure of the server."}"""));

		long id = sendCoupon(customer("陈静", "13800138004"));

		assertThat(message(id).status()).isEqualTo("DEFERRED");
		assertThat(message(id).attempts()).isEqualTo(1);
		assertThat(message(id).error()).contains("503");

		aliyun.resetAll();
		answer(okJson(
				"""
						{"RequestId":"A1B2C3D4-0000-4000-8000-000000000004","Message":"OK","BizId":"900619746936498441^0","Code":"OK"}"""));
		moveClock(Duration.ofSeconds(31));
		this.dispatcher.dispatchDue();

		assertThat(message(id).status()).isEqualTo("SENT");
		assertThat(message(id).vendorMessageId()).isEqualTo("900619746936498441^0");
	}

	@Test
	void vendorTimeOutIsDeferred() {
		answer(okJson("""
				{"RequestId":"A1B2C3D4-0000-4000-8000-000000000005","Message":"OK","BizId":"1^0","Code":"OK"}""")
			.withFixedDelay(5000));

		long id = sendCoupon(customer("杨敏", "13800138005"));

		assertThat(message(id).status()).isEqualTo("DEFERRED");
		assertThat(message(id).attempts()).isEqualTo(1);
	}

	@Test
	void customerWithoutPhoneIsUnreachableAndAliyunIsNotCalled() {
		long id = sendCoupon(customer("赵磊", null));

		assertThat(message(id).status()).isEqualTo("FAILED");
		assertThat(message(id).vendorCode()).isEqualTo("NO_PHONE");
		aliyun.verify(0, sendSms(id));
	}

	@Test
	void marketingTemplateWithoutTheOptOutWordsIsNotSent() {
		long id = enqueue(customer("黄丽", "13800138006"), "sms-test-no-opt-out", MessageCategory.MARKETING, Map.of());
		this.dispatcher.dispatchDue();

		assertThat(message(id).status()).isEqualTo("FAILED");
		assertThat(message(id).vendorCode()).isNull();
		assertThat(message(id).error()).contains("拒收请回复R");
		aliyun.verify(0, sendSms(id));
	}

	@Test
	void templateWithoutAnAliyunTemplateCodeFailsAtOnceForOpsToFix() {
		long id = enqueue(customer("周杰", "13800138007"), "sms-test-tencent-only", MessageCategory.TRANSACTIONAL,
				Map.of("orderId", "o-1001"));
		this.dispatcher.dispatchDue();

		assertThat(message(id).status()).isEqualTo("FAILED");
		assertThat(message(id).vendorCode()).isNull();
		assertThat(message(id).attempts()).isEqualTo(1);
		assertThat(message(id).error()).contains("aliyun-template-code");
		aliyun.verify(0, sendSms(id));
	}

	private static void answer(ResponseDefinitionBuilder response) {
		aliyun.stubFor(sendSmsCall().willReturn(response));
	}

	private static MappingBuilder sendSmsCall() {
		return post(urlPathEqualTo("/")).withHeader("x-acs-action", equalTo("SendSms"));
	}

	private static RequestPatternBuilder sendSms(long messageId) {
		return postRequestedFor(urlPathEqualTo("/")).withHeader("x-acs-action", equalTo("SendSms"))
			.withQueryParam("OutId", equalTo(String.valueOf(messageId)));
	}

}
