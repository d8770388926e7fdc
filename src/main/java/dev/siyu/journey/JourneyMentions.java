package dev.siyu.journey;

import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.VariableInstance;
import org.camunda.bpm.engine.variable.type.ValueType;
import org.springframework.stereotype.Service;

/**
 * Another customer's id in a customer's journeys (her inviter's, her invited friend's),
 * taken out when that customer is erased. A running journey keeps the variable, empty, so
 * that a step for that customer knows she is gone ({@link Recipients}); the history keeps
 * no value of it (variables of finished journeys and of ended scopes are deleted from
 * it). With history at {@code full} (not Siyu's setting) Camunda's variable details of a
 * running journey keep the old value until its history is cleaned up.
 */
@Service
public class JourneyMentions {

	private final RuntimeService runtime;

	private final TaskService tasks;

	private final HistoryService history;

	JourneyMentions(RuntimeService runtime, TaskService tasks, HistoryService history) {
		this.runtime = runtime;
		this.tasks = tasks;
		this.history = history;
	}

	public void forget(String customerId, String mentioned) {
		List<String> running = this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(customerId)
			.list()
			.stream()
			.map(ProcessInstance::getId)
			.toList();
		if (!running.isEmpty()) {
			for (VariableInstance variable : this.runtime.createVariableInstanceQuery()
				.processInstanceIdIn(running.toArray(String[]::new))
				.disableCustomObjectDeserialization()
				.list()) {
				if (names(variable.getTypeName(), variable.getValue(), mentioned)) {
					if (variable.getTaskId() != null) {
						this.tasks.setVariableLocal(variable.getTaskId(), variable.getName(), null);
					}
					else {
						this.runtime.setVariableLocal(variable.getExecutionId(), variable.getName(), null);
					}
				}
			}
		}
		String[] all = this.history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(customerId)
			.list()
			.stream()
			.map(HistoricProcessInstance::getId)
			.toArray(String[]::new);
		if (all.length > 0) {
			for (HistoricVariableInstance variable : this.history.createHistoricVariableInstanceQuery()
				.processInstanceIdIn(all)
				.includeDeleted()
				.disableCustomObjectDeserialization()
				.list()) {
				if (names(variable.getTypeName(), variable.getValue(), mentioned)) {
					this.history.deleteHistoricVariableInstance(variable.getId());
				}
			}
		}
	}

	/** Only text variables hold customer ids; an object's value is not read. */
	private static boolean names(String type, Object value, String mentioned) {
		return ValueType.STRING.getName().equals(type) && mentioned.equals(value);
	}

}
