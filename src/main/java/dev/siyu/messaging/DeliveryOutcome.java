package dev.siyu.messaging;

/** What a journey step waiting for its message is told, as the signal name. */
public enum DeliveryOutcome {

	/** The vendor took it: the journey goes on. */
	SENT,
	/** A guardrail held it back for good (no consent, a cap): the journey goes on. */
	SUPPRESSED,
	/**
	 * The vendor refused the recipient for good: the journey may catch the BPMN error
	 * {@code Unreachable}.
	 */
	UNREACHABLE,
	/**
	 * Every retry failed or the message cannot be built: the step gets an incident for
	 * ops.
	 */
	FAILED;

	/**
	 * The incident a send step gets when told {@link #FAILED}, its configuration the
	 * message's id.
	 */
	public static final String FAILED_INCIDENT = "siyuMessageFailed";

	/** The message status each outcome follows from. */
	static DeliveryOutcome of(MessageStatus status, String vendorCode) {
		return switch (status) {
			case SENT -> SENT;
			case SUPPRESSED -> SUPPRESSED;
			case FAILED -> (vendorCode != null && !vendorCode.isBlank()) ? UNREACHABLE : FAILED;
			default -> throw new IllegalArgumentException(status + " is not an outcome");
		};
	}

}
