package dev.siyu.messaging;

/**
 * The port every channel adapter implements. A send carries Siyu's own message id so a
 * vendor that supports idempotency can drop a repeat.
 */
public interface Channel {

	/** The adapter's mode, as set by {@code siyu.channels.<channel>.mode}. */
	String mode();

	boolean supports(ChannelType type);

	Delivery send(OutboundMessage message);

	record OutboundMessage(long id, ChannelType channel, String customerId, String template, String body,
			MessageCategory category) {
	}

	record Delivery(String vendorMessageId) {
	}

}
