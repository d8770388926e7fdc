package dev.siyu.messaging.wechat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.Lock;

import dev.siyu.messaging.VendorTokens;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

/**
 * WxJava's account configuration with the access token kept in {@link VendorTokens}
 * instead of this object, so every thread and node uses the same token and only the
 * holder of the lease fetches a new one (each fetch invalidates the previous token, and
 * fetches a day are limited).
 */
class SharedTokenConfig extends WxMpDefaultConfigImpl {

	/** As WxJava does: a token is renewed 200 s before WeChat would refuse it. */
	private static final Duration MARGIN = Duration.ofSeconds(200);

	private final transient VendorTokens tokens;

	private final String key;

	private final transient Lock lease;

	SharedTokenConfig(VendorTokens tokens, String key) {
		this.tokens = tokens;
		this.key = key;
		this.lease = new TokenLease(tokens, key);
	}

	static boolean usable(VendorTokens.Token token) {
		return token.validFor(MARGIN);
	}

	@Override
	public String getAccessToken() {
		return this.tokens.get(this.key).map(VendorTokens.Token::value).orElse(null);
	}

	@Override
	public boolean isAccessTokenExpired() {
		return this.tokens.get(this.key).filter(SharedTokenConfig::usable).isEmpty();
	}

	@Override
	public synchronized void updateAccessToken(String accessToken, int expiresInSeconds) {
		this.tokens.put(this.key, accessToken, Instant.now().plusSeconds(expiresInSeconds));
	}

	@Override
	public void expireAccessToken() {
		this.tokens.expire(this.key);
	}

	@Override
	public Lock getAccessTokenLock() {
		return this.lease;
	}

	@Override
	public boolean equals(Object other) {
		return this == other;
	}

	@Override
	public int hashCode() {
		return System.identityHashCode(this);
	}

	/** WxJava's own would print the secret. */
	@Override
	public String toString() {
		return "SharedTokenConfig[" + this.key + "]";
	}

}
