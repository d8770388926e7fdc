package dev.siyu.messaging;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;

import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The checks a marketing message passes at the moment it would be sent, in order:
 * consent, quiet hours, frequency caps. Transactional messages (order notices) pass them
 * all. Checking at send time, not when the journey scheduled the send, is what keeps a
 * customer who unsubscribed at noon from the message a timer set for the evening.
 */
@Component
class Guardrails {

	private final GuardrailProperties properties;

	private final CustomerRepository customers;

	private final JdbcClient jdbc;

	Guardrails(GuardrailProperties properties, CustomerRepository customers, JdbcClient jdbc) {
		this.properties = properties;
		this.customers = customers;
		this.jdbc = jdbc;
	}

	sealed interface Verdict permits Pass, Suppress, Defer {

	}

	record Pass() implements Verdict {
	}

	record Suppress(String reason) implements Verdict {
	}

	record Defer(Instant until, String reason) implements Verdict {
	}

	Verdict check(ChannelType channel, MessageCategory category, Customer customer, Instant now) {
		if (category == MessageCategory.TRANSACTIONAL) {
			return new Pass();
		}
		if (this.customers.optedOut(customer.id(), ChannelNames.of(channel))) {
			return new Suppress("unsubscribed from " + ChannelNames.of(channel) + " marketing");
		}
		if (this.properties.refusesMarketing(customer.marketingConsent())) {
			return new Suppress("no marketing consent");
		}
		ZoneId zone = zone(customer);
		ZonedDateTime local = now.atZone(zone);
		GuardrailProperties.QuietHours quiet = this.properties.quietHours();
		if (quiet.enabled() && isQuiet(local.toLocalTime(), quiet)) {
			ZonedDateTime until = local.toLocalTime().isBefore(quiet.end())
					? local.with(quiet.end()).truncatedTo(ChronoUnit.MINUTES)
					: local.plusDays(1).with(quiet.end()).truncatedTo(ChronoUnit.MINUTES);
			return new Defer(until.toInstant(), "quiet hours " + quiet.start() + "–" + quiet.end() + " " + zone);
		}
		GuardrailProperties.Cap cap = this.properties.cap(channel);
		if (cap != null) {
			ZonedDateTime today = local.truncatedTo(ChronoUnit.DAYS);
			ZonedDateTime week = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
			if (cap.daily() != null && sentSince(customer.id(), channel, today.toInstant()) >= cap.daily()) {
				return capped(cap, today.plusDays(1).with(quiet.end()).toInstant(),
						"daily cap of " + cap.daily() + " " + ChannelNames.of(channel) + " messages");
			}
			if (cap.weekly() != null && sentSince(customer.id(), channel, week.toInstant()) >= cap.weekly()) {
				return capped(cap, week.plusWeeks(1).with(quiet.end()).toInstant(),
						"weekly cap of " + cap.weekly() + " " + ChannelNames.of(channel) + " messages");
			}
		}
		return new Pass();
	}

	private static Verdict capped(GuardrailProperties.Cap cap, Instant nextWindow, String reason) {
		return "defer".equalsIgnoreCase(cap.policy()) ? new Defer(nextWindow, reason) : new Suppress(reason);
	}

	private static boolean isQuiet(LocalTime time, GuardrailProperties.QuietHours quiet) {
		if (quiet.start().isAfter(quiet.end())) {
			return !time.isBefore(quiet.start()) || time.isBefore(quiet.end());
		}
		return !time.isBefore(quiet.start()) && time.isBefore(quiet.end());
	}

	private ZoneId zone(Customer customer) {
		String zone = (customer.timeZone() != null) ? customer.timeZone() : this.properties.quietHours().zone();
		return ZoneId.of(zone);
	}

	private long sentSince(String customerId, ChannelType channel, Instant since) {
		return this.jdbc.sql("""
				select count(*) from message
				where customer_id = :customerId and channel = :channel and category = 'MARKETING'
				  and status = 'SENT' and sent_at >= :since""")
			.param("customerId", customerId)
			.param("channel", channel.name())
			.param("since", SiyuClock.utc(since))
			.query(Long.class)
			.single();
	}

}
