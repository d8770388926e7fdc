package dev.siyu.customer;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * @param couponValue the coupon redeemed on the order (what the offer cost), if any
 */
public record Order(String id, String customerId, BigDecimal amount, OffsetDateTime orderedAt, BigDecimal couponValue,
		List<Item> items) {

	public Order(String id, String customerId, BigDecimal amount, OffsetDateTime orderedAt, List<Item> items) {
		this(id, customerId, amount, orderedAt, null, items);
	}

	public record Item(String sku, int quantity, BigDecimal price) {
	}

}
