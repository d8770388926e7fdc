package dev.siyu.messaging.sms;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The SMS vendor Siyu sends through in live mode ({@code siyu.channels.sms.mode=live}).
 *
 * @param provider {@code aliyun} (Dysmsapi) or {@code tencent} (Tencent Cloud SMS)
 * @param accessKeyId Aliyun AccessKey ID, or Tencent SecretId
 * @param accessKeySecret Aliyun AccessKey secret, or Tencent SecretKey
 * @param signName the approved signature, without 【】
 * @param endpoint the vendor's API, {@code https://host} or a bare host; the vendor's
 * public endpoint unless set
 * @param region Tencent's region
 * @param sdkAppId Tencent's SmsSdkAppId
 * @param optOutSuffix the words marketing SMS must end with; the vendors review them as
 * part of each marketing template, so a marketing template whose text lacks them is not
 * sent
 * @param callbackToken the secret the vendors' callbacks carry as {@code ?token=}
 */
@Validated
@ConfigurationProperties("siyu.channels.sms")
record SmsProperties(
		@NotBlank @Pattern(regexp = "aliyun|tencent", message = "must be aliyun or tencent") String provider,
		@NotBlank String accessKeyId, @NotBlank String accessKeySecret, @NotBlank String signName, String endpoint,
		@NotBlank @DefaultValue("ap-guangzhou") String region, String sdkAppId,
		@NotBlank @DefaultValue("拒收请回复R") String optOutSuffix, @NotBlank String callbackToken,
		@NotNull @DefaultValue("5s") Duration connectTimeout, @NotNull @DefaultValue("10s") Duration readTimeout) {

	static final String ALIYUN = "aliyun";

	static final String TENCENT = "tencent";

	/** The endpoint's scheme ({@code https} unless given) and host[:port]. */
	Endpoint endpoint(String vendorDefault) {
		String value = (this.endpoint != null && !this.endpoint.isBlank()) ? this.endpoint.strip() : vendorDefault;
		if (!value.contains("://")) {
			return new Endpoint("https", value);
		}
		URI uri = URI.create(value);
		return new Endpoint(uri.getScheme(), uri.getRawAuthority());
	}

	record Endpoint(String scheme, String host) {
	}

}
