package dev.siyu.messaging.wecom;

import java.util.ArrayList;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WeCom (企业微信) corp Siyu sends from, under {@code siyu.channels.wecom}. Only the live
 * adapter needs the credentials, so they are checked when it starts, not in the sandbox.
 *
 * @param corpId the corp's id (我的企业 → 企业ID)
 * @param secret the customer-contact (客户联系) secret
 * @param agentId the self-built app whose secret this is, if it is an app's
 * @param token the callback token (接收事件服务器 → Token)
 * @param aesKey the callback EncodingAESKey, 43 characters
 * @param apiBaseUrl where WeCom's API lives; tests point it at a stub
 * @param sender the staff userid whose one-to-one mass messages Siyu creates; without
 * one, every staff member who has the customer as a contact gets the task
 */
@Validated
@ConfigurationProperties("siyu.channels.wecom")
record WecomProperties(String corpId, String secret, Integer agentId, String token, String aesKey,
		@NotBlank @DefaultValue("https://qyapi.weixin.qq.com") String apiBaseUrl, String sender) {

	/** Fails start-up in live mode, naming every missing key. */
	void requireLive() {
		List<String> missing = new ArrayList<>();
		if (isBlank(this.corpId)) {
			missing.add("corp-id");
		}
		if (isBlank(this.secret)) {
			missing.add("secret");
		}
		if (isBlank(this.token)) {
			missing.add("token");
		}
		if (isBlank(this.aesKey) || this.aesKey.strip().length() != 43) {
			missing.add("aes-key (the 43-character EncodingAESKey)");
		}
		if (!missing.isEmpty()) {
			throw new IllegalStateException("siyu.channels.wecom.mode is live but siyu.channels.wecom."
					+ String.join(", siyu.channels.wecom.", missing) + " is not set");
		}
	}

	/** The row of {@code vendor_token} that holds this app's access token. */
	String tokenKey() {
		return "wecom:" + this.corpId + ":" + ((this.agentId != null) ? this.agentId : "contact");
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}
