package dev.siyu.customer;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

public record Order(String id, String customerId, BigDecimal amount, OffsetDateTime orderedAt, List<Item> items) {

	public record Item(String sku, int quantity, BigDecimal price) {
	}

}
