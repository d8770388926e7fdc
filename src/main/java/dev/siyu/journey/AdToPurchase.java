package dev.siyu.journey;

/**
 * The ad → follow → purchase journey ({@code processes/ad-to-purchase.bpmn}): its key and
 * the ids people read.
 */
public final class AdToPurchase {

	public static final String KEY = "ad-to-purchase";

	public static final String START_MESSAGE = "AdLeadCaptured";

	/** The ad plan the lead came from; its landing link goes into the SMS invite. */
	public static final String VAR_AD_PLAN_ID = "adPlanId";

	/** Offer code the rules chose, carried by the contents. */
	public static final String VAR_OFFER_CODE = "offerCode";

	/** Follow time + 48 h: when the journey gives up on a purchase. */
	public static final String VAR_NURTURE_DEADLINE = "nurtureDeadline";

	public static final String TASK_SEND_SMS_INVITE = "Task_SendSmsInvite";

	public static final String TASK_SEND_CONTENT_1 = "Task_SendContent1";

	public static final String TASK_SEND_CONTENT_2 = "Task_SendContent2";

	public static final String TASK_SEND_CONTENT_3 = "Task_SendContent3";

	public static final String TASK_SEND_WECOM_QR = "Task_SendWecomQr";

	private AdToPurchase() {
	}

}
