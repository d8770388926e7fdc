package dev.siyu.event;

import java.util.List;

import dev.siyu.system.InvalidInputException;

/** Reads which channels an {@code Unsubscribed} event opts the customer out of. */
final class Unsubscribes {

	static final List<String> CHANNELS = List.of("sms", "wechat-oa", "wecom", "email", "webhook");

	private Unsubscribes() {
	}

	static List<String> channels(CustomerEvent event) {
		Object channel = event.properties().get("channel");
		if ("all".equals(channel)) {
			return CHANNELS;
		}
		if (channel instanceof String name && CHANNELS.contains(name)) {
			return List.of(name);
		}
		throw new InvalidInputException(
				"'properties.channel' is required for Unsubscribed: one of " + CHANNELS + " or all");
	}

}
