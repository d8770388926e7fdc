package dev.siyu.journey;

/**
 * The recall of dormant customers ({@code processes/dormant-recall.bpmn}, launched every
 * day by {@code processes/dormant-recall-daily.bpmn}): its keys and the ids people read.
 */
public final class DormantRecall {

	public static final String KEY = "dormant-recall";

	/** The scheduler that launches the journey for silent and churned customers. */
	public static final String DAILY_KEY = "dormant-recall-daily";

	/** Offer code the rules chose by RFM segment, carried by both touches. */
	public static final String VAR_OFFER_CODE = "offerCode";

	/**
	 * The channel of the first touch (WECHAT_OA, SMS or WECOM); the second touch uses
	 * another.
	 */
	public static final String VAR_FIRST_CHANNEL = "firstChannel";

	public static final String TAG_RECALLED = "recalled";

	public static final String TAG_LOST = "lost";

	public static final String TASK_SEND_OA_1 = "Task_SendOa1";

	public static final String TASK_SEND_SMS_1 = "Task_SendSms1";

	public static final String TASK_SEND_WECOM_1 = "Task_SendWecom1";

	public static final String TASK_SEND_SMS_2 = "Task_SendSms2";

	public static final String TASK_SEND_WECOM_2 = "Task_SendWecom2";

	public static final String TASK_SEND_OA_2 = "Task_SendOa2";

	public static final String TASK_LAUNCH_RECALL = "Task_LaunchRecall";

	private DormantRecall() {
	}

}
