package dev.siyu.messaging;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
