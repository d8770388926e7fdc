package dev.siyu.messaging;

import java.time.LocalTime;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What stops or holds a message at the moment it would be sent.
 *
 * @param consentRequired send marketing only to customers who said yes (otherwise: to all
 * who did not say no or unsubscribe)
 * @param quietHours no marketing between {@code start} and {@code end} in the customer's
 * time zone, or {@code zone} when hers is unknown
 * @param caps marketing messages per customer per channel ({@code sms},
 * {@code wechat-oa}, …)
 * @param rateLimits messages per second per channel for this node
 */
@ConfigurationProperties("siyu.guardrails")
public record GuardrailProperties(@DefaultValue("false") boolean consentRequired, @DefaultValue QuietHours quietHours,
		@DefaultValue Map<String, Cap> caps, @DefaultValue Map<String, Integer> rateLimits) {

	public record QuietHours(@DefaultValue("true") boolean enabled, @DefaultValue("21:00") LocalTime start,
			@DefaultValue("08:00") LocalTime end, @DefaultValue("Asia/Shanghai") String zone) {
	}

	/**
	 * @param policy {@code suppress} (the message is dropped) or {@code defer} (it waits
	 * for the next day or week)
	 */
	public record Cap(Integer daily, Integer weekly, @DefaultValue("suppress") String policy) {
	}

	/**
	 * Whether a customer who said {@code consent} (null: never asked) is kept from
	 * marketing: she said no, or consent is required and she never said yes.
	 */
	public boolean refusesMarketing(Boolean consent) {
		return Boolean.FALSE.equals(consent) || (this.consentRequired && !Boolean.TRUE.equals(consent));
	}

	Cap cap(ChannelType channel) {
		return this.caps.get(ChannelNames.of(channel));
	}

	Integer rateLimit(ChannelType channel) {
		return this.rateLimits.get(ChannelNames.of(channel));
	}

}
