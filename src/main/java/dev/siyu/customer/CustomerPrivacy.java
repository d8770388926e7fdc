package dev.siyu.customer;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.system.NotFoundException;
import dev.siyu.system.SiyuClock;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A customer's rights under PIPL (个人信息保护法): a copy of everything Siyu holds of her, and
 * its erasure. Erasure deletes, in one transaction, her journeys (running ones ended
 * without their listeners, then their whole history with every variable and step), her
 * events, orders, messages (with their rendered bodies), tags, layers, consents,
 * enrolments, launch memberships and summaries, and her profile. Where other customers'
 * records name her (she invited them: their events and journeys hold her id as the
 * inviter), listeners of {@link CustomerErasing} take her out in the same transaction.
 * What is left are counts that name no one: a launch's totals, a layering run's size.
 * Nothing of her, not even her id, goes to the log.
 */
@Service
public class CustomerPrivacy {

	private static final Logger log = LoggerFactory.getLogger(CustomerPrivacy.class);

	/**
	 * Her rows, table by table, in an order that deletes what refers to a row before the
	 * row: the condition selects hers.
	 */
	static final List<Map.Entry<String, String>> TABLES = List.of(Map.entry("event_buffer", "customer_id = :id"),
			Map.entry("referral", "invitee_id = :id or inviter_id = :id"),
			Map.entry("referral_code", "customer_id = :id"), Map.entry("reward", "customer_id = :id"),
			Map.entry("referral_contest_winner", "customer_id = :id"), Map.entry("points_entry", "customer_id = :id"),
			Map.entry("customer_honour", "customer_id = :id"), Map.entry("group_message", "customer_id = :id"),
			Map.entry("group_member", "customer_id = :id"), Map.entry("group_sign_up", "customer_id = :id"),
			Map.entry("event_inbox", "customer_id = :id"),
			Map.entry("order_item", "order_id in (select o.id from customer_order o where o.customer_id = :id)"),
			Map.entry("customer_product", "customer_id = :id"), Map.entry("customer_purchase", "customer_id = :id"),
			Map.entry("customer_order", "customer_id = :id"), Map.entry("customer_event_recent", "customer_id = :id"),
			Map.entry("customer_event", "customer_id = :id"), Map.entry("customer_tag", "customer_id = :id"),
			Map.entry("customer_layer", "customer_id = :id"), Map.entry("channel_opt_out", "customer_id = :id"),
			Map.entry("message", "customer_id = :id"), Map.entry("enrolment", "customer_id = :id"),
			Map.entry("launch_member", "customer_id = :id"), Map.entry("customer", "id = :id"));

	private final JdbcClient jdbc;

	private final RuntimeService runtime;

	private final HistoryService history;

	private final ObjectMapper json;

	private final SiyuClock clock;

	private final ApplicationEventPublisher publisher;

	CustomerPrivacy(JdbcClient jdbc, RuntimeService runtime, HistoryService history, ObjectMapper json, SiyuClock clock,
			ApplicationEventPublisher publisher) {
		this.clock = clock;
		this.publisher = publisher;
		this.jdbc = jdbc;
		this.runtime = runtime;
		this.history = history;
		this.json = json;
	}

	/** What was erased: rows per table and journeys, none of it naming her. */
	public record Erasure(Map<String, Integer> rows, int journeys, OffsetDateTime erasedAt) {
	}

	@Transactional
	public Erasure erase(String customerId) {
		// intake and launches take her lock first too: none of them writes her while
		// she is erased
		this.jdbc.sql("select id from customer where id = :id for update").param("id", customerId).query().listOfRows();
		// her messages next, in the dispatcher's order (a message, then its journey): the
		// erasure tells other customers' journeys waiting for them later, and the other
		// order could deadlock with a sweep
		this.jdbc.sql("select id from message where customer_id = :id order by id for update")
			.param("id", customerId)
			.query()
			.listOfRows();
		List<String> running = this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(customerId)
			.list()
			.stream()
			.map(ProcessInstance::getId)
			.toList();
		if (!running.isEmpty()) {
			this.runtime.deleteProcessInstances(running, "the customer's data was erased on her request", true, true);
		}
		List<String> journeys = this.history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(customerId)
			.list()
			.stream()
			.map(HistoricProcessInstance::getId)
			.toList();
		if (!journeys.isEmpty()) {
			this.history.deleteHistoricProcessInstances(journeys);
		}
		this.publisher.publishEvent(new CustomerErasing(customerId));
		Map<String, Integer> rows = new LinkedHashMap<>();
		for (Map.Entry<String, String> table : TABLES) {
			rows.put(table.getKey(),
					this.jdbc.sql("delete from " + table.getKey() + " where " + table.getValue())
						.param("id", customerId)
						.update());
		}
		// a launch that stopped at her goes on from the start: the members it took
		// have their outcome and are not taken twice
		this.jdbc.sql("update launch set last_customer_id = null where last_customer_id = :id")
			.param("id", customerId)
			.update();
		int total = rows.values().stream().mapToInt(Integer::intValue).sum();
		if (total == 0 && journeys.isEmpty()) {
			throw new NotFoundException("Siyu holds nothing of a customer with id '" + customerId + "'");
		}
		log.info("A customer's data was erased on request: {} rows, {} journeys", total, journeys.size());
		return new Erasure(rows, journeys.size(), this.clock.nowUtc());
	}

	/** Everything Siyu holds of her, as she may ask for it. */
	@Transactional(readOnly = true)
	public Map<String, Object> export(String customerId) {
		Map<String, Object> export = new LinkedHashMap<>();
		export.put("customerId", customerId);
		export.put("exportedAt", this.clock.now().toString());
		List<Map<String, Object>> profile = rows("select * from customer where id = :id", customerId);
		if (profile.isEmpty()) {
			throw new NotFoundException("No customer with id '" + customerId + "'");
		}
		export.put("profile", profile.get(0));
		export.put("tags", rows("select tag from customer_tag where customer_id = :id order by tag", customerId));
		export.put("layers", rows("""
				select rule_set, layer_value, computed_at from customer_layer where customer_id = :id
				order by rule_set""", customerId));
		export.put("optOuts", rows("""
				select channel, opted_out_at, source from channel_opt_out where customer_id = :id
				order by channel""", customerId));
		List<Map<String, Object>> events = rows("""
				select event_id, type, occurred_at, received_at, properties from customer_event
				where customer_id = :id order by occurred_at, event_id""", customerId);
		events.forEach((event) -> event.put("properties", parsed((String) event.get("properties"))));
		export.put("events", events);
		List<Map<String, Object>> orders = rows("""
				select id, amount, ordered_at, coupon_value from customer_order where customer_id = :id
				order by ordered_at, id""", customerId);
		for (Map<String, Object> order : orders) {
			order.put("items",
					this.jdbc
						.sql("select sku, quantity, price from order_item where order_id = :order order by line_no")
						.param("order", order.get("id"))
						.query()
						.listOfRows()
						.stream()
						.map(CustomerPrivacy::plain)
						.toList());
		}
		export.put("orders", orders);
		export.put("messages", rows("""
				select channel, template, category, status, body, created_at, sent_at from message
				where customer_id = :id order by created_at, id""", customerId));
		export.put("inviteCode",
				rows("select code, created_at from referral_code where customer_id = :id", customerId));
		// invitations she made or came in by; the other side is named by its customer id
		// alone
		export.put("referrals", rows("""
				select invitee_id, inviter_id, via, occurred_at, decision from referral
				where invitee_id = :id or inviter_id = :id order by occurred_at, id""", customerId));
		export.put("points", rows("""
				select points, reason, occurred_at from points_entry where customer_id = :id order by id""",
				customerId));
		export.put("honours", rows(
				"select honour, awarded_at from customer_honour where customer_id = :id order by honour", customerId));
		export.put("groupPosts", rows("""
				select group_id, posted_at, ad from group_message where customer_id = :id order by posted_at, id""",
				customerId));
		export.put("groups", rows("""
				select group_id, joined_at, left_at from group_member where customer_id = :id order by joined_at""",
				customerId));
		export.put("groupSignUps", rows("""
				select group_id, solitaire_id, content, signed_up_at from group_sign_up where customer_id = :id
				order by signed_up_at, id""", customerId));
		export.put("rewards", rows("""
				select offer, code, issued_at from reward where customer_id = :id order by issued_at, id""",
				customerId));
		List<Map<String, Object>> journeys = new ArrayList<>();
		for (HistoricProcessInstance instance : this.history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(customerId)
			.orderByProcessInstanceStartTime()
			.asc()
			.list()) {
			Map<String, Object> journey = new LinkedHashMap<>();
			journey.put("journey", instance.getProcessDefinitionKey());
			journey.put("version", instance.getProcessDefinitionVersion());
			journey.put("startedAt", instance.getStartTime().toInstant().toString());
			journey.put("endedAt",
					(instance.getEndTime() != null) ? instance.getEndTime().toInstant().toString() : null);
			journey.put("state", instance.getState());
			Map<String, Object> variables = new LinkedHashMap<>();
			this.history.createHistoricVariableInstanceQuery()
				.processInstanceId(instance.getId())
				.orderByVariableName()
				.asc()
				.list()
				.forEach((variable) -> variables.put(variable.getName(), String.valueOf(variable.getValue())));
			journey.put("variables", variables);
			journeys.add(journey);
		}
		export.put("journeys", journeys);
		return export;
	}

	private List<Map<String, Object>> rows(String sql, String customerId) {
		return this.jdbc.sql(sql)
			.param("id", customerId)
			.query()
			.listOfRows()
			.stream()
			.map(CustomerPrivacy::plain)
			.collect(java.util.stream.Collectors.toCollection(ArrayList::new));
	}

	/** Column names in lower case (H2 gives them upper), times as ISO instants. */
	private static Map<String, Object> plain(Map<String, Object> row) {
		Map<String, Object> plain = new LinkedHashMap<>();
		row.forEach((column, value) -> {
			Object shown = value;
			if (value instanceof Timestamp timestamp) {
				shown = timestamp.toInstant().toString();
			}
			else if (value instanceof OffsetDateTime time) {
				shown = time.toInstant().toString();
			}
			plain.put(column.toLowerCase(Locale.ROOT), shown);
		});
		return plain;
	}

	private Object parsed(String properties) {
		try {
			return (properties != null) ? this.json.readTree(properties) : null;
		}
		catch (JsonProcessingException ex) {
			return properties;
		}
	}

}
