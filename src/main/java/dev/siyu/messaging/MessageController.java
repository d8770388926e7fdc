package dev.siyu.messaging;

import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MessageController {

	private final JdbcClient jdbc;

	MessageController(JdbcClient jdbc) {
		this.jdbc = jdbc;
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

	record MessageView(long id, ChannelType channel, String template, MessageCategory category, MessageStatus status,
			String body, String error, int attempts, OffsetDateTime createdAt, OffsetDateTime sentAt) {
	}

}
