package dev.siyu.journey;

/**
 * The seeding and conversion cycle ({@code processes/seeding-conversion-cycle.bpmn}) and
 * its daily launch ({@code processes/seeding-conversion-cycle-daily.bpmn}): their keys
 * and the ids people read.
 */
public final class SeedingConversionCycle {

	public static final String KEY = "seeding-conversion-cycle";

	public static final String DAILY_KEY = "seeding-conversion-cycle-daily";

	/** The layering rule set whose stored layers make the audience. */
	public static final String AUDIENCE_RULE_SET = "hero-tier";

	/** The layer of the audience: customers who have bought nothing. */
	public static final String AUDIENCE_LAYER = "NON_BUYER";

	/** The questionnaire codebook's tag of the audience: acne. */
	public static final String AUDIENCE_TAG = "3";

	public static final String JOINED_MESSAGE = "GroupJoined";

	/** Who sees the seeding posts in Tasklist. */
	public static final String GROUP_OWNERS = "group-owners";

	public static final int SEEDING_DAYS = 5;

	public static final int CONVERSION_DAYS = 6;

	/** The seeding day (1 to 5) a group post is for. */
	public static final String VAR_SEEDING_DAY = "seedingDay";

	/** The offer the rules chose for the conversion pushes. */
	public static final String VAR_OFFER_CODE = "offerCode";

	public static final String TASK_INVITE_TO_GROUP = "Task_InviteToGroup";

	public static final String TASK_POST_SEEDING_CONTENT = "Task_PostSeedingContent";

	public static final String TASK_SEND_CONVERSION_PUSH = "Task_SendConversionPush";

	public static final String SEEDING_DAYS_SUB_PROCESS = "SubProcess_SeedingDays";

	public static final String CONVERSION_DAYS_SUB_PROCESS = "SubProcess_ConversionDays";

	public static final String END_DID_NOT_JOIN = "EndEvent_DidNotJoin";

	public static final String END_CYCLE_OVER = "EndEvent_CycleOver";

	public static final String END_CONVERTED = "EndEvent_GoalPurchased";

	private SeedingConversionCycle() {
	}

}
