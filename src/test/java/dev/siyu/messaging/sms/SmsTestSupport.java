package dev.siyu.messaging.sms;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.messaging.ChannelType;
import dev.siyu.messaging.Dispatcher;
import dev.siyu.messaging.MessageCategory;
import dev.siyu.messaging.MessagingTestSupport;
import dev.siyu.messaging.Outbox;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends SMS the way journeys do: into the outbox, then one dispatcher sweep. The clock
 * stands at 10:00 in Shanghai, outside marketing's quiet hours.
 */
abstract class SmsTestSupport {

	static final Instant T0 = Instant.parse("2026-06-01T02:00:00Z");

	static final String COUPON = "sms-test-coupon";

	@Autowired
	Outbox outbox;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	CustomerRepository customers;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transaction;

	@BeforeEach
	void daytime() {
		MessagingTestSupport.noEarlierMessagesDue(this.jdbc);
		ClockUtil.setCurrentTime(Date.from(T0));
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	String customer(String name, String phone) {
		String id = "c-" + UUID.randomUUID();
		this.customers.upsert(id, new CustomerChanges(name, phone, false, false, null));
		return id;
	}

	/** Queues a message and returns its id. */
	long enqueue(String customerId, String template, MessageCategory category, Map<String, Object> variables) {
		String key = "test-" + UUID.randomUUID();
		this.transaction.executeWithoutResult((status) -> this.outbox.enqueue(
				new Outbox.Request(key, customerId, ChannelType.SMS, template, category, variables, null, null, null)));
		return this.jdbc.sql("select id from message where idempotency_key = :key")
			.param("key", key)
			.query(Long.class)
			.single();
	}

	long sendCoupon(String customerId) {
		long id = enqueue(customerId, COUPON, MessageCategory.MARKETING, Map.of("couponCode", "VIP80"));
		this.dispatcher.dispatchDue();
		return id;
	}

	MessageRow message(long id) {
		return this.jdbc.sql("""
				select status, vendor_code, vendor_message_id, attempts, next_attempt_at, error
				from message where id = :id""")
			.param("id", id)
			.query((rs, row) -> new MessageRow(rs.getString("status"), rs.getString("vendor_code"),
					rs.getString("vendor_message_id"), rs.getInt("attempts"),
					rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(), rs.getString("error")))
			.single();
	}

	void moveClock(java.time.Duration by) {
		ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(by)));
	}

	record MessageRow(String status, String vendorCode, String vendorMessageId, int attempts, Instant nextAttemptAt,
			String error) {
	}

}
