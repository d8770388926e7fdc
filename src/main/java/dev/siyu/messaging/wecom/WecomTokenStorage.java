package dev.siyu.messaging.wecom;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Lock;

import dev.siyu.messaging.VendorTokens;
import me.chanjar.weixin.common.bean.WxAccessToken;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * WxJava's configuration with the access token kept in {@link VendorTokens} instead of
 * the JVM, so every thread and node uses one token and only the holder of the token's
 * lease fetches a new one (each fetch counts against WeCom's daily quota).
 */
class WecomTokenStorage extends WxCpDefaultConfigImpl {

	/** A token this close to its end is renewed before use, as WxJava does. */
	static final Duration MARGIN = Duration.ofMinutes(5);

	private static final Duration LEASE = Duration.ofSeconds(30);

	private final transient VendorTokens tokens;

	private final String key;

	private final transient Lock lease;

	WecomTokenStorage(WecomProperties properties, VendorTokens tokens) {
		this.tokens = tokens;
		this.key = properties.tokenKey();
		this.lease = new TokenLease(tokens, this.key, LEASE, MARGIN);
		setCorpId(properties.corpId());
		setCorpSecret(properties.secret());
		setAgentId(properties.agentId());
		setToken(properties.token());
		setAesKey(properties.aesKey());
		setBaseApiUrl(properties.apiBaseUrl().replaceAll("/+$", ""));
	}

	@Override
	public String getAccessToken() {
		return this.tokens.get(this.key).map(VendorTokens.Token::value).orElse(null);
	}

	@Override
	public boolean isAccessTokenExpired() {
		return this.tokens.get(this.key).map((token) -> !token.validFor(MARGIN)).orElse(true);
	}

	@Override
	public void expireAccessToken() {
		this.tokens.expire(this.key);
	}

	@Override
	public void updateAccessToken(WxAccessToken accessToken) {
		updateAccessToken(accessToken.getAccessToken(), accessToken.getExpiresIn());
	}

	@Override
	public void updateAccessToken(String accessToken, int expiresInSeconds) {
		this.tokens.put(this.key, accessToken, Instant.now().plusSeconds(expiresInSeconds));
	}

	@Override
	public long getExpiresTime() {
		return this.tokens.get(this.key).map(VendorTokens.Token::expiresAt).map(Instant::toEpochMilli).orElse(0L);
	}

	@Override
	public Lock getAccessTokenLock() {
		return this.lease;
	}

	/** WxJava's own prints every field as JSON, the secret included. */
	@Override
	public String toString() {
		return "WecomTokenStorage[corpId=" + getCorpId() + ", agentId=" + getAgentId() + "]";
	}

}
