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
 * end event, or cancelled) and frees it.
 */
@Component
class EnrolmentPlugin extends AbstractProcessEnginePlugin {

	private final Enrolments enrolments;

	EnrolmentPlugin(Enrolments enrolments) {
		this.enrolments = enrolments;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		ExecutionListener ended = (execution) -> this.enrolments.ended(execution.getProcessInstanceId(),
				((ExecutionEntity) execution).getActivityId(), execution.isCanceled());
		ParseListeners.add(configuration, new AbstractBpmnParseListener() {
			@Override
			public void parseProcess(Element processElement, ProcessDefinitionEntity definition) {
				definition.addListener(ExecutionListener.EVENTNAME_END, ended);
			}
		});
	}

}
