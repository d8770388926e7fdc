package dev.siyu.messaging.webhook;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.MessageCategory;
import dev.siyu.messaging.MessagingTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/** The webhook channel against a real HTTP server standing in for the receiver. */
class WebhookChannelTest extends MessagingTestSupport {

	static final String SECRET = "webhook-test-secret";

	static WireMockServer receiver = new WireMockServer(options().dynamicPort());

	static {
		receiver.start();
	}

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) {
		registry.add("siyu.channels.webhook.mode", () -> "live");
		registry.add("siyu.channels.webhook.url", () -> receiver.baseUrl() + "/hooks/siyu");
		registry.add("siyu.channels.webhook.secret", () -> SECRET);
		// short enough for the time-out test, long enough that a stall of a busy machine
		// does not turn a quick answer into a time-out: a 1 s limit did, now and then, to
		// refusalIsPermanent, which runs first and pays the warm-up
		registry.add("siyu.channels.webhook.read-timeout", () -> "3s");
	}

	@AfterAll
	static void stop() {
		receiver.stop();
	}

	@BeforeEach
	void reset() {
		receiver.resetAll();
	}

	@Test
	void messageIsPostedAsSignedJsonWithAStableIdempotencyKey() throws Exception {
		receiver.stubFor(post("/hooks/siyu").willReturn(aResponse().withStatus(204)));
		String customer = customer(new CustomerChanges("陈洋", null, null, null, null));

		long id = enqueue(customer, ChannelType.WEBHOOK, "test-note", MessageCategory.TRANSACTIONAL,
				Map.of("giftTitle", "满99减20"));
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("SENT");
		LoggedRequest request = receiver.findAll(postRequestedFor(urlEqualTo("/hooks/siyu"))).get(0);
		String body = request.getBodyAsString();
		String timestamp = request.getHeader("X-Siyu-Timestamp");
		assertThat(request.getHeader("X-Siyu-Signature")).isEqualTo("sha256=" + hmac(timestamp + "." + body));
		assertThat(request.getHeader("Idempotency-Key")).isEqualTo("siyu-" + id);
		assertThat(body).contains("\"messageId\":" + id)
			.contains("\"customerId\":\"" + customer + "\"")
			.contains("\"gift\":\"满99减20\"")
			.contains("陈洋，会员礼包已到账：满99减20");
	}

	@Test
	void tooManyRequestsIsThrottledForAsLongAsTheReceiverAsks() {
		receiver.stubFor(post("/hooks/siyu").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
		String customer = customer(CustomerChanges.none());

		long id = enqueue(customer, ChannelType.WEBHOOK, "test-note", MessageCategory.TRANSACTIONAL,
				Map.of("giftTitle", "x"));
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("DEFERRED");
		assertThat(message(id).get("vendor_code")).isEqualTo("HTTP_429");
		assertThat(message(id).get("attempts")).isEqualTo(0);
		assertThat(instant(message(id).get("next_attempt_at"))).isEqualTo(MORNING.plus(Duration.ofSeconds(120)));
	}

	@Test
	void serverErrorsAndTimeOutsAreRetriedThenSent() {
		receiver.stubFor(post("/hooks/siyu").inScenario("flaky")
			.whenScenarioStateIs("Started")
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("slow"));
		receiver.stubFor(post("/hooks/siyu").inScenario("flaky")
			.whenScenarioStateIs("slow")
			.willReturn(aResponse().withStatus(200).withFixedDelay(6000))
			.willSetStateTo("fine"));
		receiver.stubFor(post("/hooks/siyu").inScenario("flaky")
			.whenScenarioStateIs("fine")
			.willReturn(aResponse().withStatus(200)));
		String customer = customer(CustomerChanges.none());
		long id = enqueue(customer, ChannelType.WEBHOOK, "test-note", MessageCategory.TRANSACTIONAL,
				Map.of("giftTitle", "x"));

		this.dispatcher.dispatchDue();
		assertThat(status(id)).isEqualTo("DEFERRED");
		assertThat(message(id).get("vendor_code")).isEqualTo("HTTP_503");
		moveClockTo(MORNING.plus(Duration.ofMinutes(10)));
		this.dispatcher.dispatchDue();
		assertThat(status(id)).isEqualTo("DEFERRED");
		moveClockTo(MORNING.plus(Duration.ofMinutes(20)));
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("SENT");
		assertThat(message(id).get("attempts")).isEqualTo(3);
	}

	@Test
	void refusalIsPermanent() {
		receiver.stubFor(post("/hooks/siyu").willReturn(aResponse().withStatus(422)));
		String customer = customer(CustomerChanges.none());

		long id = enqueue(customer, ChannelType.WEBHOOK, "test-note", MessageCategory.TRANSACTIONAL,
				Map.of("giftTitle", "x"));
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("FAILED");
		assertThat(message(id).get("vendor_code")).isEqualTo("HTTP_422");
	}

	private static String hmac(String text) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
	}

}
