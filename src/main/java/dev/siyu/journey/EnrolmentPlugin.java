package dev.siyu.journey;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * Every journey, however drawn, records on its enrolment how it ended (completed at which
 * end event, or cancelled) and frees it; starts and ends are counted.
 */
@Component
class EnrolmentPlugin extends AbstractProcessEnginePlugin {

	private final Enrolments enrolments;

	private final JourneyMetrics metrics;

	EnrolmentPlugin(Enrolments enrolments, JourneyMetrics metrics) {
		this.enrolments = enrolments;
		this.metrics = metrics;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		ExecutionListener ended = (execution) -> {
			ExecutionEntity instance = (ExecutionEntity) execution;
			this.enrolments.ended(execution.getProcessInstanceId(), instance.getActivityId(), execution.isCanceled());
			this.metrics.ended(instance.getProcessDefinition().getKey(),
					Boolean.TRUE.equals(execution.getVariable(JourneyVariables.GOAL_REACHED)), execution.isCanceled());
		};
		ExecutionListener started = (execution) -> this.metrics
			.started(((ExecutionEntity) execution).getProcessDefinition().getKey());
		ParseListeners.add(configuration, new AbstractBpmnParseListener() {
			@Override
			public void parseProcess(Element processElement, ProcessDefinitionEntity definition) {
				definition.addListener(ExecutionListener.EVENTNAME_START, started);
				definition.addListener(ExecutionListener.EVENTNAME_END, ended);
			}
		});
	}

}
