package dev.siyu.messaging.wecom;

import java.io.IOException;

import dev.siyu.messaging.VendorTokens;
import me.chanjar.weixin.common.api.WxConsts;
import me.chanjar.weixin.common.enums.WxType;
import me.chanjar.weixin.common.error.WxErrorException;
import me.chanjar.weixin.common.error.WxRuntimeException;
import me.chanjar.weixin.common.util.http.RequestExecutor;
import me.chanjar.weixin.cp.api.WxCpService;
import me.chanjar.weixin.cp.api.impl.WxCpServiceImpl;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** WxJava's WeCom client, for the live adapter and its callbacks only. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "siyu.channels.wecom.mode", havingValue = "live")
@EnableConfigurationProperties(WecomProperties.class)
class WecomConfig {

	@Bean
	WxCpService wecomService(WecomProperties properties, VendorTokens tokens) {
		properties.requireLive();
		WxCpService service = new SingleAttemptWxCpService();
		service.setWxCpConfigStorage(new WecomTokenStorage(properties, tokens));
		service.setRetrySleepMillis(0);
		service.setMaxRetryTimes(0);
		return service;
	}

	/**
	 * Tries each call once, and once more after renewing a token WeCom refused: Siyu's
	 * dispatcher retries, with back-off and without holding a thread. Two things of
	 * WxJava 4.7 are replaced rather than configured: with {@code maxRetryTimes(0)} its
	 * retry loop turns every WeCom error, 84061 as much as -1, into an exception without
	 * the error code the adapter classifies by; and its call logs each failure with the
	 * URL (the access token in it) and the body (the customer's external userid).
	 */
	static class SingleAttemptWxCpService extends WxCpServiceImpl {

		@Override
		public <T, E> T execute(RequestExecutor<T, E> executor, String uri, E data) throws WxErrorException {
			return executeInternal(executor, uri, data, false);
		}

		@Override
		protected <T, E> T executeInternal(RequestExecutor<T, E> executor, String uri, E data, boolean renewed)
				throws WxErrorException {
			String withToken = uri + (uri.contains("?") ? "&" : "?") + "access_token=" + getAccessToken(false);
			try {
				return executor.execute(withToken, data, WxType.CP);
			}
			catch (WxErrorException ex) {
				if (!WxConsts.ACCESS_TOKEN_ERROR_CODES.contains(ex.getError().getErrorCode())) {
					throw ex;
				}
				this.configStorage.expireAccessToken();
				if (renewed) {
					throw ex;
				}
				return executeInternal(executor, uri, data, true);
			}
			catch (IOException ex) {
				throw new WxRuntimeException(ex);
			}
		}

	}

}
