package dev.siyu.community;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import dev.siyu.messaging.Dispatcher;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keyword auto-replies through the real intake and dispatcher: the rules choose the
 * reply, it goes out on the channel the message came on, and only marketing replies meet
 * the caps.
 */
@SpringBootTest
@ActiveProfiles("test")
class KeywordRepliesTest {

	/** 10:00 in Shanghai: outside quiet hours. */
	static final Instant T0 = Instant.parse("2026-06-01T02:00:00Z");

	@Autowired
	EventIntake intake;

	@Autowired
	CustomerRepository customers;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	JdbcClient jdbc;

	@BeforeEach
	void clock() {
		ClockUtil.setCurrentTime(Date.from(T0));
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void aQuestionOnTheOfficialAccountIsAnsweredThereInThePersonasVoice() {
		String customer = customer(new CustomerChanges("林晓", null, true, null, null));

		wrote(customer, "wechat-oa", "这个多少钱？");
		this.dispatcher.dispatchDue();

		assertThat(messages(customer)).containsExactly("reply-offer:WECHAT_OA:MARKETING:SENT");
		assertThat(body(customer)).startsWith("林晓你好，我是营养顾问小雨").contains("第二件半价");
	}

	@Test
	void aWecomQuestionIsAnsweredOnWecomAndSmalltalkIsNot() {
		String customer = customer(
				new CustomerChanges(null, null, null, true, null, null, "wm-" + UUID.randomUUID(), null, null, null));

		wrote(customer, "wecom", "我的快递到哪了");
		wrote(customer, "wecom", "好的谢谢");
		wrote(customer, "sms", "快递呢");
		this.dispatcher.dispatchDue();

		assertThat(messages(customer)).containsExactly("reply-shipping:WECOM:TRANSACTIONAL:SENT");
	}

	@Test
	void theSameMessageToldTwiceIsAnsweredOnce() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		CustomerEvent event = message(customer, "wechat-oa", "转人工");

		assertThat(this.intake.accept(event)).isEqualTo(EventIntake.Outcome.ACCEPTED);
		assertThat(this.intake.accept(event)).isEqualTo(EventIntake.Outcome.DUPLICATE);

		assertThat(messages(customer)).containsExactly("reply-human:WECHAT_OA:TRANSACTIONAL:PENDING");
	}

	@Test
	void onlyMarketingRepliesCountAgainstTheCaps() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		// the Official Account's daily cap (4) already reached by marketing today
		for (int i = 0; i < 4; i++) {
			this.jdbc.sql("""
					insert into message (idempotency_key, customer_id, channel, template, category, variables, status,
					                     next_attempt_at, created_at, sent_at)
					values (:key, :customer, 'WECHAT_OA', 'oa-content-1', 'MARKETING', '{}', 'SENT', :at, :at, :at)""")
				.param("key", "earlier-" + i + "-" + customer)
				.param("customer", customer)
				.param("at", OffsetDateTime.ofInstant(T0.minusSeconds(600), ZoneOffset.UTC))
				.update();
		}

		wrote(customer, "wechat-oa", "有优惠吗");
		wrote(customer, "wechat-oa", "门店地址在哪");
		this.dispatcher.dispatchDue();

		assertThat(messages(customer)).endsWith("reply-offer:WECHAT_OA:MARKETING:SUPPRESSED",
				"reply-hours:WECHAT_OA:TRANSACTIONAL:SENT");
	}

	private String customer(CustomerChanges changes) {
		String id = "c-" + UUID.randomUUID();
		this.customers.upsert(id, changes);
		return id;
	}

	private void wrote(String customer, String channel, String text) {
		this.intake.accept(message(customer, channel, text));
	}

	private static CustomerEvent message(String customer, String channel, String text) {
		return new CustomerEvent(UUID.randomUUID().toString(), customer, EventType.MessageReplied,
				OffsetDateTime.ofInstant(T0, ZoneOffset.UTC), new HashMap<>(Map.of("channel", channel, "text", text)));
	}

	private List<String> messages(String customer) {
		return this.jdbc.sql("""
				select template || ':' || channel || ':' || category || ':' || status from message
				where customer_id = :id order by id""").param("id", customer).query(String.class).list();
	}

	private String body(String customer) {
		return this.jdbc
			.sql("select body from message where customer_id = :id order by id desc fetch first 1 rows only")
			.param("id", customer)
			.query(String.class)
			.single();
	}

}
