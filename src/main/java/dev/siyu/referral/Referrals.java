package dev.siyu.referral;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventType;
import dev.siyu.rules.ReferralFacts;
import dev.siyu.rules.RuleEvaluator;
import dev.siyu.system.SiyuClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * Invitations: an event that brings a friend in ({@link #VIA}) and carries an invite code
 * ({@code properties.inviteCode}) is judged by the {@code referral} rules, and the
 * decision kept. Runs in the intake's transaction, which holds the invitee's lock, so one
 * invitee's invitations are judged one at a time and she counts once. A counted
 * invitation gives her a {@code Referred} event (returned, for the intake to take in
 * after hers) and, once committed, her inviter a {@code ReferralCounted} event
 * ({@link ReferralRelay}).
 */
@Service
public class Referrals {

	private static final Logger log = LoggerFactory.getLogger(Referrals.class);

	/** The events that bring a friend in, and so may carry an invite code. */
	public static final Set<EventType> VIA = Set.of(EventType.Followed, EventType.WecomFriendAdded,
			EventType.AdLeadCaptured);

	public static final String INVITE_CODE = "inviteCode";

	/**
	 * What an Official Account parametric QR code's scene starts with when it invites:
	 * the rest is the inviter's code.
	 */
	public static final String QR_SCENE_PREFIX = "invite_";

	public static final String COUNTED = "COUNTED";

	static final String RULE_SET = "referral";

	private final JdbcClient jdbc;

	private final ReferralCodes codes;

	private final RuleEvaluator rules;

	private final SiyuClock clock;

	private final ApplicationEventPublisher publisher;

	Referrals(JdbcClient jdbc, ReferralCodes codes, RuleEvaluator rules, SiyuClock clock,
			ApplicationEventPublisher publisher) {
		this.jdbc = jdbc;
		this.codes = codes;
		this.rules = rules;
		this.clock = clock;
		this.publisher = publisher;
	}

	/** Published when an invitation counted, for the relay to tell the inviter. */
	record Counted(long referralId) {
	}

	/** One invitation as decided. */
	public record Referral(long id, String inviteeId, String inviterId, String via, OffsetDateTime occurredAt,
			String decision, String rule) {

		public boolean counted() {
			return COUNTED.equals(this.decision);
		}

	}

	/**
	 * Judges the invitation the stored event carries, if any; returns the invitee's
	 * {@code Referred} event when it counted.
	 */
	public Optional<CustomerEvent> attribute(CustomerEvent event) {
		if (!VIA.contains(event.type()) || !(event.properties().get(INVITE_CODE) instanceof String code)
				|| code.isBlank()) {
			return Optional.empty();
		}
		String invitee = event.customerId();
		Optional<String> inviter = this.codes.inviterOf(code);
		Instant now = this.clock.now();
		// known before the invitation: to when she followed or added us, not to when the
		// event reached Siyu (a follow delivered hours late is still new); a day back at
		// most, so that a back-dated event does not make a known customer new
		Instant invited = now;
		if (event.occurredAt() != null) {
			Instant occurred = event.occurredAt().toInstant();
			Instant earliest = now.minus(Duration.ofDays(1));
			invited = occurred.isAfter(now) ? now : occurred.isBefore(earliest) ? earliest : occurred;
		}
		ReferralFacts facts = new ReferralFacts(inviter.isPresent(),
				inviter.map((id) -> id.equals(invitee) || samePhone(id, invitee)).orElse(false),
				alreadyCounted(invitee), minutesKnown(invitee, invited), orders(invitee),
				followedBefore(invitee, event.eventId()),
				inviter.map((id) -> countedSince(id, now.minus(Duration.ofDays(1)))).orElse(0), event.type().name());
		RuleEvaluator.Outcome outcome = this.rules.evaluateLatest(RULE_SET, facts).orElse(null);
		String decision = (outcome != null && outcome.value() != null) ? outcome.value() : "NO_RULES";
		if (outcome == null) {
			log.warn("No '{}' rule set is deployed: invitation of event {} recorded as NO_RULES", RULE_SET,
					event.eventId());
		}
		// whatever a rule set deployed later decides, no inviter, no count
		boolean counted = COUNTED.equals(decision) && inviter.isPresent() && !facts.isSelfInvite();
		GeneratedKeyHolder key = new GeneratedKeyHolder();
		this.jdbc.sql("""
				insert into referral (event_id, invitee_id, inviter_id, code, via, occurred_at, decision, rule,
				  counted_invitee)
				values (:eventId, :invitee, :inviter, :code, :via, :occurredAt, :decision, :rule, :counted)""")
			.param("eventId", event.eventId())
			.param("invitee", invitee)
			.param("inviter", inviter.orElse(null))
			.param("code", (code.length() > 100) ? code.substring(0, 100) : code)
			.param("via", event.type().name())
			.param("occurredAt", event.occurredAt())
			.param("decision", decision)
			.param("rule", (outcome != null) ? outcome.rule() : null)
			.param("counted", counted ? invitee : null)
			.update(key, "id");
		long id = key.getKey().longValue();
		if (!counted) {
			return Optional.empty();
		}
		this.publisher.publishEvent(new Counted(id));
		return Optional.of(new CustomerEvent("referred:" + id, invitee, EventType.Referred, event.occurredAt(),
				Map.of("inviterId", inviter.get(), "referralId", id)));
	}

	/** The invitations a customer made (her code carried), newest first. */
	public List<Referral> by(String inviterId) {
		return this.jdbc.sql("""
				select id, invitee_id, inviter_id, via, occurred_at, decision, rule from referral
				where inviter_id = :inviter order by occurred_at desc, id desc""")
			.param("inviter", inviterId)
			.query((rs, row) -> referral(rs))
			.list();
	}

	/**
	 * Invitees counted for the inviter whose invitation came at or after {@code since}.
	 */
	public int countedSince(String inviterId, Instant since) {
		return this.jdbc.sql("""
				select count(*) from referral
				where inviter_id = :inviter and counted_invitee is not null and occurred_at >= :since""")
			.param("inviter", inviterId)
			.param("since", SiyuClock.utc(since))
			.query(Integer.class)
			.single();
	}

	private boolean samePhone(String inviter, String invitee) {
		return this.jdbc.sql("""
				select count(*) from customer a join customer b on a.phone = b.phone
				where a.id = :inviter and b.id = :invitee and a.phone is not null and a.phone <> ''""")
			.param("inviter", inviter)
			.param("invitee", invitee)
			.query(Integer.class)
			.single() > 0;
	}

	private boolean alreadyCounted(String invitee) {
		return this.jdbc.sql("select count(*) from referral where counted_invitee = :invitee")
			.param("invitee", invitee)
			.query(Integer.class)
			.single() > 0;
	}

	private long minutesKnown(String invitee, Instant invited) {
		OffsetDateTime created = this.jdbc.sql("select created_at from customer where id = :id")
			.param("id", invitee)
			.query(OffsetDateTime.class)
			.single();
		return Math.max(0, Duration.between(created.toInstant(), invited).toMinutes());
	}

	private int orders(String invitee) {
		return this.jdbc.sql("select orders from customer_purchase where customer_id = :id")
			.param("id", invitee)
			.query(Integer.class)
			.optional()
			.orElse(0);
	}

	private boolean followedBefore(String invitee, String eventId) {
		return this.jdbc.sql("""
				select count(*) from customer_event
				where customer_id = :id and type = 'Followed' and event_id <> :eventId""")
			.param("id", invitee)
			.param("eventId", eventId)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Counted invitations after {@code afterId} whose inviter was not told yet, oldest
	 * first.
	 */
	List<Referral> untold(long afterId, int limit) {
		return this.jdbc.sql("""
				select id, invitee_id, inviter_id, via, occurred_at, decision, rule from referral
				where told_at is null and counted_invitee is not null and id > :after
				order by id fetch first %d rows only""".formatted(limit))
			.param("after", afterId)
			.query((rs, row) -> referral(rs))
			.list();
	}

	private static Referral referral(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Referral(rs.getLong("id"), rs.getString("invitee_id"), rs.getString("inviter_id"),
				rs.getString("via"), rs.getObject("occurred_at", OffsetDateTime.class), rs.getString("decision"),
				rs.getString("rule"));
	}

	void told(long referralId) {
		this.jdbc.sql("update referral set told_at = :now where id = :id")
			.param("now", this.clock.nowUtc())
			.param("id", referralId)
			.update();
	}

}
