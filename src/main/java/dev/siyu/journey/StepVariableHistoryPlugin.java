package dev.siyu.journey;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * Keeps a step's own variables out of the history: the input parameters of a rules or
 * send step ({@code ruleSet}, {@code template}, {@code channel} …) live only while the
 * step runs, yet at history level {@code audit} each of them costs a history row written
 * when the step begins and updated when it ends, two statements per parameter, the
 * largest part of an instance's history. The journey's own variables (the customer, her
 * launch and variant, every decision a step writes out) stay in the history, and so do
 * task variables, as do steps, instances and incidents.
 * <p>
 * Camunda's database history handler does the writing; this one decides what it is given,
 * by the variable's scope alone, so its creation, updates and deletion are treated alike.
 * {@code siyu.engine.step-variable-history=true} writes them all as Camunda does.
 */
@Component
@ConditionalOnProperty(name = "siyu.engine.step-variable-history", havingValue = "false", matchIfMissing = true)
class StepVariableHistoryPlugin extends AbstractProcessEnginePlugin {

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		List<HistoryEventHandler> handlers = new ArrayList<>();
		handlers.add(new JourneyHistory(new DbHistoryEventHandler()));
		if (configuration.getCustomHistoryEventHandlers() != null) {
			handlers.addAll(configuration.getCustomHistoryEventHandlers());
		}
		configuration.setEnableDefaultDbHistoryEventHandler(false);
		configuration.setCustomHistoryEventHandlers(handlers);
	}

	/** Whether the history event records a variable local to a step (not a user task). */
	static boolean stepVariable(HistoryEvent event) {
		return event instanceof HistoricVariableUpdateEventEntity variable && variable.getTaskId() == null
				&& variable.getScopeActivityInstanceId() != null
				&& !variable.getScopeActivityInstanceId().equals(variable.getProcessInstanceId());
	}

	private record JourneyHistory(HistoryEventHandler database) implements HistoryEventHandler {

		@Override
		public void handleEvent(HistoryEvent event) {
			if (!stepVariable(event)) {
				this.database.handleEvent(event);
			}
		}

		@Override
		public void handleEvents(List<HistoryEvent> events) {
			events.forEach(this::handleEvent);
		}

	}

}
