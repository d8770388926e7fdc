package dev.siyu.messaging;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends messages through the real outbox and dispatcher, without a journey: a test
 * enqueues, runs {@link Dispatcher#dispatchDue()} and reads the outcome on the message
 * row. The clock starts at 10:00 in Shanghai, outside quiet hours.
 */
@SpringBootTest
@ActiveProfiles("test")
public abstract class MessagingTestSupport {

	protected static final Instant MORNING = Instant.parse("2026-06-01T02:00:00Z");

	@Autowired
	protected Outbox outbox;

	@Autowired
	protected Dispatcher dispatcher;

	@Autowired
	protected CustomerRepository customers;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected TransactionTemplate transaction;

	@BeforeEach
	void morning() {
		ClockUtil.setCurrentTime(Date.from(MORNING));
	}

	/**
	 * Messages an earlier test left waiting would fall due when a test moves the clock
	 * and be delivered beside its own, in another lane of the sweep.
	 */
	@BeforeEach
	void earlierTestsMessagesNoLongerDue() {
		noEarlierMessagesDue(this.jdbc);
	}

	/** Retires what earlier tests of the same context left waiting in the outbox. */
	public static void noEarlierMessagesDue(JdbcClient jdbc) {
		jdbc.sql("update message set status = 'FAILED', error = 'left by an earlier test' "
				+ "where status in ('PENDING', 'DEFERRED')")
			.update();
	}

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	protected String customer(CustomerChanges changes) {
		String id = "m-" + UUID.randomUUID();
		this.customers.upsert(id, changes);
		return id;
	}

	/** Puts one message in the outbox, as a journey step would, and returns its id. */
	protected long enqueue(String customerId, ChannelType channel, String template, MessageCategory category,
			Map<String, Object> variables) {
		String key = "test:" + UUID.randomUUID();
		this.transaction.executeWithoutResult((status) -> this.outbox
			.enqueue(new Outbox.Request(key, customerId, channel, template, category, variables, null, null, null)));
		return this.jdbc.sql("select id from message where idempotency_key = :key")
			.param("key", key)
			.query(Long.class)
			.single();
	}

	protected Map<String, Object> message(long id) {
		return this.jdbc.sql("select * from message where id = :id").param("id", id).query().singleRow();
	}

	protected String status(long id) {
		return (String) message(id).get("STATUS");
	}

	/** A timestamp column as an instant, whichever type the database's driver returns. */
	protected static Instant instant(Object column) {
		if (column instanceof java.time.OffsetDateTime time) {
			return time.toInstant();
		}
		if (column instanceof java.sql.Timestamp time) {
			return time.toInstant();
		}
		throw new IllegalArgumentException("Not a timestamp: " + column);
	}

	protected void moveClockTo(Instant instant) {
		ClockUtil.setCurrentTime(Date.from(instant));
	}

}
