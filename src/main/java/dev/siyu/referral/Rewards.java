package dev.siyu.referral;

import java.time.OffsetDateTime;
import java.util.List;

import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Reward codes: a unique code per customer and reason (the journey step that earned it),
 * for an offer the shop redeems. A step that runs again gets the code it issued the first
 * time, never a second one.
 */
@Service
public class Rewards {

	static final int LENGTH = 10;

	private final JdbcClient jdbc;

	private final SiyuClock clock;

	Rewards(JdbcClient jdbc, SiyuClock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	public record Reward(String code, String offer, String reason, OffsetDateTime issuedAt) {
	}

	/** The reward's code: issued now, or the one issued before for the same reason. */
	public String issue(String customerId, String reason, String offer) {
		return Codes.issued(LENGTH,
				() -> this.jdbc.sql("select code from reward where customer_id = :customerId and reason = :reason")
					.param("customerId", customerId)
					.param("reason", reason)
					.query(String.class)
					.optional(),
				(code) -> this.jdbc.sql("""
						insert into reward (customer_id, reason, offer, code, issued_at)
						values (:customerId, :reason, :offer, :code, :now)""")
					.param("customerId", customerId)
					.param("reason", reason)
					.param("offer", offer)
					.param("code", code)
					.param("now", this.clock.nowUtc())
					.update());
	}

	public List<Reward> of(String customerId) {
		return this.jdbc.sql("""
				select code, offer, reason, issued_at from reward where customer_id = :customerId
				order by issued_at, id""")
			.param("customerId", customerId)
			.query((rs, row) -> new Reward(rs.getString("code"), rs.getString("offer"), rs.getString("reason"),
					rs.getObject("issued_at", OffsetDateTime.class)))
			.list();
	}

}
