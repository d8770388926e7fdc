package dev.siyu.event;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.siyu.customer.Order;
import dev.siyu.system.InvalidInputException;

/**
 * Reads the order a {@code Purchased} event carries, saying exactly which field is wrong.
 */
final class Purchases {

	private Purchases() {
	}

	static Order order(CustomerEvent event) {
		Map<String, Object> properties = event.properties();
		String orderId = text(properties.get("orderId"), "properties.orderId");
		BigDecimal amount = amount(properties.get("amount"), "properties.amount");
		if (!(properties.get("items") instanceof List<?> rawItems) || rawItems.isEmpty()) {
			throw new InvalidInputException(
					"'properties.items' is required for Purchased: a non-empty list of {sku, quantity, price}");
		}
		List<Order.Item> items = new ArrayList<>();
		for (int i = 0; i < rawItems.size(); i++) {
			String at = "properties.items[" + i + "]";
			if (!(rawItems.get(i) instanceof Map<?, ?> item)) {
				throw new InvalidInputException("'" + at + "' must be an object {sku, quantity, price}");
			}
			items.add(new Order.Item(text(item.get("sku"), at + ".sku"),
					quantity(item.get("quantity"), at + ".quantity"), amount(item.get("price"), at + ".price")));
		}
		BigDecimal coupon = (properties.get("couponValue") != null)
				? amount(properties.get("couponValue"), "properties.couponValue") : null;
		return new Order(orderId, event.customerId(), amount, event.occurredAt(), coupon, items);
	}

	private static String text(Object value, String field) {
		if (value instanceof String text && !text.isBlank() && text.length() <= 100) {
			return text;
		}
		throw new InvalidInputException("'" + field + "' is required for Purchased: a string of 1 to 100 characters");
	}

	private static BigDecimal amount(Object value, String field) {
		if (value instanceof Number number) {
			BigDecimal amount = new BigDecimal(number.toString());
			if (amount.signum() >= 0 && amount.scale() <= 2) {
				return amount;
			}
		}
		throw new InvalidInputException(
				"'" + field + "' is required for Purchased: an amount in yuan, zero or more, at most 2 decimals");
	}

	private static int quantity(Object value, String field) {
		if (value instanceof Integer quantity && quantity > 0) {
			return quantity;
		}
		throw new InvalidInputException("'" + field + "' is required for Purchased: a whole number above 0");
	}

}
