package dev.siyu.messaging;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code siyu.channels.<channel>.mode}: which adapter serves each channel,
 * {@code sandbox} unless set.
 */
@ConfigurationProperties("siyu.channels")
record ChannelsProperties(@DefaultValue Settings sms, @DefaultValue Settings wechatMp, @DefaultValue Settings wecom,
		@DefaultValue Settings email, @DefaultValue Settings webhook) {

	String mode(ChannelType type) {
		Settings settings = switch (type) {
			case SMS -> this.sms;
			case WECHAT_OA -> this.wechatMp;
			case WECOM -> this.wecom;
			case EMAIL -> this.email;
			case WEBHOOK -> this.webhook;
		};
		return settings.mode();
	}

	record Settings(@DefaultValue("sandbox") String mode) {
	}

}
