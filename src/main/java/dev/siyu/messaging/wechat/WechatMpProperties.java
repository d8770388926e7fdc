package dev.siyu.messaging.wechat;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The WeChat Official Account Siyu sends as, bound only in live mode so the sandbox needs
 * none of it.
 *
 * @param appId the account's AppID
 * @param secret its AppSecret, for access tokens
 * @param token the callback token WeChat signs callbacks with
 * @param aesKey the EncodingAESKey, needed only when callbacks come in safe mode
 * @param apiBaseUrl where the API lives; tests point it at a stand-in
 */
@Validated
@ConfigurationProperties("siyu.channels.wechat-mp")
record WechatMpProperties(@NotBlank String appId, @NotBlank String secret, @NotBlank String token, String aesKey,
		@NotBlank @DefaultValue("https://api.weixin.qq.com") String apiBaseUrl) {

	/** The row of {@code vendor_token} this account's access token lives in. */
	String tokenKey() {
		return "wechat-mp:" + this.appId;
	}

}
