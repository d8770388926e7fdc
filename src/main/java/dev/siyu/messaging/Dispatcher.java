package dev.siyu.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerErasing;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.system.SiyuClock;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers outbox messages after the transaction that wrote them has committed, and
 * sweeps for due ones it was not told about (deferrals, retries, a restart). Each message
 * is claimed by one conditional update before anything else, so two nodes never both send
 * it. At the moment of sending it applies the guardrails, then the channel's rate limit;
 * afterwards it records the outcome and tells the journey step that waits for the
 * message.
 */
@Component
public class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	private static final int SWEEP_BATCH = 500;

	private final JdbcClient jdbc;

	private final Channels channels;

	private final MessageTemplates templates;

	private final TemplateContext context;

	private final CustomerRepository customers;

	private final Guardrails guardrails;

	private final MessagingProperties properties;

	private final SiyuClock clock;

	private final ObjectMapper json;

	private final RuntimeService runtime;

	private final TransactionTemplate transaction;

	private final MeterRegistry metrics;

	private final Executor executor;

	private final Executor sweepExecutor;

	private final Map<ChannelType, Bucket> rateLimits = new EnumMap<>(ChannelType.class);

	Dispatcher(JdbcClient jdbc, Channels channels, MessageTemplates templates, TemplateContext context,
			CustomerRepository customers, Guardrails guardrails, MessagingProperties properties,
			GuardrailProperties guardrailProperties, SiyuClock clock, ObjectMapper json, RuntimeService runtime,
			TransactionTemplate transaction, @Qualifier("dispatchExecutor") Executor executor,
			@Qualifier("sweepExecutor") Executor sweepExecutor, MeterRegistry metrics) {
		this.jdbc = jdbc;
		this.channels = channels;
		this.templates = templates;
		this.context = context;
		this.customers = customers;
		this.guardrails = guardrails;
		this.properties = properties;
		this.clock = clock;
		this.json = json;
		this.runtime = runtime;
		this.transaction = transaction;
		this.executor = executor;
		this.sweepExecutor = sweepExecutor;
		this.metrics = metrics;
		for (ChannelType type : ChannelType.values()) {
			Integer perSecond = guardrailProperties.rateLimit(type);
			if (perSecond != null) {
				this.rateLimits.put(type,
						Bucket.builder()
							.addLimit(Bandwidth.builder()
								.capacity(perSecond)
								.refillGreedy(perSecond, Duration.ofSeconds(1))
								.build())
							.build());
			}
		}
	}

	@TransactionalEventListener(fallbackExecution = true)
	void queued(Outbox.MessageQueued queued) {
		if (this.properties.autoDispatch()) {
			this.executor.execute(() -> deliver(queued.id()));
		}
	}

	@Scheduled(fixedDelayString = "${siyu.messaging.poll-interval:5s}")
	void sweep() {
		if (this.properties.autoDispatch()) {
			dispatchDue();
		}
	}

	/**
	 * One sweep: frees claims of dispatchers that died, delivers every message that is
	 * due, and tells waiting journeys outcomes they have not heard. Returns how many
	 * messages it tried.
	 */
	public int dispatchDue() {
		Instant now = this.clock.now();
		this.jdbc.sql("""
				update message set status = 'PENDING', claimed_at = null
				where status = 'SENDING' and claimed_at < :stale""")
			.param("stale", SiyuClock.utc(now.minus(this.properties.claimTimeout())))
			.update();
		List<Due> due = this.jdbc.sql("""
				select id, customer_id from message where status in ('PENDING', 'DEFERRED') and next_attempt_at <= :now
				order by next_attempt_at, id fetch first %d rows only""".formatted(SWEEP_BATCH))
			.param("now", SiyuClock.utc(now))
			.query((rs, row) -> new Due(rs.getLong("id"), rs.getString("customer_id")))
			.list();
		deliverInLanes(due);
		this.jdbc
			.sql("""
					select id from message
					where execution_id is not null and journey_notified = false and status in ('SENT', 'SUPPRESSED', 'FAILED')
					fetch first %d rows only"""
				.formatted(SWEEP_BATCH))
			.query(Long.class)
			.list()
			.forEach(this::notifyJourney);
		return due.size();
	}

	/**
	 * Delivers a sweep's messages in parallel lanes, a customer's messages all in one
	 * lane in their order, and returns when all are done.
	 */
	private void deliverInLanes(List<Due> due) {
		int lanes = Math.min(this.properties.sweepLanes(), due.size());
		if (lanes <= 1) {
			due.forEach((message) -> deliver(message.id()));
			return;
		}
		Map<Integer, List<Long>> byLane = new HashMap<>();
		for (Due message : due) {
			byLane.computeIfAbsent(Math.floorMod(message.customerId().hashCode(), lanes), (lane) -> new ArrayList<>())
				.add(message.id());
		}
		List<CompletableFuture<Void>> running = byLane.values()
			.stream()
			.map((ids) -> CompletableFuture.runAsync(() -> ids.forEach(this::deliver), this.sweepExecutor))
			.toList();
		try {
			CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
	}

	void deliver(long id) {
		Instant now = this.clock.now();
		if (!claim(id, now)) {
			return;
		}
		Row row = load(id);
		if (row.executionId() != null
				&& this.runtime.createExecutionQuery().executionId(row.executionId()).count() == 0) {
			finish(row, MessageStatus.SUPPRESSED, null, null, "the journey step no longer waits for it", null);
			return;
		}
		if (Boolean.TRUE.equals(row.variables().get(Outbox.HOLDOUT))) {
			finish(row, MessageStatus.SUPPRESSED, null, null, "holdout: held out of the launch to measure its lift",
					null);
			return;
		}
		Customer customer = this.customers.find(row.customerId()).orElse(null);
		if (customer == null) {
			finish(row, MessageStatus.FAILED, null, null, "the customer no longer exists", null);
			return;
		}
		Guardrails.Verdict verdict = this.guardrails.check(row.channel(), row.category(), customer, now);
		if (verdict instanceof Guardrails.Suppress suppress) {
			finish(row, MessageStatus.SUPPRESSED, null, null, suppress.reason(), null);
			return;
		}
		if (verdict instanceof Guardrails.Defer defer) {
			defer(row, defer.until(), defer.reason(), null, false);
			return;
		}
		RenderedMessage content;
		try {
			content = this.templates.render(row.template(), this.context.of(row.variables(), customer, row.id()));
		}
		catch (MessageTemplates.TemplateException | IllegalStateException ex) {
			finish(row, MessageStatus.FAILED, null, null, ex.getMessage(), null);
			return;
		}
		Bucket bucket = this.rateLimits.get(row.channel());
		if (bucket != null && !bucket.tryConsume(1)) {
			defer(row, now.plusMillis(200), "rate limit of " + ChannelNames.of(row.channel()), null, false);
			return;
		}
		send(row, customer, content);
	}

	private void send(Row row, Customer customer, RenderedMessage content) {
		this.jdbc.sql("update message set attempts = attempts + 1 where id = :id").param("id", row.id()).update();
		int attempt = row.attempts() + 1;
		try {
			Channel.Delivery delivery = this.channels.forType(row.channel())
				.send(new Channel.OutboundMessage(row.id(), row.channel(), customer, row.template(), content,
						row.category()));
			finish(row, MessageStatus.SENT, content.body(), delivery.vendorMessageId(), null, null);
		}
		catch (ChannelException ex) {
			switch (ex.kind()) {
				case PERMANENT ->
					finish(row, MessageStatus.FAILED, content.body(), null, ex.getMessage(), ex.vendorCode());
				case THROTTLED -> {
					this.jdbc.sql("update message set attempts = attempts - 1 where id = :id")
						.param("id", row.id())
						.update();
					Duration wait = (ex.retryAfter() != null) ? ex.retryAfter() : this.properties.retryBackoff();
					defer(row, this.clock.now().plus(wait), "vendor throttled: " + ex.getMessage(), ex.vendorCode(),
							false);
				}
				case TRANSIENT -> retryOrFail(row, attempt, ex.getMessage(), ex.vendorCode());
			}
		}
		catch (RuntimeException ex) {
			retryOrFail(row, attempt, String.valueOf(ex.getMessage()), null);
		}
	}

	private void retryOrFail(Row row, int attempt, String error, String vendorCode) {
		if (attempt >= this.properties.maxAttempts()) {
			log.warn("Message {} failed after {} attempts: {}", row.id(), attempt, error);
			finish(row, MessageStatus.FAILED, null, null, "failed after " + attempt + " attempts: " + error, null);
			return;
		}
		Duration wait = this.properties.retryBackoff().multipliedBy(1L << Math.min(attempt - 1, 16));
		log.info("Message {} attempt {} failed, next in {}: {}", row.id(), attempt, wait, error);
		defer(row, this.clock.now().plus(wait), "attempt " + attempt + " failed: " + error, vendorCode, true);
	}

	private boolean claim(long id, Instant now) {
		return this.jdbc.sql("""
				update message set status = 'SENDING', claimed_at = :now
				where id = :id and status in ('PENDING', 'DEFERRED') and next_attempt_at <= :now""")
			.param("now", SiyuClock.utc(now))
			.param("id", id)
			.update() == 1;
	}

	private void defer(Row row, Instant until, String reason, String vendorCode, boolean error) {
		this.jdbc.sql("""
				update message set status = 'DEFERRED', claimed_at = null, next_attempt_at = :until,
				                   outcome_reason = :reason, vendor_code = :vendorCode, error = :error
				where id = :id""")
			.param("until", SiyuClock.utc(until))
			.param("reason", truncate(reason, 300))
			.param("vendorCode", vendorCode)
			.param("error", error ? truncate(reason, 1000) : null)
			.param("id", row.id())
			.update();
	}

	private void finish(Row row, MessageStatus status, String body, String vendorMessageId, String reason,
			String vendorCode) {
		this.jdbc.sql("""
				update message set status = :status, claimed_at = null, body = :body, vendor_message_id = :vendorId,
				                   outcome_reason = :reason, vendor_code = :vendorCode,
				                   error = :error, sent_at = :sentAt
				where id = :id""")
			.param("status", status.name())
			.param("body", body)
			.param("vendorId", vendorMessageId)
			.param("reason", truncate(reason, 300))
			.param("vendorCode", vendorCode)
			.param("error", (status == MessageStatus.FAILED) ? truncate(reason, 1000) : null)
			.param("sentAt", (status == MessageStatus.SENT) ? this.clock.nowUtc() : null)
			.param("id", row.id())
			.update();
		count(row, status);
		if (row.executionId() != null) {
			notifyJourney(row.id());
		}
	}

	/**
	 * {@code siyu.messages} by channel and outcome; for a message sent, the time from the
	 * journey's step writing it to the vendor taking it ({@code siyu.messages.dispatch}).
	 */
	private void count(Row row, MessageStatus status) {
		String channel = ChannelNames.of(row.channel());
		this.metrics.counter("siyu.messages", "channel", channel, "outcome", status.name().toLowerCase(Locale.ROOT))
			.increment();
		if (status == MessageStatus.SENT) {
			Duration latency = Duration.between(row.createdAt(), this.clock.now());
			Timer.builder("siyu.messages.dispatch")
				.tag("channel", channel)
				.publishPercentileHistogram()
				.register(this.metrics)
				.record(latency.isNegative() ? Duration.ZERO : latency);
		}
	}

	/**
	 * A customer being erased takes her messages with her, so no sweep will tell the
	 * journeys of others that wait for one of them (her friend's journey sending her the
	 * inviter's reward), nor can a failed one be retried: they are told now, in the
	 * erasure's transaction. A message the vendor took or a guardrail held back, not yet
	 * told, tells that; any other can no longer reach her: {@code UNREACHABLE}. The rows
	 * are locked as a sweep locks them, so that a journey is told once. Runs after the
	 * listeners that take her id out of those journeys.
	 */
	@EventListener
	@Order(Ordered.LOWEST_PRECEDENCE)
	void erasing(CustomerErasing erasing) {
		this.jdbc.sql("""
				select id, execution_id, activity_id, status, journey_notified from message
				where customer_id = :id and execution_id is not null
				order by id for update""").param("id", erasing.customerId()).query().listOfRows().forEach((message) -> {
			String executionId = (String) message.get("execution_id");
			long id = ((Number) message.get("id")).longValue();
			DeliveryOutcome outcome;
			if (!Boolean.TRUE.equals(message.get("journey_notified"))) {
				outcome = switch (MessageStatus.valueOf((String) message.get("status"))) {
					case SENT -> DeliveryOutcome.SENT;
					case SUPPRESSED -> DeliveryOutcome.SUPPRESSED;
					default -> DeliveryOutcome.UNREACHABLE;
				};
			}
			else if (this.runtime.createIncidentQuery()
				.executionId(executionId)
				.incidentType(DeliveryOutcome.FAILED_INCIDENT)
				.configuration(String.valueOf(id))
				.count() > 0) {
				// told FAILED: the step waits with this message's incident, which
				// no retry can clear now (a step there without it waits for another)
				outcome = DeliveryOutcome.UNREACHABLE;
			}
			else {
				return;
			}
			if (waits(executionId, (String) message.get("activity_id"))) {
				this.runtime.signal(executionId, outcome.name(), null, Map.of("lastMessageId", id));
			}
		});
	}

	/**
	 * Whether the step that wrote a message still waits for it: an execution that moved
	 * on (an event sub-process took the instance elsewhere) is not told.
	 */
	private boolean waits(String executionId, String activityId) {
		var waiting = this.runtime.createExecutionQuery().executionId(executionId);
		if (activityId != null) {
			waiting = waiting.activityId(activityId);
		}
		return waiting.count() > 0;
	}

	/**
	 * Signals the waiting step; a concurrent change to the journey makes it try again,
	 * later sweeps too.
	 */
	private void notifyJourney(long id) {
		for (int attempt = 1; attempt <= 3; attempt++) {
			try {
				this.transaction.executeWithoutResult((status) -> {
					// locked: a sweep and the sender's own notice, or two nodes, tell the
					// step once; the second waits and then sees it told
					Map<String, Object> message = this.jdbc.sql("""
							select execution_id, activity_id, status, vendor_code, journey_notified from message
							where id = :id for update""").param("id", id).query().singleRow();
					if (Boolean.TRUE.equals(message.get("journey_notified"))) {
						return;
					}
					String executionId = (String) message.get("execution_id");
					DeliveryOutcome outcome = DeliveryOutcome.of(MessageStatus.valueOf((String) message.get("status")),
							(String) message.get("vendor_code"));
					if (waits(executionId, (String) message.get("activity_id"))) {
						this.runtime.signal(executionId, outcome.name(), null, Map.of("lastMessageId", id));
					}
					this.jdbc.sql("update message set journey_notified = true where id = :id").param("id", id).update();
				});
				return;
			}
			catch (OptimisticLockingException ex) {
				log.debug("Journey of message {} changed meanwhile, attempt {}", id, attempt);
			}
			catch (RuntimeException ex) {
				// one journey that cannot be told must not stop the sweep telling the
				// others; its message stays untold, and a later sweep tries again
				log.warn("Journey of message {} could not be told its outcome; a later sweep tries again", id, ex);
				return;
			}
		}
	}

	private Row load(long id) {
		return this.jdbc.sql("""
				select id, customer_id, channel, template, category, variables, attempts, execution_id, created_at
				from message where id = :id""")
			.param("id", id)
			.query((rs, n) -> new Row(rs.getLong("id"), rs.getString("customer_id"),
					ChannelType.valueOf(rs.getString("channel")), rs.getString("template"),
					MessageCategory.valueOf(rs.getString("category")), readVariables(rs.getString("variables")),
					rs.getInt("attempts"), rs.getString("execution_id"),
					rs.getObject("created_at", java.time.OffsetDateTime.class).toInstant()))
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

	private static String truncate(String text, int length) {
		return (text == null || text.length() <= length) ? text : text.substring(0, length);
	}

	private record Due(long id, String customerId) {
	}

	private record Row(long id, String customerId, ChannelType channel, String template, MessageCategory category,
			Map<String, Object> variables, int attempts, String executionId, java.time.Instant createdAt) {
	}

}
