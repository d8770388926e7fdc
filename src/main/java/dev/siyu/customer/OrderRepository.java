package dev.siyu.customer;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class OrderRepository {

	private final JdbcClient jdbc;

	private final PurchaseSummaries summaries;

	OrderRepository(JdbcClient jdbc, PurchaseSummaries summaries) {
		this.jdbc = jdbc;
		this.summaries = summaries;
	}

	/**
	 * Records an order once; a second order with the same id is ignored. Returns whether
	 * it was new.
	 */
	public boolean record(Order order, String eventId) {
		int inserted = this.jdbc.sql("""
				insert into customer_order (id, customer_id, amount, ordered_at, coupon_value, event_id)
				select :id, :customerId, :amount, :orderedAt, :couponValue, :eventId
				where not exists (select 1 from customer_order where id = :id)""")
			.param("id", order.id())
			.param("customerId", order.customerId())
			.param("amount", order.amount())
			.param("orderedAt", order.orderedAt())
			.param("couponValue", order.couponValue())
			.param("eventId", eventId)
			.update();
		if (inserted == 0) {
			return false;
		}
		int line = 0;
		for (Order.Item item : order.items()) {
			this.jdbc.sql("""
					insert into order_item (order_id, line_no, sku, quantity, price)
					values (:orderId, :line, :sku, :quantity, :price)""")
				.param("orderId", order.id())
				.param("line", ++line)
				.param("sku", item.sku())
				.param("quantity", item.quantity())
				.param("price", item.price())
				.update();
		}
		this.summaries.refresh(List.of(order.customerId()));
		return true;
	}

	public List<Order> findByCustomer(String customerId) {
		Map<String, Order> orders = new LinkedHashMap<>();
		this.jdbc.sql("""
				select o.id, o.customer_id, o.amount, o.ordered_at, i.sku, i.quantity, i.price
				from customer_order o left join order_item i on i.order_id = o.id
				where o.customer_id = :customerId
				order by o.ordered_at, o.id, i.line_no""").param("customerId", customerId).query((rs) -> {
			String id = rs.getString("id");
			BigDecimal amount = rs.getBigDecimal("amount");
			OffsetDateTime orderedAt = rs.getObject("ordered_at", OffsetDateTime.class);
			Order order = orders.computeIfAbsent(id,
					(key) -> new Order(key, customerId, amount, orderedAt, new ArrayList<>()));
			String sku = rs.getString("sku");
			if (sku != null) {
				order.items().add(new Order.Item(sku, rs.getInt("quantity"), rs.getBigDecimal("price")));
			}
		});
		return List.copyOf(orders.values());
	}

}
