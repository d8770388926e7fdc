package dev.siyu.journey;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class JourneyController {

	private final HistoryService history;

	private final RuntimeService runtime;

	JourneyController(HistoryService history, RuntimeService runtime) {
		this.history = history;
		this.runtime = runtime;
	}

	@GetMapping("/api/customers/{customerId}/journeys")
	List<JourneyView> journeys(@PathVariable String customerId) {
		List<HistoricProcessInstance> instances = this.history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(customerId)
			.orderByProcessInstanceStartTime()
			.asc()
			.list();
		if (instances.isEmpty()) {
			return List.of();
		}
		Map<String, Boolean> goals = this.history.createHistoricVariableInstanceQuery()
			.processInstanceIdIn(instances.stream().map(HistoricProcessInstance::getId).toArray(String[]::new))
			.variableName(JourneyVariables.GOAL_REACHED)
			.list()
			.stream()
			.collect(Collectors.toMap(HistoricVariableInstance::getProcessInstanceId,
					(v) -> Boolean.TRUE.equals(v.getValue()), (a, b) -> a || b));
		return instances.stream().map((instance) -> view(instance, goals)).toList();
	}

	private JourneyView view(HistoricProcessInstance instance, Map<String, Boolean> goals) {
		boolean active = instance.getEndTime() == null;
		List<String> activities = active ? this.runtime.getActiveActivityIds(instance.getId()) : List.of();
		return new JourneyView(instance.getProcessDefinitionKey(), instance.getId(),
				instance.getProcessDefinitionVersion(), active ? "ACTIVE" : "COMPLETED", activities,
				goals.getOrDefault(instance.getId(), false), instance.getStartTime(), instance.getEndTime());
	}

	record JourneyView(String processKey, String processInstanceId, Integer version, String state,
			List<String> activities, boolean goalReached, java.util.Date startedAt, java.util.Date endedAt) {
	}

}
