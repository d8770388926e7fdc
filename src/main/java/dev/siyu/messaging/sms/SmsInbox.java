package dev.siyu.messaging.sms;

import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import dev.siyu.system.SiyuClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns what the SMS vendors push into customer events: a status report into
 * {@code DeliveryReported} for the message it reports on, a reply into
 * {@code Unsubscribed} when it is an unsubscribe keyword and {@code MessageReplied}
 * otherwise. Event ids come from the vendor's record, so a pushed-again report is a
 * duplicate.
 */
@Component
@ConditionalOnProperty(name = "siyu.channels.sms.mode", havingValue = "live")
class SmsInbox {

	private static final Logger log = LoggerFactory.getLogger(SmsInbox.class);

	/**
	 * Replies carriers and vendors treat as unsubscribing, compared trimmed and
	 * upper-cased.
	 */
	static final Set<String> UNSUBSCRIBE = Set.of("T", "TD", "R", "N", "退订", "拒收");

	private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final EventIntake intake;

	private final CustomerRepository customers;

	private final JdbcClient jdbc;

	private final SiyuClock clock;

	SmsInbox(EventIntake intake, CustomerRepository customers, JdbcClient jdbc, SiyuClock clock) {
		this.intake = intake;
		this.customers = customers;
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/**
	 * @param vendorMessageId Aliyun's BizId or Tencent's SerialNo
	 * @param messageId Siyu's message id as given back by the vendor (Aliyun's OutId), if
	 * any
	 */
	record Report(String provider, String vendorMessageId, String messageId, boolean delivered, String code,
			OffsetDateTime occurredAt) {
	}

	/**
	 * @param replyId the vendor's id of the reply, or a hash of it where it has none
	 */
	record Reply(String provider, String replyId, String countryCode, String phone, String text,
			OffsetDateTime occurredAt) {
	}

	void report(Report report) {
		Optional<SentMessage> sent = findMessage(report.messageId(), report.vendorMessageId());
		if (sent.isEmpty()) {
			log.info("{} SMS report on {} matches no message of Siyu: ignored", report.provider(),
					report.vendorMessageId());
			return;
		}
		Map<String, Object> properties = new HashMap<>();
		properties.put("channel", "sms");
		properties.put("provider", report.provider());
		properties.put("messageId", sent.get().id());
		properties.put("status", report.delivered() ? "DELIVERED" : "FAILED");
		if (report.code() != null) {
			properties.put("vendorCode", report.code());
		}
		accept(eventId(report.provider(), "report", report.vendorMessageId()), sent.get().customerId(),
				EventType.DeliveryReported, report.occurredAt(), properties);
	}

	void reply(Reply reply) {
		String customerId = customerByPhone(reply.countryCode(), reply.phone());
		Map<String, Object> properties = new HashMap<>();
		properties.put("channel", "sms");
		properties.put("provider", reply.provider());
		String text = (reply.text() != null) ? reply.text() : "";
		EventType type = isUnsubscribe(text) ? EventType.Unsubscribed : EventType.MessageReplied;
		properties.put("text", text.length() > 500 ? text.substring(0, 500) : text);
		accept(eventId(reply.provider(), "reply", reply.replyId()), customerId, type, reply.occurredAt(), properties);
	}

	static boolean isUnsubscribe(String text) {
		String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
		return UNSUBSCRIBE.contains(normalized);
	}

	/** Vendors write times in China's time, {@code 2017-01-01 00:00:00}. */
	OffsetDateTime chinaTime(String text) {
		if (text != null && !text.isBlank()) {
			try {
				return LocalDateTime.parse(text.strip().replace(' ', 'T'))
					.atZone(CHINA)
					.toOffsetDateTime()
					.withOffsetSameInstant(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ex) {
				log.debug("Unreadable vendor time {}", text);
			}
		}
		return this.clock.nowUtc();
	}

	OffsetDateTime epochSeconds(long seconds) {
		return (seconds > 0) ? Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC) : this.clock.nowUtc();
	}

	private void accept(String eventId, String customerId, EventType type, OffsetDateTime occurredAt,
			Map<String, Object> properties) {
		EventIntake.Outcome outcome = this.intake
			.accept(new CustomerEvent(eventId, customerId, type, occurredAt, properties));
		log.debug("SMS event {} ({}) {}", eventId, type, outcome);
	}

	private Optional<SentMessage> findMessage(String messageId, String vendorMessageId) {
		if (messageId != null && messageId.matches("[0-9]{1,18}")) {
			Optional<SentMessage> byId = this.jdbc
				.sql("select id, customer_id from message where id = :id and channel = 'SMS'")
				.param("id", Long.parseLong(messageId))
				.query((rs, row) -> new SentMessage(rs.getLong("id"), rs.getString("customer_id")))
				.optional();
			if (byId.isPresent()) {
				return byId;
			}
		}
		if (vendorMessageId == null || vendorMessageId.isBlank()) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				select id, customer_id from message where vendor_message_id = :vendorId and channel = 'SMS'
				order by id desc fetch first 1 rows only""")
			.param("vendorId", vendorMessageId)
			.query((rs, row) -> new SentMessage(rs.getLong("id"), rs.getString("customer_id")))
			.optional();
	}

	/**
	 * The customer with this number, or a new one whose id is derived from it (never the
	 * number itself: ids show in URLs and logs).
	 */
	private String customerByPhone(String countryCode, String phone) {
		Optional<String> known = this.jdbc
			.sql("select id from customer where phone in (:phones) order by created_at, id fetch first 1 rows only")
			.param("phones", Phones.storedForms(countryCode, phone))
			.query(String.class)
			.optional();
		if (known.isPresent()) {
			return known.get();
		}
		String e164 = Phones.storedForms(countryCode, phone).get(1);
		String id = "sms:" + Phones.sha256Prefix(e164);
		this.customers.upsert(id, new CustomerChanges(null, Phones.stored(countryCode, phone), null, null, null));
		log.info("SMS from an unknown number: new customer {}", id);
		return id;
	}

	private static String eventId(String provider, String kind, String vendorId) {
		String id = "sms:" + provider + ":" + kind + ":" + vendorId;
		return (id.length() <= 100) ? id : "sms:" + provider + ":" + kind + ":#" + Phones.sha256Prefix(vendorId);
	}

	private record SentMessage(long id, String customerId) {
	}

}
