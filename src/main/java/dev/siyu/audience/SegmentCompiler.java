package dev.siyu.audience;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.event.EventStore;
import dev.siyu.event.EventType;
import dev.siyu.messaging.GuardrailProperties;
import dev.siyu.system.SiyuClock;
import org.springframework.stereotype.Component;

/**
 * Turns a segment definition (JSON) into one SQL condition on {@code customer c}, so an
 * audience of a million is counted and frozen by the database, never loaded customer by
 * customer. Every part compiles to a condition that is true or false, never unknown, so
 * {@code not} and {@code minus} take exactly the complement. Relative times ("within 30
 * days") are fixed to instants here, so H2 and PostgreSQL see the same plain SQL. The
 * grammar is in the README ("Segments"); anything unknown is refused with its place in
 * the definition.
 */
@Component
class SegmentCompiler {

	/** A definition as SQL: {@code where} is a condition on the alias {@code c}. */
	record Compiled(String where, Map<String, Object> params) {
	}

	enum FieldType {

		TEXT, BOOLEAN, TIME

	}

	record Field(String column, FieldType type) {
	}

	static final Map<String, Field> FIELDS = fields();

	static final List<String> CHANNELS = List.of("sms", "wechat-oa", "wecom", "email");

	private static final Map<FieldType, Set<String>> OPERATORS = Map.of(FieldType.TEXT,
			Set.of("eq", "ne", "in", "notIn", "contains", "startsWith", "isSet", "isNotSet"), FieldType.BOOLEAN,
			Set.of("eq", "ne", "isSet", "isNotSet"), FieldType.TIME,
			Set.of("before", "after", "withinDays", "olderThanDays", "isSet", "isNotSet"));

	private static final List<String> KINDS = List.of("and", "or", "not", "intersect", "union", "minus", "segment",
			"field", "tag", "layer", "reachable", "event", "noEvent", "bought", "spent", "orders", "lastOrder");

	private final SegmentStore segments;

	private final SiyuClock clock;

	private final GuardrailProperties guardrails;

	private final AudienceProperties properties;

	SegmentCompiler(SegmentStore segments, SiyuClock clock, GuardrailProperties guardrails,
			AudienceProperties properties) {
		this.segments = segments;
		this.clock = clock;
		this.guardrails = guardrails;
		this.properties = properties;
	}

	Compiled compile(JsonNode definition) {
		return compile(definition, null);
	}

	/**
	 * Compiles the definition about to be saved under {@code savingKey}, which it must
	 * not refer to.
	 */
	Compiled compile(JsonNode definition, String savingKey) {
		Context context = new Context(this.clock.now());
		if (savingKey != null) {
			context.referenced.push(savingKey);
		}
		String where = context.condition(definition, "definition");
		return new Compiled(where, context.params);
	}

	/**
	 * The condition that the channel reaches a customer for marketing: she has its
	 * address, did not unsubscribe from it, and did not refuse marketing (or said yes,
	 * where consent is required), as the guardrails check at send time.
	 */
	String reachable(String channel) {
		return "(" + addressAndConsent(channel) + " and not exists (select 1 from channel_opt_out o"
				+ " where o.customer_id = c.id and o.channel = '" + channel + "'))";
	}

	/**
	 * The same for a count over many customers: her opt-outs come from {@link #OPT_OUTS},
	 * joined once as {@code x}, not looked up per customer and channel.
	 */
	String reachableJoined(String channel) {
		return "(" + addressAndConsent(channel) + " and coalesce(x." + optOutColumn(channel) + ", 0) = 0)";
	}

	/** Each customer's opt-outs, a row per customer with a 0/1 column per channel. */
	static final String OPT_OUTS = "(select customer_id" + CHANNELS.stream()
		.map((channel) -> ", max(case when channel = '" + channel + "' then 1 else 0 end) as " + optOutColumn(channel))
		.collect(Collectors.joining()) + " from channel_opt_out group by customer_id)";

	private static String optOutColumn(String channel) {
		return "opted_out_" + channel.replace('-', '_');
	}

	private String addressAndConsent(String channel) {
		String consent = this.guardrails.consentRequired() ? "coalesce(c.marketing_consent, false) = true"
				: "(c.marketing_consent is null or c.marketing_consent = true)";
		String address = switch (channel) {
			case "sms" -> "c.phone is not null and c.phone <> ''";
			case "wechat-oa" -> "c.followed_official_account = true and c.wechat_open_id is not null";
			case "wecom" -> "c.wecom_friend = true and c.wecom_external_user_id is not null";
			case "email" -> "c.email is not null and c.email <> ''";
			default -> throw new IllegalArgumentException(channel);
		};
		return address + " and " + consent;
	}

	private final class Context {

		private final Instant now;

		private final Map<String, Object> params = new HashMap<>();

		private final Deque<String> referenced = new ArrayDeque<>();

		Context(Instant now) {
			this.now = now;
		}

		String condition(JsonNode node, String path) {
			if (node == null || !node.isObject() || node.size() != 1) {
				throw invalid(path, "each condition is an object with one key, one of " + KINDS);
			}
			String kind = node.fieldNames().next();
			JsonNode body = node.get(kind);
			String at = path + "." + kind;
			return switch (kind) {
				case "and", "intersect" -> combine(body, at, " and ", "intersect".equals(kind));
				case "or", "union" -> combine(body, at, " or ", "union".equals(kind));
				case "minus" -> minus(body, at);
				case "not" -> "not (" + condition(body, at) + ")";
				case "segment" -> reference(body, at);
				case "field" -> field(body, at);
				case "tag" -> among("select t.customer_id from customer_tag t where t.tag = " + param(text(body, at)));
				case "layer" -> layer(body, at);
				case "reachable" -> reachableChannel(body, at);
				case "event" -> event(body, at, false);
				case "noEvent" -> event(body, at, true);
				case "bought" -> bought(body, at);
				case "spent" -> spent(body, at);
				case "orders" -> orders(body, at);
				case "lastOrder" -> lastOrder(body, at);
				default -> throw invalid(path, "unknown condition '" + kind + "'; use one of " + KINDS);
			};
		}

		/**
		 * {@code and}/{@code or} take conditions; {@code intersect}/{@code union} take
		 * saved segments' keys (or conditions).
		 */
		private String combine(JsonNode items, String path, String joiner, boolean ofSegments) {
			List<String> parts = operands(items, path, ofSegments, 1);
			return "(" + String.join(joiner, parts) + ")";
		}

		private String minus(JsonNode items, String path) {
			List<String> parts = operands(items, path, true, 2);
			return "(" + parts.get(0)
					+ parts.subList(1, parts.size())
						.stream()
						.map((part) -> " and not " + part)
						.collect(Collectors.joining())
					+ ")";
		}

		private List<String> operands(JsonNode items, String path, boolean keysAllowed, int atLeast) {
			if (items == null || !items.isArray() || items.size() < atLeast) {
				throw invalid(path, "needs a list of at least " + atLeast
						+ (keysAllowed ? " segment keys or conditions" : " conditions"));
			}
			List<String> parts = new ArrayList<>();
			for (int i = 0; i < items.size(); i++) {
				JsonNode item = items.get(i);
				String at = path + "[" + i + "]";
				parts.add((keysAllowed && item.isTextual()) ? reference(item, at) : condition(item, at));
			}
			return parts;
		}

		private String reference(JsonNode key, String path) {
			String name = text(key, path);
			if (this.referenced.contains(name)) {
				throw invalid(path, "segment '" + name + "' refers to itself through " + this.referenced);
			}
			JsonNode definition = SegmentCompiler.this.segments.latest(name)
				.orElseThrow(() -> invalid(path, "no saved segment '" + name + "'"))
				.definition();
			this.referenced.push(name);
			try {
				return "(" + condition(definition, "segment '" + name + "'") + ")";
			}
			finally {
				this.referenced.pop();
			}
		}

		private String field(JsonNode body, String path) {
			String name = text(body.get("name"), path + ".name");
			Field field = FIELDS.get(name);
			if (field == null) {
				throw invalid(path + ".name", "unknown field '" + name + "'; known fields: " + FIELDS.keySet());
			}
			String op = text(body.get("op"), path + ".op");
			if (!OPERATORS.get(field.type()).contains(op)) {
				throw invalid(path + ".op", "unknown operator '" + op + "' for the " + field.type().name().toLowerCase()
						+ " field '" + name + "'; use one of " + OPERATORS.get(field.type()));
			}
			String column = "c." + field.column();
			JsonNode value = body.get("value");
			String at = path + ".value";
			return switch (op) {
				case "isSet" -> (field.type() == FieldType.TEXT)
						? "(" + column + " is not null and " + column + " <> '')" : "(" + column + " is not null)";
				case "isNotSet" -> (field.type() == FieldType.TEXT) ? "(" + column + " is null or " + column + " = '')"
						: "(" + column + " is null)";
				case "eq" -> known(column + " = " + value(field, value, at));
				case "ne" -> "not " + known(column + " = " + value(field, value, at));
				case "in" -> known(column + " in (" + param(texts(value, at)) + ")");
				case "notIn" -> "not " + known(column + " in (" + param(texts(value, at)) + ")");
				case "contains" -> known(column + " like " + param("%" + like(text(value, at)) + "%") + " escape '!'");
				case "startsWith" -> known(column + " like " + param(like(text(value, at)) + "%") + " escape '!'");
				case "before" -> known(column + " < " + param(time(value, at)));
				case "after" -> known(column + " >= " + param(time(value, at)));
				case "withinDays" -> known(column + " >= " + param(daysAgo(value, at)));
				case "olderThanDays" -> known(column + " < " + param(daysAgo(value, at)));
				default -> throw new IllegalStateException(op);
			};
		}

		private String value(Field field, JsonNode value, String path) {
			if (field.type() == FieldType.BOOLEAN) {
				if (value == null || !value.isBoolean()) {
					throw invalid(path, "needs true or false");
				}
				return param(value.booleanValue());
			}
			return param(text(value, path));
		}

		private String layer(JsonNode body, String path) {
			allowed(body, path, Set.of("ruleSet", "in"));
			String ruleSet = text(body.get("ruleSet"), path + ".ruleSet");
			String values = body.has("in")
					? " and l.layer_value in (" + param(texts(body.get("in"), path + ".in")) + ")" : "";
			return among("select l.customer_id from customer_layer l where l.rule_set = " + param(ruleSet) + values);
		}

		private String reachableChannel(JsonNode body, String path) {
			String channel = text(body, path);
			if (!CHANNELS.contains(channel)) {
				throw invalid(path, "unknown channel '" + channel + "'; use one of " + CHANNELS);
			}
			return reachable(channel);
		}

		private String event(JsonNode body, String path, boolean none) {
			allowed(body, path, none ? Set.of("type", "withinDays") : Set.of("type", "atLeast", "withinDays"));
			String type = text(body.get("type"), path + ".type");
			if (Arrays.stream(EventType.values()).noneMatch((known) -> known.name().equals(type))) {
				throw invalid(path + ".type",
						"unknown event type '" + type + "'; use one of " + Arrays.toString(EventType.values()));
			}
			int atLeast = body.has("atLeast") ? count(body.get("atLeast"), path + ".atLeast") : 1;
			if (atLeast < 1) {
				throw invalid(path + ".atLeast", "needs 1 or more (for none, use noEvent)");
			}
			String since = body.has("withinDays") ? param(daysAgo(body.get("withinDays"), path + ".withinDays")) : null;
			String events;
			if (atLeast <= EventStore.RECENT_KEPT) {
				// at least N (within D days): her N-th latest of the type is (within
				// them)
				events = "select r.customer_id from customer_event_recent r where r.type = " + param(type)
						+ " and r.recency = " + param(atLeast)
						+ ((since != null) ? " and r.occurred_at >= " + since : "");
			}
			else {
				events = "select e.customer_id from customer_event e where e.type = " + param(type)
						+ ((since != null) ? " and e.occurred_at >= " + since : "")
						+ " group by e.customer_id having count(*) >= " + param(atLeast);
			}
			return (none ? "not " : "") + among(events);
		}

		private String bought(JsonNode body, String path) {
			allowed(body, path, Set.of("sku", "skus", "withinDays"));
			List<String> skus = body.has("skus") ? texts(body.get("skus"), path + ".skus")
					: List.of(text(body.get("sku"), path + ".sku"));
			// she bought it within D days if her last purchase of it was
			return among("select p.customer_id from customer_product p where p.sku in (" + param(skus) + ")"
					+ since(body, path, "p.last_bought_at"));
		}

		private String spent(JsonNode body, String path) {
			allowed(body, path, Set.of("moreThan", "atLeast", "lessThan", "withinDays"));
			// all time: her summed-up spend; within a window: her orders in it, summed
			boolean window = body.has("withinDays");
			String spend = window ? "sum(o.amount)" : "p.spent";
			String total = window
					? "select o.customer_id from customer_order o where 1 = 1" + since(body, path, "o.ordered_at")
							+ " group by o.customer_id having "
					: "select p.customer_id from customer_purchase p where ";
			List<String> bounds = new ArrayList<>();
			bound(body, path, "moreThan", spend + " > ", bounds);
			bound(body, path, "atLeast", spend + " >= ", bounds);
			if (body.has("lessThan")) {
				// less than X includes those who spent nothing: all but those who spent X
				// or more
				String under = "not "
						+ among(total + spend + " >= " + param(number(body.get("lessThan"), path + ".lessThan")));
				return bounds.isEmpty() ? under
						: "(" + under + " and " + among(total + String.join(" and ", bounds)) + ")";
			}
			if (bounds.isEmpty()) {
				throw invalid(path, "needs moreThan, atLeast or lessThan");
			}
			return among(total + String.join(" and ", bounds));
		}

		private void bound(JsonNode body, String path, String name, String comparison, List<String> bounds) {
			if (body.has(name)) {
				bounds.add(comparison + param(number(body.get(name), path + "." + name)));
			}
		}

		private String orders(JsonNode body, String path) {
			allowed(body, path, Set.of("atLeast", "atMost", "withinDays"));
			if (!body.has("atLeast") && !body.has("atMost")) {
				throw invalid(path, "needs atLeast or atMost");
			}
			// all time: her summed-up order count; within a window: her orders in it,
			// counted ("at least one" and "none" need no counting: a semi- or anti-join)
			String window = since(body, path, "o.ordered_at");
			String counted = window.isEmpty() ? "select p.customer_id from customer_purchase p where p.orders "
					: "select o.customer_id from customer_order o where 1 = 1" + window
							+ " group by o.customer_id having count(*) ";
			String any = window.isEmpty() ? "select p.customer_id from customer_purchase p"
					: "select o.customer_id from customer_order o where 1 = 1" + window;
			List<String> parts = new ArrayList<>();
			if (body.has("atLeast")) {
				int atLeast = count(body.get("atLeast"), path + ".atLeast");
				if (atLeast == 1) {
					parts.add(among(any));
				}
				else if (atLeast > 1) {
					parts.add(among(counted + ">= " + param(atLeast)));
				}
			}
			if (body.has("atMost")) {
				// at most N includes those with no orders at all
				int atMost = count(body.get("atMost"), path + ".atMost");
				parts.add("not " + ((atMost == 0) ? among(any) : among(counted + "> " + param(atMost))));
			}
			return parts.isEmpty() ? "1 = 1" : "(" + String.join(" and ", parts) + ")";
		}

		private String lastOrder(JsonNode body, String path) {
			allowed(body, path, Set.of("before", "after", "withinDays", "olderThanDays"));
			if (body.size() != 1) {
				throw invalid(path, "needs exactly one of before, after, withinDays, olderThanDays");
			}
			String name = body.fieldNames().next();
			JsonNode value = body.get(name);
			String at = path + "." + name;
			String condition = switch (name) {
				case "before" -> "p.last_order_at < " + param(time(value, at));
				case "after" -> "p.last_order_at >= " + param(time(value, at));
				case "withinDays" -> "p.last_order_at >= " + param(daysAgo(value, at));
				default -> "p.last_order_at < " + param(daysAgo(value, at));
			};
			return among("select p.customer_id from customer_purchase p where " + condition);
		}

		private String since(JsonNode body, String path, String column) {
			return body.has("withinDays")
					? " and " + column + " >= " + param(daysAgo(body.get("withinDays"), path + ".withinDays")) : "";
		}

		private void allowed(JsonNode body, String path, Set<String> names) {
			if (body == null || !body.isObject()) {
				throw invalid(path, "needs an object with " + names);
			}
			for (Iterator<String> it = body.fieldNames(); it.hasNext();) {
				String name = it.next();
				if (!names.contains(name)) {
					throw invalid(path + "." + name, "unknown property '" + name + "'; use " + names);
				}
			}
		}

		private String param(Object value) {
			String name = "p" + (this.params.size() + 1);
			this.params.put(name, value);
			return ":" + name;
		}

		private OffsetDateTime daysAgo(JsonNode value, String path) {
			int days = count(value, path);
			if (days > 36_500) {
				throw invalid(path, "at most 36500 days (a hundred years)");
			}
			return SiyuClock.utc(this.now.minus(java.time.Duration.ofDays(days)));
		}

		private OffsetDateTime time(JsonNode value, String path) {
			String text = text(value, path);
			try {
				return (text.length() == 10) ? SiyuClock.utc(LocalDate.parse(text).atStartOfDay(zone()).toInstant())
						: OffsetDateTime.parse(text);
			}
			catch (DateTimeParseException ex) {
				throw invalid(path, "'" + text + "' is not a date (2026-06-01) or a time with offset"
						+ " (2026-06-01T20:00:00+08:00)");
			}
		}

		private ZoneId zone() {
			return ZoneId.of(SegmentCompiler.this.properties.timeZone());
		}

	}

	/**
	 * The customer is one of those the query selects (as {@code customer_id}). Written as
	 * {@code exists}, not {@code in}: PostgreSQL turns {@code not exists} into an
	 * anti-join, while {@code not in} over a large set (600,000 buyers) falls back to a
	 * scan of the set per customer when it does not fit in memory (measured: minutes).
	 */
	private static String among(String customers) {
		return "exists (select 1 from (" + customers + ") s where s.customer_id = c.id)";
	}

	/** The condition is true or false, never unknown (a null column makes it false). */
	private static String known(String condition) {
		return "coalesce(" + condition + ", false)";
	}

	private static String like(String text) {
		return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
	}

	private static String text(JsonNode value, String path) {
		if (value == null || !value.isTextual() || value.textValue().isBlank()) {
			throw invalid(path, "needs a text");
		}
		return value.textValue();
	}

	private static List<String> texts(JsonNode value, String path) {
		if (value == null || !value.isArray() || value.isEmpty()) {
			throw invalid(path, "needs a list of texts");
		}
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < value.size(); i++) {
			texts.add(text(value.get(i), path + "[" + i + "]"));
		}
		return texts;
	}

	private static int count(JsonNode value, String path) {
		if (value == null || !value.canConvertToInt() || !value.isIntegralNumber() || value.intValue() < 0) {
			throw invalid(path, "needs a whole number of 0 or more");
		}
		return value.intValue();
	}

	private static BigDecimal number(JsonNode value, String path) {
		if (value == null || !value.isNumber()) {
			throw invalid(path, "needs a number");
		}
		return value.decimalValue();
	}

	static InvalidSegmentException invalid(String path, String message) {
		return new InvalidSegmentException(path + ": " + message);
	}

	private static Map<String, Field> fields() {
		Map<String, Field> fields = new LinkedHashMap<>();
		fields.put("id", new Field("id", FieldType.TEXT));
		fields.put("name", new Field("name", FieldType.TEXT));
		fields.put("phone", new Field("phone", FieldType.TEXT));
		fields.put("email", new Field("email", FieldType.TEXT));
		fields.put("city", new Field("city", FieldType.TEXT));
		fields.put("source", new Field("source", FieldType.TEXT));
		fields.put("timeZone", new Field("time_zone", FieldType.TEXT));
		fields.put("marketingConsent", new Field("marketing_consent", FieldType.BOOLEAN));
		fields.put("followedOfficialAccount", new Field("followed_official_account", FieldType.BOOLEAN));
		fields.put("wecomFriend", new Field("wecom_friend", FieldType.BOOLEAN));
		fields.put("createdAt", new Field("created_at", FieldType.TIME));
		return java.util.Collections.unmodifiableMap(fields);
	}

}
