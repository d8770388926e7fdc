package dev.siyu.customer;

import java.util.Set;

/** What a client wants to set on a customer; {@code null} leaves a field as it is. */
public record CustomerChanges(String name, String phone, Boolean followedOfficialAccount, Boolean wecomFriend,
		Set<String> tags, String wechatOpenId, String wecomExternalUserId, String email, String timeZone,
		Boolean marketingConsent, String city, String source) {

	public CustomerChanges(String name, String phone, Boolean followedOfficialAccount, Boolean wecomFriend,
			Set<String> tags, String wechatOpenId, String wecomExternalUserId, String email, String timeZone,
			Boolean marketingConsent) {
		this(name, phone, followedOfficialAccount, wecomFriend, tags, wechatOpenId, wecomExternalUserId, email,
				timeZone, marketingConsent, null, null);
	}

	public CustomerChanges(String name, String phone, Boolean followedOfficialAccount, Boolean wecomFriend,
			Set<String> tags) {
		this(name, phone, followedOfficialAccount, wecomFriend, tags, null, null, null, null, null, null, null);
	}

	public static CustomerChanges none() {
		return new CustomerChanges(null, null, null, null, null);
	}

}
