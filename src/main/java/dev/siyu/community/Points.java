package dev.siyu.community;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;

import dev.siyu.customer.CustomerRepository;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.CustomerEventStored;
import dev.siyu.event.EventType;
import dev.siyu.rules.HonourFacts;
import dev.siyu.rules.PointsFacts;
import dev.siyu.rules.RuleEvaluator;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.SiyuClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Points and honours. Each new event that can earn points (check-ins and activities,
 * purchases, friends counted, questionnaires) is judged by the {@code points} rules in
 * the intake's transaction, under the customer's lock: the points go in her ledger once
 * (the event's id is the entry's source), then the {@code honours} rules look at her
 * record and any honour she newly earned is kept. Redemptions take points out, once per
 * request id, never below zero.
 */
@Service
public class Points {

	private static final Logger log = LoggerFactory.getLogger(Points.class);

	static final String POINTS_RULES = "points";

	static final String HONOUR_RULES = "honours";

	private static final Set<EventType> EARNING = Set.of(EventType.ActivityJoined, EventType.Purchased,
			EventType.ReferralCounted, EventType.QuestionnaireAnswered);

	private final JdbcClient jdbc;

	private final RuleEvaluator rules;

	private final SiyuClock clock;

	private final ZoneId zone;

	private final CustomerRepository customers;

	Points(JdbcClient jdbc, RuleEvaluator rules, SiyuClock clock, CustomerRepository customers,
			@Value("${siyu.audiences.time-zone:Asia/Shanghai}") String zone) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.rules = rules;
		this.clock = clock;
		this.zone = ZoneId.of(zone);
	}

	public record Entry(int points, String reason, String source, OffsetDateTime occurredAt) {
	}

	public record Account(String customerId, int balance, int earned, List<Entry> entries) {
	}

	public record Honour(String honour, String rule, OffsetDateTime awardedAt) {
	}

	/** She asked for more points than she holds (HTTP 409). */
	static class NotEnoughPointsException extends RuntimeException {

		NotEnoughPointsException(String message) {
			super(message);
		}

	}

	@EventListener
	void stored(CustomerEventStored stored) {
		CustomerEvent event = stored.event();
		if (!EARNING.contains(event.type())) {
			return;
		}
		String activity = (event.properties().get("activityId") instanceof String id) ? id : null;
		String kind = event.type() + ":"
				+ ((activity == null) ? "" : activity.startsWith("checkin") ? "checkin" : activity);
		PointsFacts facts = new PointsFacts(event.type().name(), activity, yuan(event), firstToday(event, kind));
		this.rules.evaluateLatest(POINTS_RULES, facts).ifPresent((outcome) -> {
			int points = parse(outcome.value());
			if (points > 0) {
				insert(event.customerId(), "event:" + event.eventId(), points, outcome.rule(), kind,
						event.occurredAt());
				honours(event.customerId());
			}
		});
	}

	/** Her balance, what she ever earned and her entries, newest first. */
	public Account account(String customerId, int limit) {
		List<Entry> entries = this.jdbc.sql("""
				select points, reason, source, occurred_at from points_entry where customer_id = :id
				order by id desc fetch first %d rows only""".formatted(limit))
			.param("id", customerId)
			.query((rs, row) -> new Entry(rs.getInt("points"), rs.getString("reason"), rs.getString("source"),
					rs.getObject("occurred_at", OffsetDateTime.class)))
			.list();
		int[] totals = totals(customerId);
		return new Account(customerId, totals[0], totals[1], entries);
	}

	public List<Honour> honoursOf(String customerId) {
		return this.jdbc.sql("""
				select honour, rule, awarded_at from customer_honour where customer_id = :id
				order by awarded_at, honour""")
			.param("id", customerId)
			.query((rs, row) -> new Honour(rs.getString("honour"), rs.getString("rule"),
					rs.getObject("awarded_at", OffsetDateTime.class)))
			.list();
	}

	/**
	 * Takes {@code points} out of her balance for what she redeemed. The same request id
	 * again changes nothing and answers the same.
	 */
	@Transactional
	public Account redeem(String customerId, String requestId, int points, String reason) {
		if (requestId == null || !requestId.matches("[A-Za-z0-9_.:-]{1,100}")) {
			throw new InvalidInputException(
					"'requestId' is required: 1–100 letters, digits or _ . : -, the same for a retry");
		}
		if (points < 1) {
			throw new InvalidInputException("'points' must be a whole number of 1 or more");
		}
		if (reason == null || reason.isBlank() || reason.length() > 200) {
			throw new InvalidInputException("'reason' is required: what she redeemed, 1–200 characters");
		}
		// her lock: redemptions and earnings of hers go one at a time
		this.customers.lock(customerId);
		String source = "redeem:" + requestId;
		boolean done = this.jdbc.sql("select count(*) from points_entry where customer_id = :id and source = :source")
			.param("id", customerId)
			.param("source", source)
			.query(Integer.class)
			.single() > 0;
		if (!done) {
			int balance = totals(customerId)[0];
			if (balance < points) {
				throw new NotEnoughPointsException(
						"She holds " + balance + " points, fewer than the " + points + " asked for");
			}
			insert(customerId, source, -points, reason.strip(), "redeem", this.clock.nowUtc());
		}
		return account(customerId, 20);
	}

	private void honours(String customerId) {
		int[] totals = totals(customerId);
		HonourFacts facts = this.jdbc
			.sql("""
					select
					  (select count(*) from points_entry where customer_id = :id and kind = 'ActivityJoined:checkin') as check_ins,
					  (select count(*) from points_entry where customer_id = :id and kind like 'ActivityJoined:%'
					     and kind <> 'ActivityJoined:checkin') as activities,
					  (select coalesce(max(orders), 0) from customer_purchase where customer_id = :id) as orders,
					  (select count(*) from referral where inviter_id = :id and counted_invitee is not null) as invitees""")
			.param("id", customerId)
			.query((rs, row) -> new HonourFacts(totals[0], totals[1], rs.getInt("check_ins"), rs.getInt("activities"),
					rs.getInt("orders"), rs.getInt("invitees")))
			.single();
		this.rules.evaluateLatest(HONOUR_RULES, facts).ifPresent((outcome) -> {
			for (String honour : outcome.tags()) {
				this.jdbc
					.sql("""
							insert into customer_honour (customer_id, honour, rule, awarded_at)
							select :id, :honour, :rule, :now
							where not exists (select 1 from customer_honour where customer_id = :id and honour = :honour)""")
					.param("id", customerId)
					.param("honour", honour)
					.param("rule", outcome.ruleSet().ruleSet() + " v" + outcome.ruleSet().version())
					.param("now", this.clock.nowUtc())
					.update();
			}
		});
	}

	/** {balance, earned} */
	private int[] totals(String customerId) {
		return this.jdbc.sql("""
				select coalesce(sum(points), 0) as balance,
				       coalesce(sum(case when points > 0 then points else 0 end), 0) as earned
				from points_entry where customer_id = :id""")
			.param("id", customerId)
			.query((rs, row) -> new int[] { rs.getInt("balance"), rs.getInt("earned") })
			.single();
	}

	private void insert(String customerId, String source, int points, String reason, String kind,
			OffsetDateTime occurredAt) {
		this.jdbc.sql("""
				insert into points_entry (customer_id, source, points, reason, kind, occurred_at, recorded_at)
				values (:customerId, :source, :points, :reason, :kind, :occurredAt, :now)""")
			.param("customerId", customerId)
			.param("source", source)
			.param("points", points)
			.param("reason", (reason != null && reason.length() > 200) ? reason.substring(0, 200) : reason)
			.param("kind", kind)
			.param("occurredAt", occurredAt)
			.param("now", this.clock.nowUtc())
			.update();
	}

	/** No points entry of this kind yet on the brand's day the event happened. */
	private boolean firstToday(CustomerEvent event, String kind) {
		LocalDate day = event.occurredAt().atZoneSameInstant(this.zone).toLocalDate();
		OffsetDateTime start = SiyuClock.utc(day.atStartOfDay(this.zone).toInstant());
		OffsetDateTime end = SiyuClock.utc(day.plusDays(1).atStartOfDay(this.zone).toInstant());
		return this.jdbc.sql("""
				select count(*) from points_entry
				where customer_id = :id and kind = :kind and occurred_at >= :start and occurred_at < :end""")
			.param("id", event.customerId())
			.param("kind", kind)
			.param("start", start)
			.param("end", end)
			.query(Integer.class)
			.single() == 0;
	}

	private static int yuan(CustomerEvent event) {
		if (event.type() == EventType.Purchased && event.properties().get("amount") instanceof Number amount) {
			return new BigDecimal(amount.toString()).intValue();
		}
		return 0;
	}

	/**
	 * The points a rule decided; a rule that decided something else earns nothing and is
	 * logged, never failing the customer's event.
	 */
	private static int parse(String value) {
		try {
			return (value == null) ? 0 : Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			log.warn("A points rule decided '{}', not a whole number: no points", value);
			return 0;
		}
	}

}
