package dev.siyu.analytics;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.siyu.messaging.ChannelNames;
import dev.siyu.messaging.ChannelType;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * One customer's story on one timeline, newest first: her events, orders, journeys
 * entered and left, and messages with their outcome.
 */
@RestController
class CustomerTimeline {

	private final JdbcClient jdbc;

	CustomerTimeline(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param kind {@code event}, {@code order}, {@code journey-entered},
	 * {@code journey-ended}, {@code message}
	 */
	record Entry(OffsetDateTime at, String kind, String title, String detail) {
	}

	@GetMapping("/api/customers/{customerId}/timeline")
	@Transactional(readOnly = true)
	List<Entry> timeline(@PathVariable String customerId, @RequestParam(defaultValue = "200") int limit) {
		if (limit < 1 || limit > 1000) {
			throw new InvalidInputException("'limit' must be between 1 and 1000");
		}
		if (this.jdbc.sql("select count(*) from customer where id = :id")
			.param("id", customerId)
			.query(Long.class)
			.single() == 0) {
			throw new NotFoundException("No customer with id '" + customerId + "'");
		}
		List<Entry> entries = new ArrayList<>();
		String page = " fetch first " + limit + " rows only";
		this.jdbc
			.sql("select type, occurred_at, event_id from customer_event where customer_id = :id"
					+ " order by occurred_at desc" + page)
			.param("id", customerId)
			.query((rs, n) -> new Entry(rs.getObject("occurred_at", OffsetDateTime.class), "event",
					rs.getString("type"), rs.getString("event_id")))
			.list()
			.forEach(entries::add);
		this.jdbc
			.sql("select id, amount, coupon_value, ordered_at from customer_order where customer_id = :id"
					+ " order by ordered_at desc" + page)
			.param("id", customerId)
			.query((rs, n) -> new Entry(rs.getObject("ordered_at", OffsetDateTime.class), "order", rs.getString("id"),
					"¥" + rs.getBigDecimal("amount").toPlainString()
							+ ((rs.getBigDecimal("coupon_value") != null)
									? " (coupon ¥" + rs.getBigDecimal("coupon_value").toPlainString() + ")" : "")))
			.list()
			.forEach(entries::add);
		this.jdbc.sql("""
				select process_key, variant, holdout, launch_id, enrolled_at, ended_at, end_activity_id, goal_reached,
				       cancelled
				from enrolment where customer_id = :id order by enrolled_at desc""" + page)
			.param("id", customerId)
			.query((RowCallbackHandler) (rs) -> {
				String journey = rs.getString("process_key");
				String arm = rs.getBoolean("holdout") ? "holdout"
						: (rs.getString("variant") != null) ? "variant " + rs.getString("variant") : "";
				Long launch = rs.getObject("launch_id", Long.class);
				entries.add(new Entry(rs.getObject("enrolled_at", OffsetDateTime.class), "journey-entered", journey,
						String.join(" · ",
								List.of((launch != null) ? "launch " + launch : "", arm)
									.stream()
									.filter((part) -> !part.isEmpty())
									.toList())));
				OffsetDateTime ended = rs.getObject("ended_at", OffsetDateTime.class);
				if (ended != null) {
					entries.add(new Entry(ended, "journey-ended", journey,
							(rs.getBoolean("cancelled") ? "cancelled"
									: rs.getBoolean("goal_reached") ? "goal" : "ended") + " at "
									+ rs.getString("end_activity_id")));
				}
			});
		this.jdbc.sql("""
				select channel, template, status, outcome_reason, created_at, sent_at from message
				where customer_id = :id order by created_at desc""" + page)
			.param("id", customerId)
			.query((rs, n) -> new Entry((rs.getObject("sent_at", OffsetDateTime.class) != null)
					? rs.getObject("sent_at", OffsetDateTime.class) : rs.getObject("created_at", OffsetDateTime.class),
					"message",
					ChannelNames.of(ChannelType.valueOf(rs.getString("channel"))) + " " + rs.getString("template"),
					rs.getString("status")
							+ ((rs.getString("outcome_reason") != null) ? ": " + rs.getString("outcome_reason") : "")))
			.list()
			.forEach(entries::add);
		// newest first; at the same moment, what followed from what: the event, the
		// order, the
		// journey it started, its end, its message
		List<String> sequence = List.of("message", "journey-ended", "journey-entered", "order", "event");
		entries.sort(Comparator.comparing(Entry::at, Comparator.nullsLast(Comparator.reverseOrder()))
			.thenComparing((entry) -> sequence.indexOf(entry.kind())));
		return entries.subList(0, Math.min(limit, entries.size()));
	}

}
