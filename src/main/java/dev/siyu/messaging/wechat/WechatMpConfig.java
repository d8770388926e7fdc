package dev.siyu.messaging.wechat;

import dev.siyu.messaging.VendorTokens;
import me.chanjar.weixin.mp.api.WxMpService;
import me.chanjar.weixin.mp.api.impl.WxMpServiceImpl;
import me.chanjar.weixin.mp.config.WxMpHostConfig;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "siyu.channels.wechat-mp.mode", havingValue = "live")
@EnableConfigurationProperties(WechatMpProperties.class)
class WechatMpConfig {

	/**
	 * WxJava's loggers: their warnings print request URLs with the access token and
	 * bodies with open ids, so only errors are logged unless configured otherwise.
	 */
	static final String WXJAVA_LOGGERS = "me.chanjar.weixin";

	/**
	 * WxJava refreshes an expired token and repeats the call once by itself; its retries
	 * of "system busy" (-1), sleeping in the dispatcher's thread, are turned off: the
	 * dispatcher retries with back-off.
	 */
	@Bean
	WxMpService wechatMpService(WechatMpProperties properties, VendorTokens tokens, LoggingSystem logging,
			Environment environment) {
		if (!environment.containsProperty("logging.level." + WXJAVA_LOGGERS)) {
			logging.setLogLevel(WXJAVA_LOGGERS, LogLevel.ERROR);
		}
		SharedTokenConfig config = new SharedTokenConfig(tokens, properties.tokenKey());
		config.setAppId(properties.appId());
		config.setSecret(properties.secret());
		config.setToken(properties.token());
		config.setAesKey(properties.aesKey());
		config.setMaxRetryTimes(0);
		config.setRetrySleepMillis(0);
		WxMpHostConfig hosts = new WxMpHostConfig();
		hosts.setApiHost(stripSlash(properties.apiBaseUrl()));
		config.setHostConfig(hosts);
		WxMpService service = new WxMpServiceImpl();
		service.setWxMpConfigStorage(config);
		service.setMaxRetryTimes(0);
		service.setRetrySleepMillis(0);
		return service;
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

}
