package dev.siyu.event;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The message catalogue: every customer event Siyu accepts, named exactly as the BPMN
 * message its journeys catch. Each type names the few properties that journeys may see as
 * process variables; everything else stays in the event store.
 */
public enum EventType {

	AdLeadCaptured("adPlanId"), Followed("scene", "adPlanId"), Unfollowed, Purchased("orderId"), WecomFriendAdded,
	GroupJoined("groupId"), QuestionnaireAnswered("questionnaireId"), MessageReplied, Unsubscribed("channel"),
	DeliveryReported("messageId", "status"),
	/** Logged in to the mini-program, app or shop: what activity layering counts. */
	LoggedIn,
	/** Took part in a community activity (live stream, check-in, offline event). */
	ActivityJoined("activityId"),
	/** Left a community group (WeCom customer group). */
	GroupLeft("groupId"),
	/** Deleted the brand's WeCom staff from her contacts, or was deleted. */
	WecomFriendDeleted,
	/**
	 * Posted in a community group ({@code groupId}); {@code ad: true} for an
	 * advertisement (what the group-health rules count against a group).
	 */
	GroupMessagePosted("groupId"),
	/**
	 * Signed up to a 接龙 ({@code solitaireId}) in a community group ({@code groupId}),
	 * with what she wrote ({@code content}); counts as speaking in the group.
	 */
	GroupSignedUp("groupId", "solitaireId"),
	/**
	 * Made by Siyu: a friend she invited counted (the referral rules said so). Never
	 * accepted from outside.
	 */
	ReferralCounted("inviteeId", "referralId"),
	/**
	 * Made by Siyu: she came in through a friend's invitation that counted. Never
	 * accepted from outside.
	 */
	Referred("inviterId", "referralId");

	/** The events Siyu makes itself, from what it decides. */
	public boolean madeBySiyu() {
		return this == ReferralCounted || this == Referred;
	}

	private final Set<String> journeyVariables;

	EventType(String... journeyVariables) {
		this.journeyVariables = Set.of(journeyVariables);
	}

	public Set<String> journeyVariables() {
		return this.journeyVariables;
	}

	/** The properties of an event of this type that its journeys see as variables. */
	public Map<String, Object> journeyVariables(Map<String, Object> properties) {
		Map<String, Object> variables = new HashMap<>();
		for (String name : this.journeyVariables) {
			Object value = properties.get(name);
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				variables.put(name, value);
			}
		}
		return variables;
	}

	public static Optional<EventType> parse(String name) {
		return Arrays.stream(values()).filter((type) -> type.name().equals(name)).findFirst();
	}

	public static List<String> names() {
		return Arrays.stream(values()).map(Enum::name).toList();
	}

}
