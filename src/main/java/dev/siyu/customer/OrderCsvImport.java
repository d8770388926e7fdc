package dev.siyu.customer;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.siyu.system.InvalidInputException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Orders from a CSV file, one row per order line as shops export them (the lines of an
 * order together, the order's amount repeated on each, or left out to be summed from
 * quantity × price). Every row is checked first, each order's customer must exist, and
 * only a file without a rejected row is imported, in one transaction. An order imported
 * before is left as it is, so a file sent twice imports once. Imported orders are
 * history: segments and rules count them; they start no journey (a live purchase comes as
 * a {@code Purchased} event).
 */
@Component
class OrderCsvImport {

	static final Map<String, List<String>> COLUMNS = columns();

	private static final List<String> REQUIRED = List.of("orderId", "customerId", "orderedAt", "sku");

	private static final List<DateTimeFormatter> LOCAL_TIMES = List.of(
			DateTimeFormatter.ofPattern("yyyy-M-d H:mm[:ss]"), DateTimeFormatter.ofPattern("yyyy/M/d H:mm[:ss]"),
			DateTimeFormatter.ISO_LOCAL_DATE_TIME);

	private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ofPattern("yyyy-M-d"),
			DateTimeFormatter.ofPattern("yyyy/M/d"));

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final BulkTransaction transaction;

	private final KnownCustomers known;

	private final PurchaseSummaries summaries;

	private final ZoneId zone;

	OrderCsvImport(JdbcClient jdbc, JdbcTemplate batch, BulkTransaction transaction, KnownCustomers known,
			PurchaseSummaries summaries, @Value("${siyu.audiences.time-zone:Asia/Shanghai}") String zone) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.transaction = transaction;
		this.known = known;
		this.summaries = summaries;
		this.zone = ZoneId.of(zone);
	}

	private record Line(String sku, int quantity, BigDecimal price) {
	}

	private record ParsedOrder(long line, String id, String customerId, OffsetDateTime orderedAt, BigDecimal amount,
			BigDecimal couponValue, List<Line> lines) {
	}

	ImportResult run(CsvUpload upload) {
		ImportRejections rejections = new ImportRejections();
		Set<String> orders = new HashSet<>();
		Map<String, Long> customers = new HashMap<>();
		long[] rows = { 0 };
		Assembler check = new Assembler((order) -> {
			if (!orders.add(order.id())) {
				rejections.reject(order.line(), "order '" + order.id()
						+ "' also has lines further up, apart from these: keep the lines of an order together");
			}
			customers.putIfAbsent(order.customerId(), order.line());
		}, rejections);
		upload.read(REQUIRED, (row) -> {
			rows[0]++;
			check.accept(row);
		});
		check.finish();
		orders.clear();
		this.known.rejectUnknown(customers, rejections);
		if (rejections.any()) {
			throw new ImportRejectedException(rejections);
		}
		if (rows[0] == 0) {
			throw new InvalidInputException("the file has a header but no rows");
		}
		long[] counts = new long[2];
		this.transaction.run(() -> {
			List<ParsedOrder> page = new ArrayList<>();
			Assembler importer = new Assembler((order) -> {
				page.add(order);
				if (page.size() == CustomerCsvImport.BATCH) {
					write(page, counts);
					page.clear();
				}
			}, new ImportRejections());
			upload.read(REQUIRED, importer::accept);
			importer.finish();
			write(page, counts);
		});
		return new ImportResult(rows[0], counts[0], 0, counts[1], upload.charset().name());
	}

	private void write(List<ParsedOrder> page, long[] counts) {
		if (page.isEmpty()) {
			return;
		}
		Set<String> existing = new HashSet<>(this.jdbc.sql("select id from customer_order where id in (:ids)")
			.param("ids", page.stream().map(ParsedOrder::id).toList())
			.query(String.class)
			.list());
		List<Object[]> orders = new ArrayList<>();
		List<Object[]> items = new ArrayList<>();
		for (ParsedOrder order : page) {
			if (existing.contains(order.id())) {
				counts[1]++;
				continue;
			}
			orders.add(new Object[] { order.id(), order.customerId(), order.amount(), order.orderedAt(),
					order.couponValue() });
			int number = 0;
			for (Line line : order.lines()) {
				items.add(new Object[] { order.id(), ++number, line.sku(), line.quantity(), line.price() });
			}
			counts[0]++;
		}
		this.batch.batchUpdate(
				"insert into customer_order (id, customer_id, amount, ordered_at, coupon_value) values (?, ?, ?, ?, ?)",
				orders);
		this.batch.batchUpdate(
				"insert into order_item (order_id, line_no, sku, quantity, price) values (?, ?, ?, ?, ?)", items);
		this.summaries.refresh(orders.stream().map((order) -> (String) order[1]).toList());
	}

	/** Puts consecutive rows of one order together, checking each row and the order. */
	private final class Assembler {

		private final java.util.function.Consumer<ParsedOrder> orders;

		private final ImportRejections rejections;

		private List<CsvUpload.Row> current = new ArrayList<>();

		Assembler(java.util.function.Consumer<ParsedOrder> orders, ImportRejections rejections) {
			this.orders = orders;
			this.rejections = rejections;
		}

		void accept(CsvUpload.Row row) {
			if (!this.current.isEmpty() && !this.current.get(0).get("orderId").equals(row.get("orderId"))) {
				finish();
			}
			String problem = check(row);
			if (problem != null) {
				this.rejections.reject(row.line(), problem);
				return;
			}
			this.current.add(row);
		}

		void finish() {
			if (this.current.isEmpty()) {
				return;
			}
			CsvUpload.Row first = this.current.get(0);
			List<Line> lines = new ArrayList<>();
			BigDecimal sum = BigDecimal.ZERO;
			boolean priced = true;
			for (CsvUpload.Row row : this.current) {
				if (!first.get("customerId").equals(row.get("customerId"))
						|| !same(first.get("orderedAt"), row.get("orderedAt"))
						|| !same(first.get("amount"), row.get("amount"))
						|| !same(first.get("couponValue"), row.get("couponValue"))) {
					this.rejections.reject(row.line(),
							"a line of order '" + first.get("orderId") + "' differs from its first line (line "
									+ first.line() + ") in customer, time, amount or coupon value");
					this.current = new ArrayList<>();
					return;
				}
				int quantity = (row.get("quantity") != null) ? Integer.parseInt(row.get("quantity")) : 1;
				BigDecimal price = (row.get("price") != null) ? new BigDecimal(row.get("price")) : null;
				priced &= price != null;
				lines.add(new Line(row.get("sku"), quantity, (price != null) ? price : BigDecimal.ZERO));
				sum = sum.add((price != null) ? price.multiply(BigDecimal.valueOf(quantity)) : BigDecimal.ZERO);
			}
			BigDecimal amount = (first.get("amount") != null) ? new BigDecimal(first.get("amount")) : sum;
			if (first.get("amount") == null && !priced) {
				this.rejections.reject(first.line(),
						"order '" + first.get("orderId") + "' has neither 'amount' nor a 'price' on every line");
			}
			else {
				this.orders.accept(new ParsedOrder(first.line(), first.get("orderId"), first.get("customerId"),
						time(first.get("orderedAt")), amount,
						(first.get("couponValue") != null) ? new BigDecimal(first.get("couponValue")) : null, lines));
			}
			this.current = new ArrayList<>();
		}

	}

	private String check(CsvUpload.Row row) {
		if (row.tooManyCells()) {
			return "more cells than the header has columns (a comma inside a value needs quotes)";
		}
		for (String column : REQUIRED) {
			if (row.get(column) == null) {
				return "'" + column + "' is empty";
			}
		}
		if (row.get("orderId").length() > 100 || row.get("sku").length() > 100) {
			return "'orderId' and 'sku' may have at most 100 characters";
		}
		if (!row.get("customerId").matches(CustomerIds.PATTERN)) {
			return "'customerId' " + CustomerIds.RULE;
		}
		if (time(row.get("orderedAt")) == null) {
			return "'orderedAt' " + row.get("orderedAt")
					+ " is not a time such as 2026-06-18 20:30:00 (the brand's time zone) or 2026-06-18T20:30:00+08:00";
		}
		String quantity = row.get("quantity");
		if (quantity != null && !quantity.matches("[1-9][0-9]{0,5}")) {
			return "'quantity' " + quantity + " is not a whole number of 1 or more";
		}
		for (String column : List.of("amount", "price", "couponValue")) {
			String value = row.get(column);
			if (value != null && !value.matches("[0-9]{1,10}(\\.[0-9]{1,2})?")) {
				return "'" + column + "' " + value + " is not an amount in yuan such as 59 or 59.90";
			}
		}
		return null;
	}

	private OffsetDateTime time(String text) {
		try {
			return OffsetDateTime.parse(text);
		}
		catch (DateTimeParseException ex) {
			// a local time, as shops export them
		}
		for (DateTimeFormatter format : LOCAL_TIMES) {
			try {
				return LocalDateTime.parse(text, format).atZone(this.zone).toOffsetDateTime();
			}
			catch (DateTimeParseException ex) {
				// the next format
			}
		}
		for (DateTimeFormatter format : DATES) {
			try {
				return LocalDate.parse(text, format).atStartOfDay(this.zone).toOffsetDateTime();
			}
			catch (DateTimeParseException ex) {
				// the next format
			}
		}
		return null;
	}

	private static boolean same(String a, String b) {
		return (a == null) ? b == null : a.equals(b);
	}

	private static Map<String, List<String>> columns() {
		Map<String, List<String>> columns = new LinkedHashMap<>();
		columns.put("orderId", List.of("订单号", "订单编号"));
		columns.put("customerId", List.of("客户ID", "会员ID", "买家ID", "客户编号"));
		columns.put("orderedAt", List.of("下单时间", "付款时间", "创建时间"));
		columns.put("amount", List.of("实付金额", "订单金额", "支付金额"));
		columns.put("sku", List.of("商品编码", "商家编码", "商品ID"));
		columns.put("quantity", List.of("数量", "购买数量"));
		columns.put("price", List.of("单价", "商品单价"));
		// what the offer cost: the coupon redeemed on the order
		columns.put("couponValue", List.of("优惠券金额", "优惠金额", "券金额"));
		return java.util.Collections.unmodifiableMap(columns);
	}

}
