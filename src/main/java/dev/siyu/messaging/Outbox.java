package dev.siyu.messaging;

import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.JsonObjects;
import dev.siyu.system.SiyuClock;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Where journeys put messages. A row is written in the caller's (the engine's)
 * transaction under an idempotency key, so a step that runs again writes nothing new; the
 * dispatcher is told once the transaction has committed.
 */
@Component
public class Outbox {

	/**
	 * The journey variable that holds a customer out of a launch's messages: her messages
	 * are recorded as suppressed, never sent.
	 */
	public static final String HOLDOUT = "holdout";

	/**
	 * The journey variable that names the customer's variant of a launch's experiment: a
	 * template {@code <template>-<variant>} (such as {@code hero-sms-offer-b}), where one
	 * exists, is sent in place of {@code <template>}, so variants can differ in copy
	 * without a split in the diagram.
	 */
	public static final String VARIANT = "variant";

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	private final SiyuClock clock;

	private final MessageTemplates templates;

	private final ApplicationEventPublisher events;

	Outbox(JdbcClient jdbc, ObjectMapper json, SiyuClock clock, MessageTemplates templates,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.json = json;
		this.clock = clock;
		this.templates = templates;
		this.events = events;
	}

	/**
	 * Takes another customer's id out of the values kept with her messages (her journey's
	 * {@code inviterId}, say), when that customer is erased.
	 */
	public void forget(String customerId, String mentioned) {
		this.jdbc.sql("select id, variables from message where customer_id = :id")
			.param("id", customerId)
			.query((rs, n) -> Map.entry(rs.getLong("id"), rs.getString("variables")))
			.list()
			.forEach((message) -> JsonObjects.without(this.json, message.getValue(), mentioned)
				.ifPresent((variables) -> this.jdbc.sql("update message set variables = :variables where id = :id")
					.param("variables", variables)
					.param("id", message.getKey())
					.update()));
	}

	/**
	 * A message to send. {@code variables} are the journey's small values the template
	 * may use; {@code executionId} is the journey step that waits for the outcome, if one
	 * does.
	 */
	public record Request(String idempotencyKey, String customerId, ChannelType channel, String template,
			MessageCategory category, Map<String, Object> variables, String processInstanceId, String activityId,
			String executionId) {
	}

	public void enqueue(Request request) {
		if (!this.templates.exists(request.template())) {
			throw new IllegalStateException("No message template '" + request.template() + "': add templates/messages/"
					+ request.template() + ".mustache or fix the send step");
		}
		String template = request.template();
		if (request.variables() != null && request.variables().get(VARIANT) instanceof String variant
				&& this.templates.exists(template + "-" + variant.toLowerCase(java.util.Locale.ROOT))) {
			template = template + "-" + variant.toLowerCase(java.util.Locale.ROOT);
		}
		int inserted = this.jdbc
			.sql("""
					insert into message (idempotency_key, customer_id, channel, template, category, variables,
					                     process_instance_id, activity_id, execution_id, status, next_attempt_at, created_at)
					select :key, :customerId, :channel, :template, :category, :variables,
					       :pid, :activityId, :executionId, 'PENDING', :now, :now
					where not exists (select 1 from message where idempotency_key = :key)""")
			.param("key", request.idempotencyKey())
			.param("customerId", request.customerId())
			.param("channel", request.channel().name())
			.param("template", template)
			.param("category", request.category().name())
			.param("variables", toJson(request.variables()))
			.param("pid", request.processInstanceId())
			.param("activityId", request.activityId())
			.param("executionId", request.executionId())
			.param("now", this.clock.nowUtc())
			.update();
		if (inserted == 1) {
			long id = this.jdbc.sql("select id from message where idempotency_key = :key")
				.param("key", request.idempotencyKey())
				.query(Long.class)
				.single();
			this.events.publishEvent(new MessageQueued(id));
		}
	}

	private String toJson(Map<String, Object> variables) {
		try {
			return this.json.writeValueAsString(variables);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	record MessageQueued(long id) {
	}

}
