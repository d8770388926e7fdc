package dev.siyu.messaging;

import dev.siyu.customer.Customer;

/**
 * The port every channel adapter implements. A send carries Siyu's own message id;
 * adapters pass it to vendors that deduplicate by it, so a retry after a crash does not
 * reach the customer twice. A vendor's refusal is thrown as a {@link ChannelException}
 * saying whether to retry.
 */
public interface Channel {

	/** The adapter's mode, as set by {@code siyu.channels.<channel>.mode}. */
	String mode();

	boolean supports(ChannelType type);

	Delivery send(OutboundMessage message);

	/**
	 * @param id Siyu's message id, unique and stable across retries
	 * @param customer the recipient, with the vendor ids and addresses channels need
	 */
	record OutboundMessage(long id, ChannelType channel, Customer customer, String template, RenderedMessage content,
			MessageCategory category) {
	}

	/** The vendor accepted the message under this id. */
	record Delivery(String vendorMessageId) {
	}

}
