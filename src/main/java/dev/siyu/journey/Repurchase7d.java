package dev.siyu.journey;

/**
 * The repurchase push after a first order ({@code processes/repurchase-7d.bpmn}): its key
 * and the ids people read.
 */
public final class Repurchase7d {

	public static final String KEY = "repurchase-7d";

	/**
	 * Starts the journey; a later one, caught by the event sub-process, ends it as
	 * converted.
	 */
	public static final String START_MESSAGE = "Purchased";

	/** Whether she bought again within 7 days of the first order; for analytics. */
	public static final String VAR_REPURCHASED_7D = "repurchased7d";

	/** Whether she bought again within 30 days of the first order; for analytics. */
	public static final String VAR_REPURCHASED_30D = "repurchased30d";

	/** Offer code the rules chose for the day-7 suggestion. */
	public static final String VAR_OFFER_CODE = "offerCode";

	public static final String TASK_SEND_SUGGESTION_1 = "Task_SendSuggestion1";

	public static final String TASK_SEND_SUGGESTION_2 = "Task_SendSuggestion2";

	public static final String TASK_SEND_SUGGESTION_3 = "Task_SendSuggestion3";

	private Repurchase7d() {
	}

}
