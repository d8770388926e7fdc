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

import dev.siyu.community.CommunityGroups;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.CustomerRepository.VendorId;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.bean.external.WxCpUserExternalGroupChatInfo;
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
 * skipped: finding who joined would take a {@code groupchat/get} call and a diff. A new
 * group, a new name or owner is read from {@code groupchat/get}; a dismissed group is
 * kept as dismissed.
 */
@Component
@ConditionalOnProperty(name = "siyu.channels.wecom.mode", havingValue = "live")
class WecomEvents {

	/** {@code groupchat/get}'s member type of an external contact (1 is staff). */
	private static final int EXTERNAL_CONTACT = 2;

	private final EventIntake intake;

	private final CustomerRepository customers;

	private final JdbcClient jdbc;

	private final WxCpService wecom;

	private final CommunityGroups groups;

	WecomEvents(EventIntake intake, CustomerRepository customers, JdbcClient jdbc, WxCpService wecom,
			CommunityGroups groups) {
		this.wecom = wecom;
		this.groups = groups;
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

	/**
	 * A customer group changed: members joined or left (events for the customers among
	 * them); it was created, renamed or given a new owner (its description read again
	 * from {@code groupchat/get}, and on creation everyone already in it joined); or it
	 * was dismissed.
	 */
	private List<CustomerEvent> groupChange(WxCpXmlMessage message) {
		String chatId = message.getChatId();
		if (chatId == null || chatId.isBlank()) {
			return List.of();
		}
		String change = String.valueOf(message.getChangeType());
		String detail = String.valueOf(message.getUpdateDetail());
		if ("create".equals(change)) {
			return members(describe(chatId));
		}
		if ("dismiss".equals(change)) {
			this.groups.dismissed(chatId, occurredAt(message));
			return List.of();
		}
		if ("update".equals(change) && ("change_owner".equals(detail) || "change_name".equals(detail))) {
			describe(chatId);
			return List.of();
		}
		EventType type = "update".equals(change) ? switch (detail) {
			case "add_member" -> EventType.GroupJoined;
			case "del_member" -> EventType.GroupLeft;
			default -> null;
		} : null;
		if (type == null) {
			return List.of();
		}
		List<CustomerEvent> events = new ArrayList<>();
		for (String member : members(message)) {
			customerOf(member).ifPresent((customerId) -> {
				Map<String, Object> properties = new HashMap<>();
				properties.put("groupId", chatId);
				putIfPresent(properties, "joinScene", (type == EventType.GroupJoined) ? message.getJoinScene() : null);
				putIfPresent(properties, "quitScene", (type == EventType.GroupLeft) ? message.getQuitScene() : null);
				String eventId = "wecom:" + member + ":" + message.getCreateTime() + ":" + detail + ":" + chatId;
				events.add(new CustomerEvent(eventId, customerId, type, occurredAt(message), properties));
			});
		}
		return events;
	}

	/**
	 * The group as WeCom describes it now, kept as its name and owners (the owner, then
	 * the admins). A refusal or an unreachable WeCom fails the callback, which WeCom
	 * sends again.
	 */
	private WxCpUserExternalGroupChatInfo.GroupChat describe(String chatId) {
		WxCpUserExternalGroupChatInfo.GroupChat chat;
		try {
			chat = this.wecom.getExternalContactService().getGroupChat(chatId, 0).getGroupChat();
		}
		catch (WxErrorException ex) {
			throw new IllegalStateException("WeCom's groupchat/get for group " + chatId + " failed: errcode "
					+ ex.getError().getErrorCode() + " " + ex.getError().getErrorMsg(), ex);
		}
		List<String> owners = new ArrayList<>();
		if (chat.getOwner() != null) {
			owners.add(chat.getOwner());
		}
		if (chat.getAdminList() != null) {
			chat.getAdminList()
				.stream()
				.map(WxCpUserExternalGroupChatInfo.GroupAdmin::getUserId)
				.filter((admin) -> admin != null && !owners.contains(admin))
				.forEach(owners::add);
		}
		this.groups.described(chatId, chat.getName(), owners);
		return chat;
	}

	/** Everyone in a new group who is a customer (an external contact) joined it. */
	private List<CustomerEvent> members(WxCpUserExternalGroupChatInfo.GroupChat chat) {
		List<CustomerEvent> events = new ArrayList<>();
		if (chat.getMemberList() == null) {
			return events;
		}
		for (WxCpUserExternalGroupChatInfo.GroupMember member : chat.getMemberList()) {
			if (member.getType() != EXTERNAL_CONTACT || member.getUserId() == null) {
				continue;
			}
			customerOf(member.getUserId()).ifPresent((customerId) -> {
				Map<String, Object> properties = new HashMap<>();
				properties.put("groupId", chat.getChatId());
				properties.put("joinScene", String.valueOf(member.getJoinScene()));
				Long joined = (member.getJoinTime() != null) ? member.getJoinTime() : chat.getCreateTime();
				String eventId = "wecom:" + member.getUserId() + ":" + joined + ":create:" + chat.getChatId();
				events.add(new CustomerEvent(eventId, customerId, EventType.GroupJoined,
						Instant.ofEpochSecond((joined != null) ? joined : 0).atOffset(ZoneOffset.UTC), properties));
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
