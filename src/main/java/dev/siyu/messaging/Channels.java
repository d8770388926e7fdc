package dev.siyu.messaging;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * Picks the adapter for each channel once, at start-up, so a misconfigured mode stops
 * Siyu before any journey runs.
 */
@Component
class Channels {

	private final Map<ChannelType, Channel> byType = new EnumMap<>(ChannelType.class);

	Channels(List<Channel> adapters, ChannelsProperties properties) {
		for (ChannelType type : ChannelType.values()) {
			String mode = properties.mode(type);
			Channel channel = adapters.stream()
				.filter((adapter) -> adapter.mode().equals(mode) && adapter.supports(type))
				.findFirst()
				.orElseThrow(
						() -> new IllegalStateException("No " + type + " adapter for mode '" + mode + "'; available: "
								+ adapters.stream().filter((a) -> a.supports(type)).map(Channel::mode).toList()));
			this.byType.put(type, channel);
		}
	}

	Channel forType(ChannelType type) {
		return this.byType.get(type);
	}

}
