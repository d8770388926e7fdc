package dev.siyu.rules;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import dev.siyu.customer.Customer;
import dev.siyu.customer.Order;

/**
 * What rules may know about a customer, as plain getters so DRL and decision tables read
 * it naturally: {@code CustomerFacts(orderCount >= 2, totalSpend > 500)}.
 */
public class CustomerFacts {

	private final String customerId;

	private final int orderCount;

	private final BigDecimal totalSpend;

	private final Integer daysSinceLastOrder;

	private final boolean followsOfficialAccount;

	private final boolean wecomFriend;

	private final Set<String> tags;

	public CustomerFacts(String customerId, int orderCount, BigDecimal totalSpend, Integer daysSinceLastOrder,
			boolean followsOfficialAccount, boolean wecomFriend, Set<String> tags) {
		this.customerId = customerId;
		this.orderCount = orderCount;
		this.totalSpend = totalSpend;
		this.daysSinceLastOrder = daysSinceLastOrder;
		this.followsOfficialAccount = followsOfficialAccount;
		this.wecomFriend = wecomFriend;
		this.tags = Set.copyOf(tags);
	}

	public static CustomerFacts of(Customer customer, List<Order> orders, Instant now) {
		BigDecimal spend = orders.stream().map(Order::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
		Integer days = orders.stream()
			.map((order) -> order.orderedAt().toInstant())
			.max(Instant::compareTo)
			.map((last) -> (int) Duration.between(last, now).toDays())
			.orElse(null);
		return new CustomerFacts(customer.id(), orders.size(), spend.setScale(2, RoundingMode.HALF_UP), days,
				customer.followedOfficialAccount(), customer.wecomFriend(), customer.tags());
	}

	public String getCustomerId() {
		return this.customerId;
	}

	public int getOrderCount() {
		return this.orderCount;
	}

	public BigDecimal getTotalSpend() {
		return this.totalSpend;
	}

	/** Days since the last order, or {@code null} for a customer who never bought. */
	public Integer getDaysSinceLastOrder() {
		return this.daysSinceLastOrder;
	}

	public boolean isFollowsOfficialAccount() {
		return this.followsOfficialAccount;
	}

	public boolean isWecomFriend() {
		return this.wecomFriend;
	}

	public Set<String> getTags() {
		return this.tags;
	}

	public boolean hasTag(String tag) {
		return this.tags.contains(tag);
	}

}
