package dev.siyu.customer;

import java.time.OffsetDateTime;
import java.util.Set;

/**
 * A customer and where each channel reaches her.
 *
 * @param marketingConsent what she said about marketing: {@code true}, {@code false}, or
 * {@code null} when never asked
 * @param timeZone her time zone if known (quiet hours follow it), such as
 * {@code Asia/Shanghai}
 * @param city where she lives, as the shop or CRM knows it
 * @param source where she came from (ad, store, parcel card, live stream, …)
 */
public record Customer(String id, String name, String phone, boolean followedOfficialAccount, boolean wecomFriend,
		Set<String> tags, OffsetDateTime createdAt, OffsetDateTime updatedAt, String wechatOpenId,
		String wecomExternalUserId, String email, String timeZone, Boolean marketingConsent, String city,
		String source) {

	public boolean hasPhone() {
		return this.phone != null && !this.phone.isBlank();
	}

}
