package dev.siyu.messaging;

import java.util.Locale;

/**
 * A channel's name in configuration and opt-outs: {@code sms}, {@code wechat-oa},
 * {@code wecom}, …
 */
public final class ChannelNames {

	private ChannelNames() {
	}

	public static String of(ChannelType channel) {
		return channel.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
