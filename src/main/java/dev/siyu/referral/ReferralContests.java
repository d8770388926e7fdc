package dev.siyu.referral;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.siyu.messaging.MessagingProperties;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.RuntimeService;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Invite contests (邀请排行榜): over a window, the customers whose invitations the referral
 * rules counted most; when the window closes the top N are frozen as winners, each with a
 * reward code for the contest's offer, and a prize journey tells each of them. The
 * contest is a process of its own ({@code referral-contest}), waiting in Cockpit for the
 * window to close.
 */
@Service
public class ReferralContests {

	/** The process that waits for a contest's end and awards it. */
	public static final String PROCESS_KEY = "referral-contest";

	public static final String VAR_KEY = "contestKey";

	public static final String VAR_ENDS_AT = "contestEndsAt";

	private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

	static final int MAX_TOP = 1000;

	private final JdbcClient jdbc;

	private final RuntimeService runtime;

	private final SiyuClock clock;

	private final MessagingProperties messaging;

	private final Rewards rewards;

	ReferralContests(JdbcClient jdbc, RuntimeService runtime, SiyuClock clock, MessagingProperties messaging,
			Rewards rewards) {
		this.jdbc = jdbc;
		this.runtime = runtime;
		this.clock = clock;
		this.messaging = messaging;
		this.rewards = rewards;
	}

	public record Request(String key, String name, OffsetDateTime startsAt, OffsetDateTime endsAt, Integer topN,
			String offer) {
	}

	public record Contest(String key, String name, OffsetDateTime startsAt, OffsetDateTime endsAt, int topN,
			String offer, String status, OffsetDateTime createdAt, String createdBy, OffsetDateTime awardedAt) {
	}

	/**
	 * A place on the leaderboard: she brought {@code invitees}, the last at
	 * {@code reachedAt}.
	 */
	public record Standing(int place, String customerId, int invitees, OffsetDateTime reachedAt) {
	}

	public record Winner(int place, String customerId, int invitees, OffsetDateTime reachedAt, String rewardCode,
			boolean prizeStarted) {
	}

	@Transactional
	public Contest create(Request request, String by) {
		if (request.key() == null || !KEY.matcher(request.key()).matches()) {
			throw new InvalidInputException("'key' must be 1–100 lower-case letters, digits, '.', '_' or '-', such as"
					+ " 'invite-week-2026-06'");
		}
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			throw new InvalidInputException("'name' is required: what customers read, 1–200 characters");
		}
		if (request.startsAt() == null || request.endsAt() == null) {
			throw new InvalidInputException(
					"'startsAt' and 'endsAt' are required: times with an offset, such as 2026-06-01T00:00:00+08:00");
		}
		if (!request.endsAt().isAfter(request.startsAt())) {
			throw new InvalidInputException("'endsAt' must be after 'startsAt'");
		}
		if (!request.endsAt().toInstant().isAfter(this.clock.now())) {
			throw new InvalidInputException("'endsAt' must be in the future: a contest that has ended cannot start");
		}
		if (request.topN() == null || request.topN() < 1 || request.topN() > MAX_TOP) {
			throw new InvalidInputException("'topN' must be between 1 and " + MAX_TOP + ": how many win");
		}
		if (request.offer() == null || !this.messaging.offers().containsKey(request.offer())) {
			throw new InvalidInputException("'offer' must be one of " + this.messaging.offers().keySet()
					+ " (siyu.messaging.offers): the prize the winners get");
		}
		if (find(request.key()).isPresent()) {
			throw exists(request.key());
		}
		try {
			this.jdbc
				.sql("""
						insert into referral_contest (contest_key, name, starts_at, ends_at, top_n, offer, created_at, created_by)
						values (:key, :name, :startsAt, :endsAt, :topN, :offer, :now, :by)""")
				.param("key", request.key())
				.param("name", request.name().strip())
				.param("startsAt", SiyuClock.utc(request.startsAt().toInstant()))
				.param("endsAt", SiyuClock.utc(request.endsAt().toInstant()))
				.param("topN", request.topN())
				.param("offer", request.offer())
				.param("now", this.clock.nowUtc())
				.param("by", by)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// created by another request between the look above and this insert
			throw exists(request.key());
		}
		this.runtime.createProcessInstanceByKey(PROCESS_KEY)
			.businessKey(PROCESS_KEY + ":" + request.key())
			.setVariables(Map.of(VAR_KEY, request.key(), VAR_ENDS_AT, Date.from(request.endsAt().toInstant())))
			.execute();
		return find(request.key()).orElseThrow();
	}

	private static ContestExistsException exists(String key) {
		return new ContestExistsException("A contest '" + key + "' exists already: choose another key");
	}

	public Optional<Contest> find(String key) {
		return this.jdbc.sql("select * from referral_contest where contest_key = :key")
			.param("key", key)
			.query((rs, row) -> contest(rs))
			.optional();
	}

	public List<Contest> all() {
		return this.jdbc.sql("select * from referral_contest order by ends_at desc, contest_key")
			.query((rs, row) -> contest(rs))
			.list();
	}

	/**
	 * The contest's standings: counted invitations within its window per inviter, most
	 * first; of two with as many, the one who got there first is ahead. Once awarded, the
	 * standings are the winners frozen then, whatever came late.
	 */
	public List<Standing> leaderboard(String key, int limit) {
		Contest contest = find(key).orElseThrow(() -> new NotFoundException("No contest '" + key + "'"));
		if (limit < 1 || limit > MAX_TOP) {
			throw new InvalidInputException("'limit' must be between 1 and " + MAX_TOP);
		}
		if (contest.awardedAt() != null) {
			return winners(key).stream()
				.limit(limit)
				.map((winner) -> new Standing(winner.place(), winner.customerId(), winner.invitees(),
						winner.reachedAt()))
				.toList();
		}
		int[] place = { 0 };
		return this.jdbc.sql("""
				select inviter_id, count(*) as invitees, max(occurred_at) as reached_at from referral
				where counted_invitee is not null and inviter_id is not null
				  and occurred_at >= :startsAt and occurred_at < :endsAt
				group by inviter_id
				order by count(*) desc, max(occurred_at), inviter_id
				fetch first %d rows only""".formatted(limit))
			.param("startsAt", contest.startsAt())
			.param("endsAt", contest.endsAt())
			.query((rs, row) -> new Standing(++place[0], rs.getString("inviter_id"), rs.getInt("invitees"),
					rs.getObject("reached_at", OffsetDateTime.class)))
			.list();
	}

	public List<Winner> winners(String key) {
		return this.jdbc.sql("""
				select place, customer_id, invitees, reached_at, reward_code, prize_started
				from referral_contest_winner where contest_key = :key order by place""")
			.param("key", key)
			.query((rs, row) -> new Winner(rs.getInt("place"), rs.getString("customer_id"), rs.getInt("invitees"),
					rs.getObject("reached_at", OffsetDateTime.class), rs.getString("reward_code"),
					rs.getBoolean("prize_started")))
			.list();
	}

	/** Someone who won: her place, what she brought, her reward. */
	public interface Prizes {

		/** Starts her prize journey; returns whether it started. */
		boolean start(String customerId, Map<String, Object> variables);

	}

	/**
	 * Freezes the winners of a contest whose window has closed, issues each her reward
	 * code and starts her prize journey. Runs once: a contest already awarded is left as
	 * it is.
	 */
	@Transactional
	public List<Winner> award(String key, Prizes prizes) {
		Contest contest = find(key).orElseThrow(() -> new IllegalStateException("No contest '" + key + "'"));
		if (contest.awardedAt() != null) {
			return winners(key);
		}
		// winners in the order of their ids: starting a prize journey takes her lock, and
		// intake takes customers' locks in that order too
		List<Standing> standings = leaderboard(key, contest.topN()).stream()
			.sorted(java.util.Comparator.comparing(Standing::customerId))
			.toList();
		for (Standing standing : standings) {
			String code = this.rewards.issue(standing.customerId(), "contest:" + key, contest.offer());
			boolean started = prizes.start(standing.customerId(),
					Map.of("contestKey", key, "contestName", contest.name(), "place", standing.place(), "invitees",
							standing.invitees(), "offerCode", contest.offer(), "rewardCode", code));
			this.jdbc.sql("""
					insert into referral_contest_winner (contest_key, place, customer_id, invitees, reached_at,
					  reward_code, prize_started)
					values (:key, :place, :customerId, :invitees, :reachedAt, :code, :started)""")
				.param("key", key)
				.param("place", standing.place())
				.param("customerId", standing.customerId())
				.param("invitees", standing.invitees())
				.param("reachedAt", standing.reachedAt())
				.param("code", code)
				.param("started", started)
				.update();
		}
		this.jdbc.sql("update referral_contest set awarded_at = :now where contest_key = :key")
			.param("now", this.clock.nowUtc())
			.param("key", key)
			.update();
		return winners(key);
	}

	/** A contest of that key exists already (HTTP 409). */
	static class ContestExistsException extends RuntimeException {

		ContestExistsException(String message) {
			super(message);
		}

	}

	private Contest contest(java.sql.ResultSet rs) throws java.sql.SQLException {
		OffsetDateTime startsAt = rs.getObject("starts_at", OffsetDateTime.class);
		OffsetDateTime endsAt = rs.getObject("ends_at", OffsetDateTime.class);
		OffsetDateTime awardedAt = rs.getObject("awarded_at", OffsetDateTime.class);
		Instant now = this.clock.now();
		String status = (awardedAt != null) ? "AWARDED" : now.isBefore(startsAt.toInstant()) ? "UPCOMING"
				: now.isBefore(endsAt.toInstant()) ? "RUNNING" : "ENDED";
		return new Contest(rs.getString("contest_key"), rs.getString("name"), startsAt, endsAt, rs.getInt("top_n"),
				rs.getString("offer"), status, rs.getObject("created_at", OffsetDateTime.class),
				rs.getString("created_by"), awardedAt);
	}

}
