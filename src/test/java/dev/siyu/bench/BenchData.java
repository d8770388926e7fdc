package dev.siyu.bench;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Generates a realistic population straight into Siyu's tables with JDBC batches:
 * customers of up to two years, 0-6 orders of one or two items (half of them the hero
 * product), and the logins of the last four months.
 */
final class BenchData {

	private static final String[] SKUS = { "MILK-59", "YOGURT-29", "CHEESE-89", "KIDS-MILK-129" };

	private static final int BATCH = 5000;

	private BenchData() {
	}

	static void customers(JdbcTemplate jdbc, String prefix, int count, Instant now, long seed) {
		Random random = new Random(seed);
		List<Object[]> customers = new ArrayList<>();
		List<Object[]> orders = new ArrayList<>();
		List<Object[]> items = new ArrayList<>();
		List<Object[]> events = new ArrayList<>();
		for (int n = 1; n <= count; n++) {
			String id = "%s-%07d".formatted(prefix, n);
			Timestamp joined = Timestamp.from(now.minus(Duration.ofDays(random.nextInt(730))));
			customers.add(new Object[] { id, random.nextInt(10) < 4, joined, joined });
			int orderCount = random.nextInt(10) < 3 ? 0 : 1 + random.nextInt(6);
			for (int o = 0; o < orderCount; o++) {
				String orderId = id + "-" + o;
				int lines = 1 + random.nextInt(2);
				BigDecimal amount = BigDecimal.ZERO;
				for (int line = 1; line <= lines; line++) {
					String sku = random.nextBoolean() ? SKUS[0] : SKUS[1 + random.nextInt(3)];
					BigDecimal price = new BigDecimal(sku.substring(sku.lastIndexOf('-') + 1));
					items.add(new Object[] { orderId, line, sku, 1, price });
					amount = amount.add(price);
				}
				orders.add(new Object[] { orderId, id, amount,
						Timestamp.from(now.minus(Duration.ofHours(random.nextInt(24 * 400)))) });
			}
			for (int l = random.nextInt(11); l > 0; l--) {
				Timestamp at = Timestamp.from(now.minus(Duration.ofHours(random.nextInt(24 * 120))));
				events.add(new Object[] { id + "-login-" + l, id, at, at });
			}
			if (n % BATCH == 0 || n == count) {
				flush(jdbc, customers, orders, items, events);
			}
		}
	}

	private static void flush(JdbcTemplate jdbc, List<Object[]> customers, List<Object[]> orders, List<Object[]> items,
			List<Object[]> events) {
		jdbc.batchUpdate(
				"insert into customer (id, followed_official_account, created_at, updated_at) values (?, ?, ?, ?)",
				customers);
		jdbc.batchUpdate("insert into customer_order (id, customer_id, amount, ordered_at) values (?, ?, ?, ?)",
				orders);
		jdbc.batchUpdate("insert into order_item (order_id, line_no, sku, quantity, price) values (?, ?, ?, ?, ?)",
				items);
		jdbc.batchUpdate("""
				insert into customer_event (event_id, customer_id, type, occurred_at, received_at, properties)
				values (?, ?, 'LoggedIn', ?, ?, '{}')""", events);
		customers.clear();
		orders.clear();
		items.clear();
		events.clear();
	}

}
