package dev.siyu.messaging.sandbox;

import dev.siyu.messaging.Channel;
import dev.siyu.messaging.ChannelType;
import org.springframework.stereotype.Component;

/**
 * Sends nothing: the rendered message is recorded on the outbox row as sent. The default
 * for every channel.
 */
@Component
class SandboxChannel implements Channel {

	@Override
	public String mode() {
		return "sandbox";
	}

	@Override
	public boolean supports(ChannelType type) {
		return true;
	}

	@Override
	public Delivery send(OutboundMessage message) {
		return new Delivery("sandbox-" + message.id());
	}

}
