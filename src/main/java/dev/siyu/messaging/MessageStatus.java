package dev.siyu.messaging;

public enum MessageStatus {

	/** Waiting in the outbox for its next attempt. */
	PENDING,
	/** Claimed by a dispatcher that is talking to the vendor now. */
	SENDING,
	/** The vendor took it. */
	SENT,
	/** The vendor refused it for good, or every retry failed. */
	FAILED

}
