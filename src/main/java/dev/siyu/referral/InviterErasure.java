package dev.siyu.referral;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.siyu.customer.CustomerErasing;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An inviter erased on her request leaves her friends' records: the friend's
 * {@code Referred} event named her ({@code inviterId}), the journeys it started took her
 * id as a variable (the invite-reward journey rewards and messages her through it), and
 * their messages kept their journey's values. Her id goes from all of them; a running
 * journey keeps the variable, empty, so that its steps for her know she is gone (a reward
 * is not issued, a message is {@code Unreachable}). Her friends keep everything else.
 * Runs first among the erasure's listeners: a journey told after this that she cannot be
 * reached goes on without her id.
 */
@Component
class InviterErasure {

	private final JdbcClient jdbc;

	private final RuntimeService runtime;

	private final HistoryService history;

	private final ObjectMapper json;

	InviterErasure(JdbcClient jdbc, RuntimeService runtime, HistoryService history, ObjectMapper json) {
		this.jdbc = jdbc;
		this.runtime = runtime;
		this.history = history;
		this.json = json;
	}

	@EventListener
	@Order(Ordered.HIGHEST_PRECEDENCE)
	void erasing(CustomerErasing erasing) {
		String inviter = erasing.customerId();
		List<String> friends = this.jdbc.sql("""
				select distinct invitee_id from referral where inviter_id = :id and invitee_id <> :id
				order by invitee_id""").param("id", inviter).query(String.class).list();
		for (String friend : friends) {
			forgetInEvents(friend, inviter);
			forgetInJourneys(friend, inviter);
			forgetInMessages(friend, inviter);
		}
	}

	private void forgetInEvents(String friend, String inviter) {
		this.jdbc.sql("select event_id, properties from customer_event where customer_id = :id and type = 'Referred'")
			.param("id", friend)
			.query((rs, n) -> Map.entry(rs.getString("event_id"), rs.getString("properties")))
			.list()
			.forEach((event) -> without(event.getValue(), inviter).ifPresent((properties) -> this.jdbc
				.sql("update customer_event set properties = :properties where event_id = :id")
				.param("properties", properties)
				.param("id", event.getKey())
				.update()));
	}

	private void forgetInJourneys(String friend, String inviter) {
		List<String> running = this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(friend)
			.list()
			.stream()
			.map(ProcessInstance::getId)
			.toList();
		if (!running.isEmpty()) {
			for (VariableInstance variable : this.runtime.createVariableInstanceQuery()
				.processInstanceIdIn(running.toArray(String[]::new))
				.disableCustomObjectDeserialization()
				.list()) {
				if (inviter.equals(variable.getValue())) {
					this.runtime.setVariableLocal(variable.getExecutionId(), variable.getName(), null);
				}
			}
		}
		List<String> ended = this.history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(friend)
			.finished()
			.list()
			.stream()
			.map(HistoricProcessInstance::getId)
			.toList();
		if (!ended.isEmpty()) {
			for (HistoricVariableInstance variable : this.history.createHistoricVariableInstanceQuery()
				.processInstanceIdIn(ended.toArray(String[]::new))
				.disableCustomObjectDeserialization()
				.list()) {
				if (inviter.equals(variable.getValue())) {
					this.history.deleteHistoricVariableInstance(variable.getId());
				}
			}
		}
	}

	private void forgetInMessages(String friend, String inviter) {
		this.jdbc.sql("select id, variables from message where customer_id = :id")
			.param("id", friend)
			.query((rs, n) -> Map.entry(rs.getLong("id"), rs.getString("variables")))
			.list()
			.forEach((message) -> without(message.getValue(), inviter)
				.ifPresent((variables) -> this.jdbc.sql("update message set variables = :variables where id = :id")
					.param("variables", variables)
					.param("id", message.getKey())
					.update()));
	}

	/**
	 * The JSON object without its entries whose value is the id; empty if it has none.
	 */
	private Optional<String> without(String object, String id) {
		try {
			Map<String, Object> values = this.json.readValue(object,
					new TypeReference<LinkedHashMap<String, Object>>() {
					});
			List<String> naming = new ArrayList<>();
			values.forEach((name, value) -> {
				if (id.equals(value)) {
					naming.add(name);
				}
			});
			if (naming.isEmpty()) {
				return Optional.empty();
			}
			naming.forEach(values::remove);
			return Optional.of(this.json.writeValueAsString(values));
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("A friend's record is not the JSON object Siyu wrote", ex);
		}
	}

}
