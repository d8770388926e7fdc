package dev.siyu.messaging;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consent, quiet hours (21:00–08:00 Asia/Shanghai), frequency caps (3 marketing SMS a
 * day) and rate limits, applied when a message would be sent.
 */
@TestPropertySource(properties = "siyu.guardrails.rate-limits.webhook=2")
class GuardrailsTest extends MessagingTestSupport {

	private static final Map<String, Object> GIFT = Map.of("giftTitle", "满99减20");

	@Autowired
	EventIntake intake;

	@Test
	void fourthMarketingSmsOfADayIsSuppressedWhenTheCapIsThree() {
		String customer = customer(new CustomerChanges("林静", "13800005555", false, null, null));
		List<Long> marketing = IntStream.range(0, 4)
			.mapToObj((i) -> enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.MARKETING, GIFT))
			.toList();
		long orderNotice = enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.TRANSACTIONAL, GIFT);

		this.dispatcher.dispatchDue();

		assertThat(marketing.subList(0, 3)).allSatisfy((id) -> assertThat(status(id)).isEqualTo("SENT"));
		assertThat(status(marketing.get(3))).isEqualTo("SUPPRESSED");
		assertThat(message(marketing.get(3)).get("outcome_reason")).isEqualTo("daily cap of 3 sms messages");
		assertThat(status(orderNotice)).isEqualTo("SENT");
	}

	@Test
	void messageDueAt23GoesOutAt08() {
		String customer = customer(new CustomerChanges(null, "13800006666", false, null, null));
		moveClockTo(Instant.parse("2026-06-01T15:00:00Z")); // 23:00 in Shanghai
		long id = enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.MARKETING, GIFT);

		this.dispatcher.dispatchDue();
		assertThat(status(id)).isEqualTo("DEFERRED");
		assertThat(instant(message(id).get("next_attempt_at"))).isEqualTo("2026-06-02T00:00:00Z");
		moveClockTo(Instant.parse("2026-06-01T23:59:00Z"));
		this.dispatcher.dispatchDue();
		assertThat(status(id)).isEqualTo("DEFERRED");
		moveClockTo(Instant.parse("2026-06-02T00:00:00Z"));
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("SENT");
		assertThat(instant(message(id).get("sent_at"))).isEqualTo("2026-06-02T00:00:00Z");
	}

	@Test
	void quietHoursFollowTheCustomersOwnTimeZone() {
		String customer = customer(
				new CustomerChanges(null, "4915100000000", false, null, null, null, null, null, "Europe/Berlin", null));
		moveClockTo(Instant.parse("2026-06-01T15:00:00Z")); // 23:00 in Shanghai, 17:00 in
															// Berlin

		long id = enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.MARKETING, GIFT);
		this.dispatcher.dispatchDue();

		assertThat(status(id)).isEqualTo("SENT");
	}

	@Test
	void unsubscribedCustomerGetsNothingEvenFromAMessageQueuedBefore() {
		String customer = customer(new CustomerChanges(null, "13800007777", false, null, null));
		long queuedBefore = enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.MARKETING, GIFT);

		this.intake.accept(new CustomerEvent(UUID.randomUUID().toString(), customer, EventType.Unsubscribed,
				OffsetDateTime.now(), Map.of("channel", "sms")));
		long queuedAfter = enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.MARKETING, GIFT);
		long orderNotice = enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.TRANSACTIONAL, GIFT);
		long wecom = enqueue(customer, ChannelType.WECOM, "test-note", MessageCategory.MARKETING, GIFT);
		this.dispatcher.dispatchDue();

		assertThat(status(queuedBefore)).isEqualTo("SUPPRESSED");
		assertThat(message(queuedBefore).get("outcome_reason")).isEqualTo("unsubscribed from sms marketing");
		assertThat(status(queuedAfter)).isEqualTo("SUPPRESSED");
		assertThat(status(orderNotice)).isEqualTo("SENT");
		assertThat(status(wecom)).isEqualTo("SENT");
	}

	@Test
	void customerWhoRefusedMarketingGetsOnlyTransactionalMessages() {
		String customer = customer(
				new CustomerChanges(null, "13800008888", false, null, null, null, null, null, null, false));

		long offer = enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.MARKETING, GIFT);
		long notice = enqueue(customer, ChannelType.SMS, "test-note", MessageCategory.TRANSACTIONAL, GIFT);
		this.dispatcher.dispatchDue();

		assertThat(status(offer)).isEqualTo("SUPPRESSED");
		assertThat(message(offer).get("outcome_reason")).isEqualTo("no marketing consent");
		assertThat(status(notice)).isEqualTo("SENT");
	}

	@Test
	void rateLimitDefersWhatExceedsTheChannelsRateWithoutCountingAnAttempt() {
		String customer = customer(CustomerChanges.none());
		List<Long> ids = IntStream.range(0, 5)
			.mapToObj((i) -> enqueue(customer, ChannelType.WEBHOOK, "test-note", MessageCategory.TRANSACTIONAL, GIFT))
			.toList();

		this.dispatcher.dispatchDue();

		List<String> statuses = ids.stream().map(this::status).toList();
		assertThat(statuses).filteredOn("SENT"::equals).hasSizeLessThanOrEqualTo(2);
		assertThat(statuses).filteredOn("DEFERRED"::equals).hasSizeGreaterThanOrEqualTo(3);
		ids.stream().filter((id) -> "DEFERRED".equals(status(id))).forEach((id) -> {
			assertThat(message(id).get("outcome_reason")).isEqualTo("rate limit of webhook");
			assertThat(message(id).get("attempts")).isEqualTo(0);
		});
	}

}
