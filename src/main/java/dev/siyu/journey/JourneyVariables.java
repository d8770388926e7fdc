package dev.siyu.journey;

/**
 * Process variables every journey may rely on. Journeys hold ids and small decisions
 * only.
 */
public final class JourneyVariables {

	public static final String CUSTOMER_ID = "customerId";

	public static final String TRIGGER_EVENT_ID = "triggerEventId";

	public static final String GOAL_REACHED = "goalReached";

	/**
	 * The BPMN error a send step throws when the journey's goal was reached before it
	 * could send.
	 */
	public static final String ERROR_GOAL_REACHED = "GoalReached";

	private JourneyVariables() {
	}

}
