package dev.siyu.customer;

import java.util.Collection;
import java.util.List;

import dev.siyu.system.SqlDialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Each customer's purchases summed up ({@code customer_purchase}: orders, spend, first
 * and last order; {@code customer_product}: per SKU, orders and last purchase), worked
 * out again from her orders whenever an order of hers is written, in the same
 * transaction. Segments read these instead of grouping all orders at every preview.
 */
@Repository
class PurchaseSummaries {

	private final JdbcClient jdbc;

	private final SqlDialect dialect;

	PurchaseSummaries(JdbcClient jdbc, SqlDialect dialect) {
		this.jdbc = jdbc;
		this.dialect = dialect;
	}

	/**
	 * Works the summaries of these customers out again from their orders. Their customer
	 * rows are locked first, in order, so two transactions writing orders of one customer
	 * take turns, the second seeing the first's orders.
	 */
	void refresh(Collection<String> customerIds) {
		if (customerIds.isEmpty()) {
			return;
		}
		List<String> ids = customerIds.stream().distinct().sorted().toList();
		this.jdbc.sql("select id from customer where id in (:ids) order by id " + this.dialect.lockForUpdate())
			.param("ids", ids)
			.query(String.class)
			.list();
		this.jdbc.sql("delete from customer_purchase where customer_id in (:ids)").param("ids", ids).update();
		this.jdbc.sql("delete from customer_product where customer_id in (:ids)").param("ids", ids).update();
		this.jdbc.sql("""
				insert into customer_purchase (customer_id, orders, spent, first_order_at, last_order_at)
				select customer_id, count(*), sum(amount), min(ordered_at), max(ordered_at)
				from customer_order where customer_id in (:ids) group by customer_id""").param("ids", ids).update();
		this.jdbc.sql("""
				insert into customer_product (customer_id, sku, orders, last_bought_at)
				select o.customer_id, i.sku, count(distinct o.id), max(o.ordered_at)
				from customer_order o join order_item i on i.order_id = o.id
				where o.customer_id in (:ids) group by o.customer_id, i.sku""").param("ids", ids).update();
	}

}
