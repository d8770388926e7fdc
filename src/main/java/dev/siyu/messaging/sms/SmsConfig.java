package dev.siyu.messaging.sms;

import com.aliyun.teaopenapi.models.Config;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import dev.siyu.system.SiyuClock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;

/**
 * The live SMS adapter of the configured provider, with its vendor SDK client pointed at
 * {@code siyu.channels.sms.endpoint}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "siyu.channels.sms.mode", havingValue = "live")
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfig {

	static final String ALIYUN_ENDPOINT = "https://dysmsapi.aliyuncs.com";

	static final String TENCENT_ENDPOINT = "https://sms.tencentcloudapi.com";

	@Bean
	SmsTemplates smsTemplates(ResourceLoader resources, SmsProperties properties) {
		return new SmsTemplates(resources, properties.optOutSuffix());
	}

	@Bean
	SmsErrors smsErrors(SiyuClock clock) {
		return new SmsErrors(clock);
	}

	@Bean
	@ConditionalOnProperty(name = "siyu.channels.sms.provider", havingValue = SmsProperties.ALIYUN)
	AliyunSmsChannel aliyunSmsChannel(SmsProperties properties, SmsTemplates templates, SmsErrors errors,
			ObjectMapper json) throws Exception {
		SmsProperties.Endpoint endpoint = properties.endpoint(ALIYUN_ENDPOINT);
		Config config = new Config().setAccessKeyId(properties.accessKeyId())
			.setAccessKeySecret(properties.accessKeySecret())
			.setEndpoint(endpoint.host())
			.setProtocol(endpoint.scheme())
			.setConnectTimeout((int) properties.connectTimeout().toMillis())
			.setReadTimeout((int) properties.readTimeout().toMillis());
		return new AliyunSmsChannel(new com.aliyun.dysmsapi20170525.Client(config), properties, templates, errors,
				json);
	}

	@Bean
	@ConditionalOnProperty(name = "siyu.channels.sms.provider", havingValue = SmsProperties.TENCENT)
	TencentSmsChannel tencentSmsChannel(SmsProperties properties, SmsTemplates templates, SmsErrors errors) {
		if (properties.sdkAppId() == null || properties.sdkAppId().isBlank()) {
			throw new IllegalStateException("siyu.channels.sms.sdk-app-id is required for Tencent Cloud SMS");
		}
		SmsProperties.Endpoint endpoint = properties.endpoint(TENCENT_ENDPOINT);
		HttpProfile http = new HttpProfile();
		http.setEndpoint(endpoint.host());
		http.setProtocol(endpoint.scheme() + "://");
		// Tencent's SDK counts whole seconds
		http.setConnTimeout((int) Math.max(1, properties.connectTimeout().toSeconds()));
		http.setReadTimeout((int) Math.max(1, properties.readTimeout().toSeconds()));
		ClientProfile profile = new ClientProfile();
		profile.setHttpProfile(http);
		Credential credential = new Credential(properties.accessKeyId(), properties.accessKeySecret());
		return new TencentSmsChannel(new SmsClient(credential, properties.region(), profile), properties, templates,
				errors);
	}

}
