package dev.siyu.messaging;

import java.util.Arrays;

public enum ChannelType {

	SMS, WECHAT_OA, WECOM, EMAIL, WEBHOOK;

	public static ChannelType parse(String value) {
		return Arrays.stream(values())
			.filter((type) -> type.name().equalsIgnoreCase(value))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown channel '" + value + "': use one of " + Arrays.toString(values())));
	}

}
