package dev.siyu.rules;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.siyu.customer.Customer;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.Order;
import dev.siyu.customer.OrderRepository;
import dev.siyu.event.EventStore;
import dev.siyu.event.EventType;
import dev.siyu.system.SiyuClock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads one customer's current data into the facts rules see. */
@Component
public class CustomerFactsLoader {

	/**
	 * How far back logins and interactions are read: a year and a quarter covers every
	 * window rules use.
	 */
	static final Duration ACTIVITY_HORIZON = Duration.ofDays(455);

	private static final Set<EventType> ACTIVITY = Set.of(EventType.LoggedIn, EventType.MessageReplied,
			EventType.QuestionnaireAnswered, EventType.GroupJoined, EventType.ActivityJoined);

	private final CustomerRepository customers;

	private final OrderRepository orders;

	private final EventStore events;

	private final SiyuClock clock;

	private final JdbcClient jdbc;

	CustomerFactsLoader(CustomerRepository customers, OrderRepository orders, EventStore events, SiyuClock clock,
			JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.customers = customers;
		this.orders = orders;
		this.events = events;
		this.clock = clock;
	}

	public Subject load(String customerId) {
		Customer customer = this.customers.require(customerId);
		Instant now = this.clock.now();
		CustomerFacts.Builder facts = CustomerFacts.builder(customerId, now)
			.joined(customer.createdAt().toInstant())
			.follows(customer.followedOfficialAccount())
			.wecomFriend(customer.wecomFriend())
			.tags(customer.tags())
			.honours(Set.copyOf(this.jdbc.sql("select honour from customer_honour where customer_id = :id")
				.param("id", customerId)
				.query(String.class)
				.list()));
		for (Order order : this.orders.findByCustomer(customerId)) {
			facts.order(order.orderedAt().toInstant(), order.amount(),
					order.items().stream().map(Order.Item::sku).collect(java.util.stream.Collectors.toSet()));
		}
		List<Answer> answers = new ArrayList<>();
		for (EventStore.StoredEvent event : this.events.since(customerId, ACTIVITY, now.minus(ACTIVITY_HORIZON))) {
			switch (event.type()) {
				case LoggedIn -> facts.login(event.occurredAt());
				case ActivityJoined -> facts.activity(event.occurredAt());
				case MessageReplied -> facts.reply(event.occurredAt(), text(event.properties().get("topicId")),
						number(event.properties().get("length")));
				case QuestionnaireAnswered -> {
					facts.interaction(event.occurredAt());
					answers.clear();
					answers.addAll(answers(event.properties().get("answers")));
				}
				default -> facts.interaction(event.occurredAt());
			}
		}
		return new Subject(facts.build(), answers, null);
	}

	/**
	 * Answers as a questionnaire event carries them: {@code {"skin_concern": "acne",
	 * "wanted_fix": ["acne-repair", "hydration"]}}.
	 */
	public static List<Answer> answers(Object raw) {
		List<Answer> answers = new ArrayList<>();
		if (raw instanceof Map<?, ?> map) {
			map.forEach((question, answer) -> {
				if (answer instanceof Collection<?> several) {
					several.forEach((one) -> answers.add(new Answer(String.valueOf(question), String.valueOf(one))));
				}
				else if (answer != null) {
					answers.add(new Answer(String.valueOf(question), String.valueOf(answer)));
				}
			});
		}
		return answers;
	}

	private static String text(Object value) {
		return (value != null) ? value.toString() : null;
	}

	private static int number(Object value) {
		return (value instanceof Number number) ? number.intValue() : 0;
	}

	/** Everything one evaluation may insert: a customer with her answers, or a group. */
	public record Subject(CustomerFacts customer, List<Answer> answers, GroupFacts group) {

		public static Subject group(GroupFacts group) {
			return new Subject(null, List.of(), group);
		}

	}

}
