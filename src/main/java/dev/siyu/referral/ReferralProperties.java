package dev.siyu.referral;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Referral settings.
 *
 * @param linkBaseUrl the brand's invite landing page: a customer's link is this, a
 * {@code /} and her code (the page passes the code on as the {@code inviteCode} of the
 * friend's event, or as an Official Account QR code's scene {@code invite_<code>})
 * @param relayInterval how often the inviters of counted invitations not yet told are
 * looked for (each is told right after its invitation commits; this catches those a
 * restart cut off)
 */
@ConfigurationProperties("siyu.referrals")
public record ReferralProperties(@DefaultValue("https://m.siyu.example/invite") String linkBaseUrl,
		@DefaultValue("30s") Duration relayInterval) {

	public ReferralProperties {
		if (!linkBaseUrl.matches("https?://\\S+")) {
			throw new IllegalArgumentException(
					"siyu.referrals.link-base-url must be an http(s) address, not '" + linkBaseUrl + "'");
		}
		linkBaseUrl = linkBaseUrl.replaceAll("/+$", "");
	}

}
