package dev.siyu.journey;

/**
 * The KOC nurture journey ({@code processes/koc-nurture.bpmn}, launched on the 1st of
 * every month by {@code processes/koc-nurture-monthly.bpmn}): its keys and the ids people
 * read.
 */
public final class KocNurture {

	public static final String KEY = "koc-nurture";

	/** The scheduler that launches the journey for the stored KOC candidates. */
	public static final String MONTHLY_KEY = "koc-nurture-monthly";

	public static final String GOAL_MESSAGE = "GroupJoined";

	/** The koc layer the rules decide again on fresh data (KOC_CANDIDATE or MEMBER). */
	public static final String VAR_KOC_LAYER = "kocLayer";

	public static final String CANDIDATE = "KOC_CANDIDATE";

	public static final String TAG_CANDIDATE = "koc-candidate";

	public static final String TAG_KOC = "koc";

	public static final String TASK_INVITE_WECOM = "Task_InviteWecom";

	public static final String TASK_INVITE_OA = "Task_InviteOa";

	public static final String TASK_WELCOME_KOC = "Task_WelcomeKoc";

	public static final String TASK_LAUNCH = "Task_LaunchKocNurture";

	/** Who sees the welcome task in Tasklist. */
	public static final String COMMUNITY_MANAGERS = "community-managers";

	private KocNurture() {
	}

}
