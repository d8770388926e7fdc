package dev.siyu.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads customers' facts a page at a time for bulk layering: four queries a page,
 * whatever its size, instead of four a customer.
 */
@Component
class CustomerFactsPages {

	private final JdbcClient jdbc;

	private final ObjectMapper json;

	CustomerFactsPages(JdbcClient jdbc, ObjectMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * The page of customers whose ids follow {@code afterId} (or the first page), in id
	 * order.
	 */
	List<CustomerFacts> page(String afterId, int size, Instant now) {
		Map<String, CustomerFacts.Builder> builders = new LinkedHashMap<>();
		this.jdbc.sql("""
				select id, followed_official_account, wecom_friend, created_at from customer
				where id > :after order by id fetch first %d rows only""".formatted(size))
			.param("after", (afterId != null) ? afterId : "")
			.query((rs) -> {
				builders.put(rs.getString("id"),
						CustomerFacts.builder(rs.getString("id"), now)
							.follows(rs.getBoolean("followed_official_account"))
							.wecomFriend(rs.getBoolean("wecom_friend"))
							.joined(rs.getObject("created_at", OffsetDateTime.class).toInstant()));
			});
		if (builders.isEmpty()) {
			return List.of();
		}
		List<String> ids = List.copyOf(builders.keySet());
		Map<String, Set<String>> tags = new HashMap<>();
		this.jdbc.sql("select customer_id, tag from customer_tag where customer_id in (:ids)")
			.param("ids", ids)
			.query((rs) -> {
				tags.computeIfAbsent(rs.getString("customer_id"), (id) -> new HashSet<>()).add(rs.getString("tag"));
			});
		tags.forEach((id, customerTags) -> builders.get(id).tags(customerTags));
		Map<String, Set<String>> honours = new HashMap<>();
		this.jdbc.sql("select customer_id, honour from customer_honour where customer_id in (:ids)")
			.param("ids", ids)
			.query((rs) -> {
				honours.computeIfAbsent(rs.getString("customer_id"), (id) -> new HashSet<>())
					.add(rs.getString("honour"));
			});
		honours.forEach((id, held) -> builders.get(id).honours(held));
		readOrders(ids, builders);
		readActivity(ids, builders, now);
		List<CustomerFacts> facts = new ArrayList<>(builders.size());
		builders.values().forEach((builder) -> facts.add(builder.build()));
		return facts;
	}

	private void readOrders(List<String> ids, Map<String, CustomerFacts.Builder> builders) {
		Map<String, OrderRow> orders = new LinkedHashMap<>();
		this.jdbc.sql("""
				select o.id, o.customer_id, o.amount, o.ordered_at, i.sku
				from customer_order o left join order_item i on i.order_id = o.id
				where o.customer_id in (:ids)""").param("ids", ids).query((rs) -> {
			String customerId = rs.getString("customer_id");
			BigDecimal amount = rs.getBigDecimal("amount");
			Instant at = rs.getObject("ordered_at", OffsetDateTime.class).toInstant();
			OrderRow order = orders.computeIfAbsent(rs.getString("id"),
					(id) -> new OrderRow(customerId, amount, at, new HashSet<>()));
			String sku = rs.getString("sku");
			if (sku != null) {
				order.skus().add(sku);
			}
		});
		orders.values()
			.forEach((order) -> builders.get(order.customerId()).order(order.at(), order.amount(), order.skus()));
	}

	private void readActivity(List<String> ids, Map<String, CustomerFacts.Builder> builders, Instant now) {
		this.jdbc
			.sql("""
					select customer_id, type, occurred_at, properties from customer_event
					where customer_id in (:ids) and occurred_at >= :since
					  and type in ('LoggedIn', 'MessageReplied', 'QuestionnaireAnswered', 'GroupJoined', 'ActivityJoined')""")
			.param("ids", ids)
			.param("since", SiyuClock.utc(now.minus(CustomerFactsLoader.ACTIVITY_HORIZON)))
			.query((rs) -> {
				CustomerFacts.Builder builder = builders.get(rs.getString("customer_id"));
				Instant at = rs.getObject("occurred_at", OffsetDateTime.class).toInstant();
				switch (rs.getString("type")) {
					case "LoggedIn" -> builder.login(at);
					case "ActivityJoined" -> builder.activity(at);
					case "MessageReplied" -> {
						JsonNode reply = readJson(rs.getString("properties"));
						builder.reply(at, reply.hasNonNull("topicId") ? reply.get("topicId").asText() : null,
								reply.path("length").asInt(0));
					}
					default -> builder.interaction(at);
				}
			});
	}

	private JsonNode readJson(String properties) {
		try {
			return this.json.readTree(properties);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored event properties are not JSON", ex);
		}
	}

	private record OrderRow(String customerId, BigDecimal amount, Instant at, Set<String> skus) {
	}

}
