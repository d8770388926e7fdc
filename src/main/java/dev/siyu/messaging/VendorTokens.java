package dev.siyu.messaging;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Vendor access tokens shared by every thread and node, so one app's token is fetched by
 * one of them at a time (WeChat and WeCom invalidate the old token on each fetch, and
 * limit fetches a day). Whoever wants to refresh takes the token's lease first; the
 * others wait and read what it stored. Uses wall-clock time, not the engine's clock,
 * because vendors do.
 */
@Component
public class VendorTokens {

	private final JdbcClient jdbc;

	VendorTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public record Token(String value, Instant expiresAt) {

		public boolean validFor(Duration margin) {
			return this.value != null && this.expiresAt != null && Instant.now().plus(margin).isBefore(this.expiresAt);
		}

	}

	public Optional<Token> get(String key) {
		return this.jdbc.sql("select token, expires_at from vendor_token where token_key = :key")
			.param("key", key)
			.query((rs, row) -> {
				OffsetDateTime expires = rs.getObject("expires_at", OffsetDateTime.class);
				return new Token(rs.getString("token"), (expires != null) ? expires.toInstant() : null);
			})
			.optional();
	}

	public void put(String key, String token, Instant expiresAt) {
		ensureRow(key);
		this.jdbc.sql("""
				update vendor_token set token = :token, expires_at = :expires, version = version + 1
				where token_key = :key""")
			.param("token", token)
			.param("expires", (expiresAt != null) ? expiresAt.atOffset(java.time.ZoneOffset.UTC) : null)
			.param("key", key)
			.update();
	}

	/** Marks the token expired, for a vendor that said so (WeChat 40001/42001). */
	public void expire(String key) {
		this.jdbc.sql("update vendor_token set expires_at = :past where token_key = :key")
			.param("past", Instant.EPOCH.atOffset(java.time.ZoneOffset.UTC))
			.param("key", key)
			.update();
	}

	/**
	 * Takes the right to refresh the token for {@code lease}, unless another holder has
	 * it.
	 */
	public boolean tryLease(String key, Duration lease) {
		ensureRow(key);
		Instant now = Instant.now();
		return this.jdbc.sql("""
				update vendor_token set leased_until = :until
				where token_key = :key and (leased_until is null or leased_until < :now)""")
			.param("until", now.plus(lease).atOffset(java.time.ZoneOffset.UTC))
			.param("now", now.atOffset(java.time.ZoneOffset.UTC))
			.param("key", key)
			.update() == 1;
	}

	public void release(String key) {
		this.jdbc.sql("update vendor_token set leased_until = null where token_key = :key").param("key", key).update();
	}

	private void ensureRow(String key) {
		this.jdbc.sql("""
				insert into vendor_token (token_key) select :key
				where not exists (select 1 from vendor_token where token_key = :key)""").param("key", key).update();
	}

}
