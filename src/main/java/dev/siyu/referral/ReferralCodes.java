package dev.siyu.referral;

import java.util.Optional;

import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Each customer's personal invite code, made the first time it is asked for and the same
 * ever after, and her invite link.
 */
@Service
public class ReferralCodes {

	static final int LENGTH = 8;

	private final JdbcClient jdbc;

	private final SiyuClock clock;

	private final ReferralProperties properties;

	ReferralCodes(JdbcClient jdbc, SiyuClock clock, ReferralProperties properties) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.properties = properties;
	}

	/** Her code, made now if she has none. The customer must exist. */
	public String codeOf(String customerId) {
		return Codes.issued(LENGTH, () -> existing(customerId),
				(code) -> this.jdbc.sql("""
						insert into referral_code (customer_id, code, created_at)
						values (:customerId, :code, :now)""")
					.param("customerId", customerId)
					.param("code", code)
					.param("now", this.clock.nowUtc())
					.update());
	}

	public String linkOf(String code) {
		return this.properties.linkBaseUrl() + "/" + code;
	}

	Optional<String> existing(String customerId) {
		return this.jdbc.sql("select code from referral_code where customer_id = :customerId")
			.param("customerId", customerId)
			.query(String.class)
			.optional();
	}

	/** The customer whose code it is; codes are read without regard to case. */
	Optional<String> inviterOf(String code) {
		return this.jdbc.sql("select customer_id from referral_code where code = :code")
			.param("code", code.strip().toUpperCase(java.util.Locale.ROOT))
			.query(String.class)
			.optional();
	}

}
