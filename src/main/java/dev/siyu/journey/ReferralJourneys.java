package dev.siyu.journey;

/**
 * The referral journeys' keys and the ids people read: 助力 ({@code referral-assist}), 邀请有礼
 * ({@code referral-invite-reward}) and the invite contest's prize
 * ({@code referral-contest-prize}, started by {@code referral-contest}).
 */
public final class ReferralJourneys {

	/** Invite 3 friends within 7 days, unlock the course; launched for a segment. */
	public static final String ASSIST_KEY = "referral-assist";

	/** Started for a friend who came in by a counted invitation. */
	public static final String INVITE_REWARD_KEY = "referral-invite-reward";

	/** Started for each winner of an invite contest, with her place and reward code. */
	public static final String PRIZE_KEY = "referral-contest-prize";

	public static final String OFFER_ASSIST = "ASSIST_COURSE_UNLOCK";

	public static final String OFFER_INVITEE = "INVITEE_FIRST_ORDER_GIFT";

	public static final String OFFER_INVITER = "INVITER_FRIEND_ORDER_GIFT";

	private ReferralJourneys() {
	}

}
