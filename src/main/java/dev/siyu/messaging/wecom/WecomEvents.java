package dev.siyu.messaging.wecom;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.CustomerRepository.VendorId;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import me.chanjar.weixin.cp.bean.message.WxCpXmlMessage;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns WeCom's customer-contact callbacks into customer events. Each event's id is made
 * of the callback's own values, so WeCom's retries of a callback store nothing twice.
 * <p>
 * Group changes name their members in {@code MemChangeList} (when at most 1000 changed);
 * a member is a customer if Siyu knows her external userid, or if the id looks like one
 * (external userids start with {@code wm} or {@code wo}, staff userids are the corp's
 * own). A change without the list (older callbacks, large changes) names nobody and is
 * skipped: finding who joined would take a {@code groupchat/get} call and a diff.
 */
@Component
@ConditionalOnProperty(name = "siyu.channels.wecom.mode", havingValue = "live")
class WecomEvents {

	private final EventIntake intake;

	private final CustomerRepository customers;

	private final JdbcClient jdbc;

	WecomEvents(EventIntake intake, CustomerRepository customers, JdbcClient jdbc) {
		this.intake = intake;
		this.customers = customers;
		this.jdbc = jdbc;
	}

	/** Takes in every customer event the callback carries; returns how many. */
	int accept(WxCpXmlMessage message) {
		List<CustomerEvent> events = switch (String.valueOf(message.getEvent())) {
			case "change_external_contact" -> contactChange(message);
			case "change_external_chat" -> groupChange(message);
			default -> List.of();
		};
		events.forEach(this.intake::accept);
		return events.size();
	}

	private List<CustomerEvent> contactChange(WxCpXmlMessage message) {
		String externalUserId = message.getExternalUserId();
		if (externalUserId == null || externalUserId.isBlank()) {
			return List.of();
		}
		EventType type = switch (String.valueOf(message.getChangeType())) {
			case "add_external_contact" -> EventType.WecomFriendAdded;
			// the staff member deleted her, or she deleted the staff member
			case "del_external_contact", "del_follow_user" -> EventType.WecomFriendDeleted;
			default -> null;
		};
		if (type == null) {
			return List.of();
		}
		Map<String, Object> properties = new HashMap<>();
		putIfPresent(properties, "userId", message.getUserId());
		putIfPresent(properties, "welcomeCode", message.getWelcomeCode());
		putIfPresent(properties, "state", message.getState());
		putIfPresent(properties, "changeType", message.getChangeType());
		String customerId = this.customers.idForVendorId(VendorId.WECOM_EXTERNAL_USER_ID, externalUserId);
		String eventId = "wecom:" + externalUserId + ":" + message.getUserId() + ":" + message.getCreateTime() + ":"
				+ message.getChangeType();
		return List.of(new CustomerEvent(eventId, customerId, type, occurredAt(message), properties));
	}

	private List<CustomerEvent> groupChange(WxCpXmlMessage message) {
		EventType type = "update".equals(message.getChangeType()) ? switch (String.valueOf(message.getUpdateDetail())) {
			case "add_member" -> EventType.GroupJoined;
			case "del_member" -> EventType.GroupLeft;
			default -> null;
		} : null;
		if (type == null || message.getChatId() == null) {
			return List.of();
		}
		List<CustomerEvent> events = new ArrayList<>();
		for (String member : members(message)) {
			customerOf(member).ifPresent((customerId) -> {
				Map<String, Object> properties = new HashMap<>();
				properties.put("groupId", message.getChatId());
				putIfPresent(properties, "joinScene", (type == EventType.GroupJoined) ? message.getJoinScene() : null);
				putIfPresent(properties, "quitScene", (type == EventType.GroupLeft) ? message.getQuitScene() : null);
				String eventId = "wecom:" + member + ":" + message.getCreateTime() + ":" + message.getUpdateDetail()
						+ ":" + message.getChatId();
				events.add(new CustomerEvent(eventId, customerId, type, occurredAt(message), properties));
			});
		}
		return events;
	}

	private Optional<String> customerOf(String member) {
		Optional<String> known = this.jdbc.sql("select id from customer where wecom_external_user_id = :id")
			.param("id", member)
			.query(String.class)
			.optional();
		if (known.isPresent() || !(member.startsWith("wm") || member.startsWith("wo"))) {
			return known;
		}
		return Optional.of(this.customers.idForVendorId(VendorId.WECOM_EXTERNAL_USER_ID, member));
	}

	/**
	 * WxJava 4.7 reads only the old form, ids joined by commas, into its field; the
	 * current form has one {@code <Item>} per member, found in the parsed fields.
	 */
	private static List<String> members(WxCpXmlMessage message) {
		Object list = (message.getAllFieldsMap() != null) ? message.getAllFieldsMap().get("MemChangeList") : null;
		if (list instanceof Map<?, ?> items) {
			list = items.get("Item");
		}
		if (list instanceof List<?> ids) {
			return ids.stream().map(String::valueOf).map(String::strip).filter((id) -> !id.isEmpty()).toList();
		}
		if (list instanceof String ids) {
			return Arrays.stream(ids.split(",")).map(String::strip).filter((id) -> !id.isEmpty()).toList();
		}
		return List.of();
	}

	private static OffsetDateTime occurredAt(WxCpXmlMessage message) {
		Instant at = (message.getCreateTime() != null) ? Instant.ofEpochSecond(message.getCreateTime()) : Instant.now();
		return at.atOffset(ZoneOffset.UTC);
	}

	private static void putIfPresent(Map<String, Object> properties, String name, String value) {
		if (value != null && !value.isBlank()) {
			properties.put(name, value);
		}
	}

}
