package dev.siyu.system;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.Order;
import dev.siyu.customer.OrderRepository;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventStore;
import dev.siyu.event.EventType;
import dev.siyu.rules.BulkLayering;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A dairy brand's small population for a first look: 300 customers, some following the
 * Official Account, some with phones, with a year of orders and months of logins; then 60
 * ad leads through the real intake so Cockpit shows journeys at different steps. Runs
 * once, on an empty database, unless {@code siyu.demo-data.enabled=false}. Phone numbers
 * are in the 100 range no operator assigns.
 */
@Component
@ConditionalOnProperty(name = "siyu.demo-data.enabled", havingValue = "true")
class DemoData implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	private static final int CUSTOMERS = 300;

	private static final String[] SURNAMES = { "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱",
			"高", "林", "何", "郭", "马", "罗" };

	private static final String[] GIVEN = { "小明", "娜", "静", "伟", "芳", "敏", "磊", "洋", "艳", "婷", "杰", "丽", "强", "雪", "思雨",
			"子涵", "欣怡", "浩然", "梓萱", "一诺" };

	private static final String[][] PRODUCTS = { { "MILK-59", "59.00" }, { "YOGURT-29", "29.00" },
			{ "CHEESE-89", "89.00" }, { "KIDS-MILK-129", "129.00" } };

	private final JdbcClient jdbc;

	private final CustomerRepository customers;

	private final OrderRepository orders;

	private final EventIntake intake;

	private final EventStore events;

	private final SiyuClock clock;

	private final TransactionTemplate transaction;

	private final BulkLayering layering;

	DemoData(JdbcClient jdbc, CustomerRepository customers, OrderRepository orders, EventIntake intake,
			EventStore events, SiyuClock clock, TransactionTemplate transaction, BulkLayering layering) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.orders = orders;
		this.intake = intake;
		this.events = events;
		this.clock = clock;
		this.transaction = transaction;
		this.layering = layering;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (this.jdbc.sql("select count(*) from customer").query(Long.class).single() > 0) {
			return;
		}
		Random random = new Random(20260601);
		Instant now = this.clock.now();
		List<String> ids = new ArrayList<>();
		this.transaction.executeWithoutResult((status) -> {
			for (int i = 1; i <= CUSTOMERS; i++) {
				String id = "demo-%03d".formatted(i);
				ids.add(id);
				String name = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
				String phone = random.nextInt(10) < 6 ? "100%08d".formatted(random.nextInt(100_000_000)) : null;
				boolean follows = random.nextInt(10) < 4;
				Set<String> tags = random.nextInt(4) == 0 ? Set.of("宝妈") : Set.of();
				this.customers.upsert(id, new CustomerChanges(name, phone, follows, random.nextInt(10) == 0, tags));
				this.jdbc.sql("update customer set created_at = :joined where id = :id")
					.param("joined", SiyuClock.utc(now.minus(Duration.ofDays(370 + random.nextInt(360)))))
					.param("id", id)
					.update();
				logins(id, now, random);
				int orderCount = random.nextInt(10) < 5 ? 0 : 1 + random.nextInt(6);
				for (int n = 0; n < orderCount; n++) {
					this.orders.record(order(id, n, now, random), null);
				}
			}
		});
		int leads = 0;
		for (int i = 0; i < 60; i++) {
			String id = ids.get(random.nextInt(ids.size()));
			this.intake.accept(new CustomerEvent("demo-lead-" + i, id, EventType.AdLeadCaptured, SiyuClock.utc(now),
					Map.of("adPlanId", "plan-" + (618 + random.nextInt(3)))));
			leads++;
			if (random.nextInt(3) == 0) {
				this.intake.accept(
						new CustomerEvent("demo-follow-" + i, id, EventType.Followed, SiyuClock.utc(now), Map.of()));
			}
		}
		this.layering.start("demo data");
		log.info("Demo data: {} customers with orders, {} ad leads sent through the intake; layering them now",
				CUSTOMERS, leads);
	}

	/**
	 * Logins of the last four months, stored as events (journeys are not notified of
	 * history).
	 */
	private void logins(String customerId, Instant now, Random random) {
		int logins = switch (random.nextInt(4)) {
			case 0 -> 0;
			case 1 -> 1 + random.nextInt(2);
			default -> 3 + random.nextInt(10);
		};
		int recentDays = (random.nextInt(3) == 0) ? 100 : 30;
		for (int i = 0; i < logins; i++) {
			OffsetDateTime at = SiyuClock.utc(now.minus(Duration.ofHours(1 + random.nextInt(24 * recentDays))));
			this.events.append(
					new CustomerEvent(customerId + "-login-" + i, customerId, EventType.LoggedIn, at, Map.of()),
					at.toInstant());
		}
	}

	private static Order order(String customerId, int n, Instant now, Random random) {
		List<Order.Item> items = new ArrayList<>();
		BigDecimal amount = BigDecimal.ZERO;
		for (int line = 0, lines = 1 + random.nextInt(2); line < lines; line++) {
			String[] product = PRODUCTS[random.nextInt(PRODUCTS.length)];
			int quantity = 1 + random.nextInt(3);
			BigDecimal price = new BigDecimal(product[1]);
			items.add(new Order.Item(product[0], quantity, price));
			amount = amount.add(price.multiply(BigDecimal.valueOf(quantity)));
		}
		Instant orderedAt = now.minus(Duration.ofDays(1 + random.nextInt(365)));
		return new Order(customerId + "-SO-" + n, customerId, amount, SiyuClock.utc(orderedAt), items);
	}

}
