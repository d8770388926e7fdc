package dev.siyu.messaging.sandbox;

import dev.siyu.messaging.Channel;
import dev.siyu.messaging.ChannelException;
import dev.siyu.messaging.ChannelType;
import org.springframework.stereotype.Component;

/**
 * Sends nothing: the rendered message is recorded on the outbox row as sent. The default
 * for every channel. It refuses what the vendors would refuse for good, so journeys'
 * unreachable paths can be tried without an account: an Official Account message to a
 * customer who does not follow (WeChat's 43004), an SMS to a customer without a phone or
 * to the test number {@value #UNREACHABLE_PHONE} (an invalid number), an e-mail to a
 * customer without an address.
 */
@Component
class SandboxChannel implements Channel {

	static final String UNREACHABLE_PHONE = "10000000000";

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
		switch (message.channel()) {
			case SMS -> {
				if (!message.customer().hasPhone() || UNREACHABLE_PHONE.equals(message.customer().phone())) {
					throw ChannelException.permanent("isv.MOBILE_NUMBER_ILLEGAL", "invalid mobile number");
				}
			}
			case WECHAT_OA -> {
				if (!message.customer().followedOfficialAccount()) {
					throw ChannelException.permanent("43004", "require subscribe");
				}
			}
			case EMAIL -> {
				if (message.customer().email() == null) {
					throw ChannelException.permanent("NO_ADDRESS", "the customer has no e-mail address");
				}
			}
			default -> {
			}
		}
		return new Delivery("sandbox-" + message.id());
	}

}
