package dev.siyu.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;

import java.util.Map;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.system.SiyuClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Delivers outbox messages after the transaction that wrote them has committed, and
 * sweeps for due ones it was not told about (retries, a restart). A message is claimed by
 * one conditional update before its vendor is called, so two nodes never send it both.
 */
@Component
class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	/**
	 * A message claimed longer ago than this belongs to a dispatcher that died mid-send.
	 */
	private static final Duration CLAIM_TIMEOUT = Duration.ofMinutes(5);

	private static final int SWEEP_BATCH = 200;

	private final JdbcClient jdbc;

	private final Channels channels;

	private final MessageTemplates templates;

	private final CustomerRepository customers;

	private final MessagingProperties properties;

	private final SiyuClock clock;

	private final ObjectMapper json;

	private final Executor executor;

	Dispatcher(JdbcClient jdbc, Channels channels, MessageTemplates templates, CustomerRepository customers,
			MessagingProperties properties, SiyuClock clock, ObjectMapper json,
			@Qualifier("dispatchExecutor") Executor executor) {
		this.jdbc = jdbc;
		this.channels = channels;
		this.templates = templates;
		this.customers = customers;
		this.properties = properties;
		this.clock = clock;
		this.json = json;
		this.executor = executor;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void queued(Outbox.MessageQueued queued) {
		this.executor.execute(() -> deliver(queued.id()));
	}

	@Scheduled(fixedDelayString = "${siyu.messaging.poll-interval:5s}")
	void sweep() {
		releaseAbandonedClaims();
		for (Long id : this.jdbc.sql("""
				select id from message where status = 'PENDING' and next_attempt_at <= :now
				order by next_attempt_at fetch first %d rows only""".formatted(SWEEP_BATCH))
			.param("now", this.clock.nowUtc())
			.query(Long.class)
			.list()) {
			deliver(id);
		}
	}

	void deliver(long id) {
		if (!claim(id)) {
			return;
		}
		Row row = load(id);
		String body;
		try {
			body = this.templates.render(row.template(), context(row));
		}
		catch (MessageTemplates.TemplateException | IllegalStateException ex) {
			finish(id, MessageStatus.FAILED, null, ex.getMessage());
			log.warn("Message {} cannot be rendered: {}", id, ex.getMessage());
			return;
		}
		try {
			Channel.Delivery delivery = this.channels.forType(row.channel())
				.send(new Channel.OutboundMessage(id, row.channel(), row.customerId(), row.template(), body,
						row.category()));
			this.jdbc.sql("""
					update message set status = 'SENT', sent_at = :now, body = :body, error = null,
					                   claimed_at = null, vendor_message_id = :vendorId
					where id = :id""")
				.param("now", this.clock.nowUtc())
				.param("body", body)
				.param("vendorId", delivery.vendorMessageId())
				.param("id", id)
				.update();
		}
		catch (RuntimeException ex) {
			retryLater(row, ex);
		}
	}

	private boolean claim(long id) {
		return this.jdbc.sql("""
				update message set status = 'SENDING', claimed_at = :now, attempts = attempts + 1
				where id = :id and status = 'PENDING' and next_attempt_at <= :now""")
			.param("now", this.clock.nowUtc())
			.param("id", id)
			.update() == 1;
	}

	private void retryLater(Row row, RuntimeException ex) {
		int attempts = row.attempts();
		if (attempts >= this.properties.maxAttempts()) {
			finish(row.id(), MessageStatus.FAILED, null, ex.getMessage());
			log.warn("Message {} failed after {} attempts: {}", row.id(), attempts, ex.getMessage());
			return;
		}
		Duration wait = this.properties.retryBackoff().multipliedBy(1L << Math.min(attempts - 1, 16));
		this.jdbc.sql("""
				update message set status = 'PENDING', claimed_at = null, next_attempt_at = :next, error = :error
				where id = :id""")
			.param("next", SiyuClock.utc(this.clock.now().plus(wait)))
			.param("error", truncate(ex.getMessage()))
			.param("id", row.id())
			.update();
		log.info("Message {} attempt {} failed, next in {}: {}", row.id(), attempts, wait, ex.getMessage());
	}

	private void finish(long id, MessageStatus status, String body, String error) {
		this.jdbc
			.sql("update message set status = :status, body = :body, error = :error, claimed_at = null where id = :id")
			.param("status", status.name())
			.param("body", body)
			.param("error", truncate(error))
			.param("id", id)
			.update();
	}

	private void releaseAbandonedClaims() {
		Instant stale = this.clock.now().minus(CLAIM_TIMEOUT);
		this.jdbc.sql(
				"update message set status = 'PENDING', claimed_at = null where status = 'SENDING' and claimed_at < :stale")
			.param("stale", SiyuClock.utc(stale))
			.update();
	}

	private Map<String, Object> context(Row row) {
		Map<String, Object> context = new HashMap<>(row.variables());
		Customer customer = this.customers.find(row.customerId())
			.orElseThrow(() -> new IllegalStateException("Customer " + row.customerId() + " no longer exists"));
		Map<String, Object> who = new HashMap<>();
		who.put("id", customer.id());
		who.put("name", (customer.name() != null) ? customer.name() : "亲");
		context.put("customer", who);
		context.put("wecomQrUrl", this.properties.wecomQrUrl());
		if (row.variables().get("adPlanId") instanceof String adPlanId) {
			context.put("landingUrl", this.properties.landingBaseUrl() + "/" + adPlanId);
		}
		if (row.variables().get("offerCode") instanceof String code) {
			String title = this.properties.offers().get(code);
			if (title == null) {
				throw new IllegalStateException("Offer '" + code + "' has no title under siyu.messaging.offers");
			}
			context.put("offer", Map.of("code", code, "title", title));
		}
		return context;
	}

	private Row load(long id) {
		return this.jdbc.sql("""
				select id, customer_id, channel, template, category, variables, attempts from message where id = :id""")
			.param("id", id)
			.query((rs, n) -> new Row(rs.getLong("id"), rs.getString("customer_id"),
					ChannelType.valueOf(rs.getString("channel")), rs.getString("template"),
					MessageCategory.valueOf(rs.getString("category")), readVariables(rs.getString("variables")),
					rs.getInt("attempts")))
			.single();
	}

	private Map<String, Object> readVariables(String variables) {
		try {
			return this.json.readValue(variables, new TypeReference<Map<String, Object>>() {
			});
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Stored variables are not JSON", ex);
		}
	}

	private static String truncate(String text) {
		return (text == null || text.length() <= 1000) ? text : text.substring(0, 1000);
	}

	private record Row(long id, String customerId, ChannelType channel, String template, MessageCategory category,
			Map<String, Object> variables, int attempts) {
	}

}
