package dev.siyu.journey;

/**
 * The WeCom welcome journey ({@code processes/wecom-welcome.bpmn}): its key and the ids
 * people read.
 */
public final class WecomWelcome {

	public static final String KEY = "wecom-welcome";

	public static final String START_MESSAGE = "WecomFriendAdded";

	public static final String ANSWERED_MESSAGE = "QuestionnaireAnswered";

	/** Offer code the rules chose for the welcome benefit. */
	public static final String VAR_OFFER_CODE = "offerCode";

	/** The questionnaire's codebook tags, joined by commas ("3,D,URGENT"). */
	public static final String VAR_QUESTIONNAIRE_TAGS = "questionnaireTags";

	/** The tag of the acne concern, which earns the precision group. */
	public static final String TAG_ACNE = "3";

	public static final String TAG_URGENT = "URGENT";

	public static final String TASK_SEND_HELLO = "Task_SendHello";

	public static final String TASK_SEND_BENEFIT = "Task_SendBenefit";

	public static final String TASK_SEND_QUESTIONNAIRE = "Task_SendQuestionnaire";

	public static final String TASK_INVITE_PRECISION_GROUP = "Task_InvitePrecisionGroup";

	public static final String TASK_INVITE_DAILY_GROUP = "Task_InviteDailyGroup";

	public static final String TASK_ADVISOR_FOLLOW_UP = "Task_AdvisorFollowUp";

	/** Who sees the advisor follow-up in Tasklist. */
	public static final String ADVISORS = "advisors";

	private WecomWelcome() {
	}

}
