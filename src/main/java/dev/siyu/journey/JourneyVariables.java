package dev.siyu.journey;

import dev.siyu.messaging.Outbox;

/**
 * Process variables every journey may rely on. Journeys hold ids and small decisions
 * only.
 */
public final class JourneyVariables {

	public static final String CUSTOMER_ID = "customerId";

	public static final String TRIGGER_EVENT_ID = "triggerEventId";

	public static final String GOAL_REACHED = "goalReached";

	/** The launch that started the journey, if one did. */
	public static final String LAUNCH_ID = "launchId";

	/** The experiment a launch drew the customer's variant and holdout for. */
	public static final String EXPERIMENT = "experiment";

	/**
	 * The variant a launch put the customer in; an A/B split step naming that variant
	 * keeps it, and a send step sends the variant's own template where there is one.
	 */
	public static final String VARIANT = Outbox.VARIANT;

	/**
	 * {@code true} for a customer held out of a launch: the journey runs its course, and
	 * every message it would send is suppressed.
	 */
	public static final String HOLDOUT = Outbox.HOLDOUT;

	/**
	 * The BPMN error a send step throws when the journey's goal was reached before it
	 * could send.
	 */
	public static final String ERROR_GOAL_REACHED = "GoalReached";

	private JourneyVariables() {
	}

}
