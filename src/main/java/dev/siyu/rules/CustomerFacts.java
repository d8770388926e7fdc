package dev.siyu.rules;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * What rules may know about one customer. Time is counted in days before the evaluation,
 * so a rule says {@code ordersWithin(365) >= 3} or {@code daysSinceLastLogin >= 90} and
 * every window and threshold stays in the rule file, where marketers change it, not here.
 */
public class CustomerFacts {

	private final String customerId;

	private final boolean followsOfficialAccount;

	private final boolean wecomFriend;

	private final int daysSinceJoined;

	private final Set<String> tags;

	private final List<OrderFact> orders;

	private final int[] loginDays;

	private final int[] interactionDays;

	private final int[] activityDays;

	private final List<ReplyFact> replies;

	private final Set<String> honours;

	private CustomerFacts(Builder builder) {
		this.customerId = builder.customerId;
		this.followsOfficialAccount = builder.followsOfficialAccount;
		this.wecomFriend = builder.wecomFriend;
		this.daysSinceJoined = builder.daysSinceJoined;
		this.tags = Set.copyOf(builder.tags);
		this.orders = builder.orders.stream().sorted(Comparator.comparingInt(OrderFact::daysAgo)).toList();
		this.loginDays = sortedDistinct(builder.loginDays);
		this.interactionDays = sortedDistinct(builder.interactionDays);
		this.activityDays = builder.activityDays.stream().mapToInt(Integer::intValue).sorted().toArray();
		this.replies = List.copyOf(builder.replies);
		this.honours = Set.copyOf(builder.honours);
	}

	public static Builder builder(String customerId, Instant now) {
		return new Builder(customerId, now);
	}

	public String getCustomerId() {
		return this.customerId;
	}

	public boolean isFollowsOfficialAccount() {
		return this.followsOfficialAccount;
	}

	public boolean isWecomFriend() {
		return this.wecomFriend;
	}

	/** Days since Siyu first knew the customer. */
	public int getDaysSinceJoined() {
		return this.daysSinceJoined;
	}

	public Set<String> getTags() {
		return this.tags;
	}

	public boolean hasTag(String tag) {
		return this.tags.contains(tag);
	}

	/** The honours (勋章) the honours rules awarded her, such as RECOMMENDER. */
	public Set<String> getHonours() {
		return this.honours;
	}

	public boolean hasHonour(String honour) {
		return this.honours.contains(honour);
	}

	// orders

	public int getOrderCount() {
		return this.orders.size();
	}

	public BigDecimal getTotalSpend() {
		return spendWithin(Integer.MAX_VALUE);
	}

	/** Days since the last order, or {@code null} for a customer who never bought. */
	public Integer getDaysSinceLastOrder() {
		return this.orders.isEmpty() ? null : this.orders.get(0).daysAgo();
	}

	public int ordersWithin(int days) {
		return (int) this.orders.stream().filter((order) -> order.daysAgo() < days).count();
	}

	public BigDecimal spendWithin(int days) {
		return this.orders.stream()
			.filter((order) -> order.daysAgo() < days)
			.map(OrderFact::amount)
			.reduce(BigDecimal.ZERO, BigDecimal::add);
	}

	/** How many orders contained this SKU. */
	public int ordersOf(String sku) {
		return (int) this.orders.stream().filter((order) -> order.skus().contains(sku)).count();
	}

	/** Whether any order contained a SKU other than this one. */
	public boolean boughtOtherThan(String sku) {
		return this.orders.stream().anyMatch((order) -> order.skus().stream().anyMatch((s) -> !s.equals(sku)));
	}

	// logins and interactions (replies, questionnaires, group joins, activities)

	/**
	 * Days since the last login, or {@code null} for a customer never seen logging in.
	 */
	public Integer getDaysSinceLastLogin() {
		return (this.loginDays.length == 0) ? null : this.loginDays[0];
	}

	/** Days with a login among the last {@code days} days. */
	public int loginsWithin(int days) {
		return countBelow(this.loginDays, days);
	}

	/** Days with a login or an interaction among the last {@code days} days. */
	public int activeDaysWithin(int days) {
		return countBelow(merge(this.loginDays, this.interactionDays), days);
	}

	// community

	/**
	 * Community activities (live streams, check-ins, events) joined in the last
	 * {@code days} days.
	 */
	public int activitiesWithin(int days) {
		return countBelow(this.activityDays, days);
	}

	/**
	 * Distinct community topics the customer replied to in the last {@code days} days.
	 */
	public int topicsAnsweredWithin(int days) {
		return (int) this.replies.stream()
			.filter((reply) -> reply.daysAgo() < days && reply.topicId() != null)
			.map(ReplyFact::topicId)
			.distinct()
			.count();
	}

	/**
	 * Average length in characters of the replies of the last {@code days} days; 0
	 * without replies.
	 */
	public int averageReplyLengthWithin(int days) {
		return (int) this.replies.stream()
			.filter((reply) -> reply.daysAgo() < days)
			.mapToInt(ReplyFact::length)
			.average()
			.orElse(0);
	}

	private static int countBelow(int[] sortedDays, int days) {
		int count = 0;
		for (int day : sortedDays) {
			if (day >= days) {
				break;
			}
			count++;
		}
		return count;
	}

	private static int[] merge(int[] a, int[] b) {
		int[] all = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return sortedDistinct(all);
	}

	private static int[] sortedDistinct(int[] days) {
		return Arrays.stream(days).distinct().sorted().toArray();
	}

	private static int[] sortedDistinct(List<Integer> days) {
		return days.stream().mapToInt(Integer::intValue).distinct().sorted().toArray();
	}

	/** One order: how many days ago, its amount, the SKUs it held. */
	public record OrderFact(int daysAgo, BigDecimal amount, Set<String> skus) {
	}

	/**
	 * One reply in a community group: how many days ago, the topic, its length in
	 * characters.
	 */
	public record ReplyFact(int daysAgo, String topicId, int length) {
	}

	public static final class Builder {

		private final String customerId;

		private final Instant now;

		private boolean followsOfficialAccount;

		private boolean wecomFriend;

		private int daysSinceJoined;

		private Set<String> tags = Set.of();

		private final List<OrderFact> orders = new ArrayList<>();

		private final List<Integer> loginDays = new ArrayList<>();

		private final List<Integer> interactionDays = new ArrayList<>();

		private final List<Integer> activityDays = new ArrayList<>();

		private final List<ReplyFact> replies = new ArrayList<>();

		private Set<String> honours = Set.of();

		private Builder(String customerId, Instant now) {
			this.customerId = customerId;
			this.now = now;
		}

		public Builder follows(boolean follows) {
			this.followsOfficialAccount = follows;
			return this;
		}

		public Builder wecomFriend(boolean friend) {
			this.wecomFriend = friend;
			return this;
		}

		public Builder joined(Instant at) {
			this.daysSinceJoined = daysAgo(at);
			return this;
		}

		public Builder tags(Set<String> tags) {
			this.tags = tags;
			return this;
		}

		public Builder honours(Set<String> honours) {
			this.honours = honours;
			return this;
		}

		public Builder order(Instant at, BigDecimal amount, Set<String> skus) {
			this.orders.add(new OrderFact(daysAgo(at), amount, Set.copyOf(skus)));
			return this;
		}

		public Builder login(Instant at) {
			this.loginDays.add(daysAgo(at));
			return this;
		}

		public Builder interaction(Instant at) {
			this.interactionDays.add(daysAgo(at));
			return this;
		}

		public Builder activity(Instant at) {
			this.activityDays.add(daysAgo(at));
			this.interactionDays.add(daysAgo(at));
			return this;
		}

		public Builder reply(Instant at, String topicId, int length) {
			this.replies.add(new ReplyFact(daysAgo(at), topicId, length));
			this.interactionDays.add(daysAgo(at));
			return this;
		}

		public CustomerFacts build() {
			return new CustomerFacts(this);
		}

		/**
		 * Whole days between the moment and now: today is 0, yesterday at this hour is 1.
		 */
		private int daysAgo(Instant at) {
			return (int) Math.max(0, Duration.between(at, this.now).toDays());
		}

	}

}
