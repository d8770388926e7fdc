package dev.siyu.community;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.siyu.event.CustomerEvent;
import dev.siyu.event.CustomerEventStored;
import dev.siyu.rules.GroupFacts;
import dev.siyu.rules.RuleEvaluator;
import dev.siyu.system.ConcurrentChanges;
import dev.siyu.system.InvalidInputException;
import dev.siyu.system.SiyuClock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * WeCom customer groups (客户群) as first-class: each with its owners (staff), type and
 * tags; its members, kept from the customers' {@code GroupJoined} and {@code GroupLeft}
 * events; what they post ({@code GroupMessagePosted}); and its health, assessed by the
 * {@code group-health} rules over the last seven days (members, members who spoke,
 * messages, advertisements), once per group and day. A group an event names that Siyu
 * does not know yet is kept under its id, unsorted, until someone describes it.
 */
@Service
public class CommunityGroups {

	static final String RULE_SET = "group-health";

	public static final Set<String> TYPES = Set.of("DAILY", "FLASH", "PRECISION", "SUPER_USER", "REACTIVATION");

	private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,100}");

	private static final Duration WEEK = Duration.ofDays(7);

	private static final int ASSESS_ATTEMPTS = 3;

	private final JdbcClient jdbc;

	private final RuleEvaluator rules;

	private final SiyuClock clock;

	private final ZoneId zone;

	private final ApplicationEventPublisher publisher;

	private final TransactionTemplate transaction;

	CommunityGroups(JdbcClient jdbc, RuleEvaluator rules, SiyuClock clock, ApplicationEventPublisher publisher,
			TransactionTemplate transaction, @Value("${siyu.audiences.time-zone:Asia/Shanghai}") String zone) {
		this.publisher = publisher;
		this.transaction = transaction;
		this.jdbc = jdbc;
		this.rules = rules;
		this.clock = clock;
		this.zone = ZoneId.of(zone);
	}

	public record Request(String id, String name, String type, List<String> owners, List<String> tags) {
	}

	/**
	 * @param dismissedAt when its owner dismissed it in WeCom; null while it lives
	 */
	public record Group(String id, String name, String type, List<String> owners, List<String> tags, int members,
			Health health, OffsetDateTime dismissedAt) {
	}

	/** Published in the transaction that recorded a group's dismissal. */
	public record Dismissed(String groupId) {
	}

	/** An assessment: the health the rules gave and the week it was read from. */
	public record Health(String groupId, LocalDate assessedOn, String health, String rule, int members,
			int activeMembers, int messages, int adMessages) {
	}

	@EventListener
	void stored(CustomerEventStored stored) {
		CustomerEvent event = stored.event();
		if (!(event.properties().get("groupId") instanceof String groupId) || !ID.matcher(groupId).matches()) {
			return;
		}
		switch (event.type()) {
			case GroupJoined -> {
				known(groupId);
				int rejoined = this.jdbc.sql("""
						update group_member set joined_at = :at, left_at = null
						where group_id = :group and customer_id = :customer and left_at is not null""")
					.param("at", event.occurredAt())
					.param("group", groupId)
					.param("customer", event.customerId())
					.update();
				if (rejoined == 0) {
					this.jdbc.sql("""
							insert into group_member (group_id, customer_id, joined_at)
							select :group, :customer, :at where not exists
							  (select 1 from group_member where group_id = :group and customer_id = :customer)""")
						.param("group", groupId)
						.param("customer", event.customerId())
						.param("at", event.occurredAt())
						.update();
				}
			}
			case GroupLeft -> this.jdbc.sql("""
					update group_member set left_at = :at
					where group_id = :group and customer_id = :customer and left_at is null""")
				.param("at", event.occurredAt())
				.param("group", groupId)
				.param("customer", event.customerId())
				.update();
			case GroupMessagePosted -> {
				known(groupId);
				this.jdbc.sql("""
						insert into group_message (event_id, group_id, customer_id, posted_at, ad)
						values (:eventId, :group, :customer, :at, :ad)""")
					.param("eventId", event.eventId())
					.param("group", groupId)
					.param("customer", event.customerId())
					.param("at", event.occurredAt())
					.param("ad", Boolean.TRUE.equals(event.properties().get("ad")))
					.update();
			}
			case GroupSignedUp -> signedUp(event, groupId);
			default -> {
			}
		}
	}

	/** Her place in a 接龙: the first sign-up of hers counts, a second changes nothing. */
	private void signedUp(CustomerEvent event, String groupId) {
		if (!(event.properties().get("solitaireId") instanceof String solitaire) || !ID.matcher(solitaire).matches()) {
			return;
		}
		known(groupId);
		String content = (event.properties().get("content") instanceof String text) ? cut(text.strip(), 200) : null;
		this.jdbc.sql("""
				insert into group_sign_up (event_id, group_id, solitaire_id, customer_id, content, signed_up_at)
				select :eventId, :group, :solitaire, :customer, :content, :at where not exists
				  (select 1 from group_sign_up where group_id = :group and solitaire_id = :solitaire
				     and customer_id = :customer)""")
			.param("eventId", event.eventId())
			.param("group", groupId)
			.param("solitaire", solitaire)
			.param("customer", event.customerId())
			.param("content", content)
			.param("at", event.occurredAt())
			.update();
	}

	/** A sign-up in a 接龙 list: her place, who she is, what she wrote. */
	public record SignUp(int place, String customerId, String content, OffsetDateTime signedUpAt) {
	}

	/** The 接龙 of a group in the order its members signed up. */
	public List<SignUp> signUps(String groupId, String solitaireId) {
		List<SignUp> list = new ArrayList<>();
		this.jdbc.sql("""
				select customer_id, content, signed_up_at from group_sign_up
				where group_id = :group and solitaire_id = :solitaire order by signed_up_at, id""")
			.param("group", groupId)
			.param("solitaire", solitaireId)
			.query((rs) -> {
				list.add(new SignUp(list.size() + 1, rs.getString("customer_id"), rs.getString("content"),
						rs.getObject("signed_up_at", OffsetDateTime.class)));
			});
		return list;
	}

	/** Describes a group (made if new): its name, type, owners and tags. */
	@Transactional
	public Group save(Request request) {
		if (request.id() == null || !ID.matcher(request.id()).matches()) {
			throw new InvalidInputException("'id' is the WeCom group's chat_id: 1–100 letters, digits or _ . : @ -");
		}
		if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
			throw new InvalidInputException("'name' is required: 1–200 characters");
		}
		if (request.type() != null && !TYPES.contains(request.type())) {
			throw new InvalidInputException("'type' must be one of " + TYPES.stream().sorted().toList());
		}
		if (request.owners() == null || request.owners().isEmpty()
				|| request.owners().stream().anyMatch((owner) -> owner == null || !ID.matcher(owner).matches())) {
			throw new InvalidInputException("'owners' is required: the WeCom user ids of the staff who run the group");
		}
		List<String> tags = (request.tags() != null) ? request.tags() : List.of();
		if (tags.stream().anyMatch(CommunityGroups::badTag)) {
			throw new InvalidInputException("'tags' must be texts of 1–100 characters without commas");
		}
		known(request.id());
		this.jdbc.sql("""
				update community_group set name = :name, type = :type, owners = :owners, tags = :tags, updated_at = :now
				where id = :id""")
			.param("name", request.name().strip())
			.param("type", request.type())
			.param("owners", String.join(",", request.owners()))
			.param("tags", String.join(",", tags))
			.param("now", this.clock.nowUtc())
			.param("id", request.id())
			.update();
		return find(request.id()).orElseThrow();
	}

	public Optional<Group> find(String id) {
		return groups("where g.id = :id", Map.of("id", id)).stream().findFirst();
	}

	/** Groups, of a type and of a health if asked. */
	public List<Group> all(String type, String health) {
		List<Group> groups = (type == null) ? groups("", Map.of())
				: groups("where g.type = :type", Map.of("type", type));
		return (health == null) ? groups
				: groups.stream()
					.filter((group) -> group.health() != null && health.equals(group.health().health()))
					.toList();
	}

	/** The group's assessments, newest first. */
	public List<Health> history(String id, int limit) {
		return this.jdbc
			.sql("""
					select * from group_health where group_id = :id order by assessed_on desc fetch first %d rows only"""
				.formatted(limit))
			.param("id", id)
			.query((rs, row) -> health(rs))
			.list();
	}

	/**
	 * Assesses every group on the last seven days before now, as the brand's day it is:
	 * once per group and day (a second run that day, on this node or another, keeps the
	 * first). Returns the day's assessments. A run that meets another assessing the same
	 * groups at the same moment (the nightly process and someone asking through the API)
	 * runs again in a new transaction and keeps what the other one kept; inside a
	 * caller's transaction (the nightly job's) the failure is the caller's to retry.
	 */
	public List<Health> assess() {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return assessNow();
		}
		return ConcurrentChanges.retried(this.transaction, ASSESS_ATTEMPTS, (status) -> assessNow(), (attempt) -> {
		});
	}

	private List<Health> assessNow() {
		Instant now = this.clock.now();
		LocalDate today = now.atZone(this.zone).toLocalDate();
		OffsetDateTime until = SiyuClock.utc(now);
		List<GroupFacts> weeks = weeks("where g.dismissed_at is null", Map.of(), SiyuClock.utc(now.minus(WEEK)), until);
		for (GroupFacts facts : weeks) {
			String id = facts.getGroupId();
			RuleEvaluator.Outcome outcome = this.rules.evaluateLatest(RULE_SET, facts).orElse(null);
			this.jdbc.sql("""
					insert into group_health (group_id, assessed_on, health, rule, members, active_members, messages,
					  ad_messages, assessed_at)
					select :id, :day, :health, :rule, :members, :active, :messages, :ads, :now
					where not exists (select 1 from group_health where group_id = :id and assessed_on = :day)""")
				.param("id", id)
				.param("day", today)
				.param("health", (outcome != null) ? outcome.value() : null)
				.param("rule", (outcome != null) ? outcome.rule() : null)
				.param("members", facts.getMembers())
				.param("active", facts.getActiveMembers())
				.param("messages", facts.getMessages())
				.param("ads", facts.getAdMessages())
				.param("now", until)
				.update();
		}
		return this.jdbc.sql("select * from group_health where assessed_on = :day order by group_id")
			.param("day", today)
			.query((rs, row) -> health(rs))
			.list();
	}

	/**
	 * The group's health now, by the rules on its last seven days, not kept (the nightly
	 * assessment is the one kept): what a reactivation journey asks after its attempts.
	 */
	public Health healthNow(String groupId) {
		Instant now = this.clock.now();
		GroupFacts facts = weeks("where g.id = :id", Map.of("id", groupId), SiyuClock.utc(now.minus(WEEK)),
				SiyuClock.utc(now))
			.stream()
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No community group " + groupId));
		RuleEvaluator.Outcome outcome = this.rules.evaluateLatest(RULE_SET, facts).orElse(null);
		return new Health(groupId, now.atZone(this.zone).toLocalDate(), (outcome != null) ? outcome.value() : null,
				(outcome != null) ? outcome.rule() : null, facts.getMembers(), facts.getActiveMembers(),
				facts.getMessages(), facts.getAdMessages());
	}

	/** Adds and removes tags of a group (a journey marking it, say). */
	public void retag(String groupId, Set<String> add, Set<String> remove) {
		String kept = this.jdbc.sql("select tags from community_group where id = :id")
			.param("id", groupId)
			.query(String.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("No community group " + groupId));
		Set<String> tags = new java.util.LinkedHashSet<>(split(kept));
		tags.removeAll(remove);
		tags.addAll(add);
		if (tags.stream().anyMatch(CommunityGroups::badTag)) {
			throw new IllegalStateException("Group tags are texts of 1–100 characters without commas: " + tags);
		}
		this.jdbc.sql("update community_group set tags = :tags, updated_at = :now where id = :id")
			.param("tags", String.join(",", tags))
			.param("now", this.clock.nowUtc())
			.param("id", groupId)
			.update();
	}

	/**
	 * What WeCom says of the group ({@code groupchat/get}): its name and its owner and
	 * admins as owners; made if new, its type and tags kept.
	 */
	@Transactional
	public Group described(String id, String name, List<String> owners) {
		known(id);
		this.jdbc.sql("update community_group set name = :name, owners = :owners, updated_at = :now where id = :id")
			.param("name", (name == null || name.isBlank()) ? id : cut(name.strip(), 200))
			.param("owners", cut(String.join(",", owners), 1000))
			.param("now", this.clock.nowUtc())
			.param("id", id)
			.update();
		return find(id).orElseThrow();
	}

	/**
	 * Its owner dismissed the group in WeCom: kept with its history, everyone still in it
	 * has left, it is no longer assessed, and its journeys end ({@link Dismissed}). A
	 * second dismissal changes nothing.
	 */
	@Transactional
	public void dismissed(String id, OffsetDateTime at) {
		known(id);
		int changed = this.jdbc
			.sql("update community_group set dismissed_at = :at, updated_at = :now "
					+ "where id = :id and dismissed_at is null")
			.param("at", at)
			.param("now", this.clock.nowUtc())
			.param("id", id)
			.update();
		if (changed == 0) {
			return;
		}
		this.jdbc.sql("update group_member set left_at = :at where group_id = :id and left_at is null")
			.param("at", at)
			.param("id", id)
			.update();
		this.publisher.publishEvent(new Dismissed(id));
	}

	/**
	 * A group tag is a text of 1–100 characters without commas (they are kept joined by
	 * commas).
	 */
	private static boolean badTag(String tag) {
		return tag == null || tag.isBlank() || tag.contains(",") || tag.length() > 100;
	}

	private static String cut(String text, int length) {
		return (text.length() > length) ? text.substring(0, length) : text;
	}

	/**
	 * Each group's last seven days: members at the end, who spoke (posted other than ads,
	 * or signed up to a 接龙), messages (posts and sign-ups), ads.
	 */
	private List<GroupFacts> weeks(String where, Map<String, ?> params, OffsetDateTime since, OffsetDateTime until) {
		return this.jdbc.sql("""
				select g.id,
				  (select count(*) from group_member m where m.group_id = g.id and m.joined_at <= :until
				     and (m.left_at is null or m.left_at > :until)) as members,
				  (select count(distinct p.customer_id) from group_message p where p.group_id = g.id
				     and p.posted_at >= :since and p.posted_at < :until and p.ad = false)
				  + (select count(distinct s.customer_id) from group_sign_up s where s.group_id = g.id
				     and s.signed_up_at >= :since and s.signed_up_at < :until
				     and not exists (select 1 from group_message q where q.group_id = g.id
				       and q.customer_id = s.customer_id and q.posted_at >= :since and q.posted_at < :until
				       and q.ad = false)) as active_members,
				  (select count(*) from group_message p where p.group_id = g.id
				     and p.posted_at >= :since and p.posted_at < :until)
				  + (select count(*) from group_sign_up s where s.group_id = g.id
				     and s.signed_up_at >= :since and s.signed_up_at < :until) as messages,
				  (select count(*) from group_message p where p.group_id = g.id
				     and p.posted_at >= :since and p.posted_at < :until and p.ad = true) as ad_messages
				from community_group g %s order by g.id""".formatted(where))
			.params(params)
			.param("since", since)
			.param("until", until)
			.query((rs, row) -> new GroupFacts(rs.getString("id"), rs.getInt("members"), rs.getInt("active_members"),
					rs.getInt("messages"), rs.getInt("ad_messages")))
			.list();
	}

	private void known(String groupId) {
		OffsetDateTime now = this.clock.nowUtc();
		this.jdbc.sql("""
				insert into community_group (id, name, owners, tags, created_at, updated_at)
				select :id, :id, '', '', :now, :now where not exists (select 1 from community_group where id = :id)""")
			.param("id", groupId)
			.param("now", now)
			.update();
	}

	private List<Group> groups(String where, Map<String, ?> params) {
		Map<String, Health> latest = new java.util.HashMap<>();
		this.jdbc.sql("""
				select h.* from group_health h
				where h.assessed_on = (select max(l.assessed_on) from group_health l where l.group_id = h.group_id)""")
			.query((rs) -> {
				latest.put(rs.getString("group_id"), health(rs));
			});
		List<Group> groups = new ArrayList<>();
		this.jdbc
			.sql("""
					select g.*, (select count(*) from group_member m where m.group_id = g.id and m.left_at is null) as members
					from community_group g %s order by g.id"""
				.formatted(where))
			.params(params)
			.query((rs) -> {
				String id = rs.getString("id");
				groups.add(new Group(id, rs.getString("name"), rs.getString("type"), split(rs.getString("owners")),
						split(rs.getString("tags")), rs.getInt("members"), latest.get(id),
						rs.getObject("dismissed_at", OffsetDateTime.class)));
			});
		return groups;
	}

	private static Health health(java.sql.ResultSet rs) throws java.sql.SQLException {
		return new Health(rs.getString("group_id"), rs.getObject("assessed_on", LocalDate.class),
				rs.getString("health"), rs.getString("rule"), rs.getInt("members"), rs.getInt("active_members"),
				rs.getInt("messages"), rs.getInt("ad_messages"));
	}

	private static List<String> split(String text) {
		return (text == null || text.isBlank()) ? List.of() : List.of(text.split(","));
	}

}
