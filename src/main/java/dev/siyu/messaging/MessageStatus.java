package dev.siyu.messaging;

public enum MessageStatus {

	/** Waiting in the outbox for its first attempt. */
	PENDING,
	/** Claimed by a dispatcher that is talking to the vendor now. */
	SENDING,
	/**
	 * Held back until {@code next_attempt_at}: quiet hours, a rate limit, a throttling
	 * vendor, a retry.
	 */
	DEFERRED,
	/** The vendor took it. */
	SENT,
	/**
	 * Not sent, on purpose: no consent, a frequency cap, the journey no longer waits for
	 * it.
	 */
	SUPPRESSED,
	/** The vendor refused it for good, or every retry failed. */
	FAILED

}
