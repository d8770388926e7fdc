package dev.siyu.messaging;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageController {

	private final JdbcClient jdbc;

	private final SiyuClock clock;

	MessageController(JdbcClient jdbc, SiyuClock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@GetMapping("/api/customers/{customerId}/messages")
	List<MessageView> messages(@PathVariable String customerId) {
		return this.jdbc.sql("""
				select id, channel, template, category, status, body, error, attempts, created_at, sent_at
				from message where customer_id = :customerId order by created_at, id""")
			.param("customerId", customerId)
			.query((rs, row) -> new MessageView(rs.getLong("id"), ChannelType.valueOf(rs.getString("channel")),
					rs.getString("template"), MessageCategory.valueOf(rs.getString("category")),
					MessageStatus.valueOf(rs.getString("status")), rs.getString("body"), rs.getString("error"),
					rs.getInt("attempts"), rs.getObject("created_at", OffsetDateTime.class),
					rs.getObject("sent_at", OffsetDateTime.class)))
			.list();
	}

	record LogEntry(long id, String customerId, String channel, String template, MessageCategory category,
			MessageStatus status, String reason, String error, int attempts, String journey, String activityId,
			OffsetDateTime createdAt, OffsetDateTime sentAt) {
	}

	/**
	 * The message log, newest first, a page at a time ({@code before}: the last id of the
	 * previous page), filtered by channel, status, journey, template, customer and when
	 * it was written.
	 */
	@GetMapping("/api/messages")
	List<LogEntry> log(@RequestParam(required = false) String channel, @RequestParam(required = false) String status,
			@RequestParam(required = false) String journey, @RequestParam(required = false) String template,
			@RequestParam(required = false) String customerId,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
			@RequestParam(required = false) Long before, @RequestParam(defaultValue = "50") int limit) {
		if (limit < 1 || limit > 500) {
			throw new InvalidInputException("'limit' must be between 1 and 500");
		}
		StringBuilder where = new StringBuilder("1 = 1");
		Map<String, Object> params = new java.util.HashMap<>();
		if (channel != null && !channel.isBlank()) {
			ChannelType type;
			try {
				type = ChannelType.parse(channel.replace('-', '_'));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidInputException(
						"'channel' " + channel + " is not one of sms, wechat-oa, wecom, email, webhook");
			}
			where.append(" and m.channel = :channel");
			params.put("channel", type.name());
		}
		if (status != null && !status.isBlank()) {
			MessageStatus known = java.util.Arrays.stream(MessageStatus.values())
				.filter((s) -> s.name().equalsIgnoreCase(status))
				.findFirst()
				.orElseThrow(() -> new InvalidInputException(
						"'status' " + status + " is not one of " + java.util.Arrays.toString(MessageStatus.values())));
			where.append(" and m.status = :status");
			params.put("status", known.name());
		}
		if (journey != null && !journey.isBlank()) {
			where.append(" and e.process_key = :journey");
			params.put("journey", journey);
		}
		if (template != null && !template.isBlank()) {
			where.append(" and m.template = :template");
			params.put("template", template);
		}
		if (customerId != null && !customerId.isBlank()) {
			where.append(" and m.customer_id = :customerId");
			params.put("customerId", customerId);
		}
		if (from != null) {
			where.append(" and m.created_at >= :from");
			params.put("from", from);
		}
		if (to != null) {
			where.append(" and m.created_at < :to");
			params.put("to", to);
		}
		if (before != null) {
			where.append(" and m.id < :before");
			params.put("before", before);
		}
		return this.jdbc.sql("""
				select m.id, m.customer_id, m.channel, m.template, m.category, m.status, m.outcome_reason, m.error,
				       m.attempts, e.process_key, m.activity_id, m.created_at, m.sent_at
				from message m left join enrolment e on e.process_instance_id = m.process_instance_id
				where %s order by m.id desc fetch first %d rows only""".formatted(where, limit))
			.params(params)
			.query((rs, row) -> new LogEntry(rs.getLong("id"), rs.getString("customer_id"),
					ChannelNames.of(ChannelType.valueOf(rs.getString("channel"))), rs.getString("template"),
					MessageCategory.valueOf(rs.getString("category")), MessageStatus.valueOf(rs.getString("status")),
					rs.getString("outcome_reason"), rs.getString("error"), rs.getInt("attempts"),
					rs.getString("process_key"), rs.getString("activity_id"),
					rs.getObject("created_at", OffsetDateTime.class), rs.getObject("sent_at", OffsetDateTime.class)))
			.list();
	}

	/**
	 * Sends a message that failed for a technical reason again, after ops fixed the cause
	 * (a template, a vendor account). The journey step waiting on it with an incident
	 * goes on once it is sent. A message the vendor refused for good is not retried: its
	 * journey already moved on.
	 */
	@PostMapping("/api/messages/{id}/retry")
	ResponseEntity<ProblemDetail> retry(@PathVariable long id) {
		List<Map<String, Object>> found = this.jdbc.sql("select status, vendor_code from message where id = :id")
			.param("id", id)
			.query()
			.listOfRows();
		if (found.isEmpty()) {
			throw new NotFoundException("No message " + id);
		}
		Map<String, Object> message = found.get(0);
		if (!"FAILED".equals(message.get("status")) || message.get("vendor_code") != null) {
			return ResponseEntity.status(HttpStatus.CONFLICT)
				.body(ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
						"Message " + id + " is " + message.get("status")
								+ ((message.get("vendor_code") != null)
										? " with the vendor's final refusal " + message.get("vendor_code") : "")
								+ "; only a message that failed for a technical reason can be retried"));
		}
		this.jdbc.sql("""
				update message set status = 'PENDING', attempts = 0, next_attempt_at = :now, error = null,
				                   outcome_reason = 'retried by ops', journey_notified = false
				where id = :id and status = 'FAILED'""").param("now", this.clock.nowUtc()).param("id", id).update();
		return ResponseEntity.accepted().build();
	}

	record MessageView(long id, ChannelType channel, String template, MessageCategory category, MessageStatus status,
			String body, String error, int attempts, OffsetDateTime createdAt, OffsetDateTime sentAt) {
	}

}
