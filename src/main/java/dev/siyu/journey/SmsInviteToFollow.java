package dev.siyu.journey;

/**
 * The SMS invitation of leads who never followed the Official Account
 * ({@code processes/sms-invite-to-follow.bpmn}, launched every day by
 * {@code processes/sms-invite-to-follow-daily.bpmn}): its keys and the ids people read.
 */
public final class SmsInviteToFollow {

	public static final String KEY = "sms-invite-to-follow";

	/** The scheduler that launches the journey for the tagged leads. */
	public static final String DAILY_KEY = "sms-invite-to-follow-daily";

	/**
	 * The audience: leads with a phone who do not follow, tagged by the ad lead intake or
	 * by operations.
	 */
	public static final String TAG_LEAD_NOT_FOLLOWING = "lead-not-following";

	/**
	 * Whether the journey knows the lead's ad plan ({@code adPlanId}): the invites then
	 * link to its landing page, else to the generic link.
	 */
	public static final String VAR_HAS_LANDING_PAGE = "hasLandingPage";

	/** Offer code the rules chose for the second invite. */
	public static final String VAR_OFFER_CODE = "offerCode";

	public static final String TEMPLATE_INVITE_1 = "sms-invite-1";

	public static final String TEMPLATE_INVITE_2 = "sms-invite-2";

	public static final String TASK_SEND_INVITE_1 = "Task_SendInvite1";

	public static final String TASK_SEND_INVITE_2 = "Task_SendInvite2";

	public static final String TASK_LAUNCH_INVITES = "Task_LaunchInvites";

	private SmsInviteToFollow() {
	}

}
