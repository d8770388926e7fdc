package dev.siyu.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.EventSubscriptionDeclaration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.event.EventType;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandler;
import org.camunda.bpm.engine.impl.jobexecutor.JobHandlerConfiguration;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Wires {@link BufferedDelivery} into every journey, however drawn: each activity that
 * opens message waits when it starts (an intermediate catch, a receive task, an
 * event-based gateway, an activity with message boundary events, a sub-process with a
 * message event sub-process) tells it which messages it now waits for; the delivery runs
 * as a job of its own kind; an ending journey drops what was kept for it. The listeners
 * are built in, so they run also when Cockpit moves a token skipping custom listeners.
 */
@Component
class BufferedDeliveryPlugin extends AbstractProcessEnginePlugin {

	static final String JOB_TYPE = "siyu-deliver-kept-event";

	private final ObjectProvider<BufferedDelivery> delivery;

	BufferedDeliveryPlugin(ObjectProvider<BufferedDelivery> delivery) {
		this.delivery = delivery;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		ParseListeners.add(configuration, new AbstractBpmnParseListener() {
			@Override
			public void parseRootElement(Element rootElement, List<ProcessDefinitionEntity> processDefinitions) {
				for (ProcessDefinitionEntity definition : processDefinitions) {
					definition.getActivities().forEach(BufferedDeliveryPlugin.this::listenForWaits);
					definition.addBuiltInListener(ExecutionListener.EVENTNAME_END,
							(ExecutionListener) (execution) -> delivery().ended(execution.getProcessInstanceId()));
				}
			}
		});
		List<JobHandler> handlers = new ArrayList<>();
		if (configuration.getCustomJobHandlers() != null) {
			handlers.addAll(configuration.getCustomJobHandlers());
		}
		handlers.add(new DeliverKeptEvent());
		configuration.setCustomJobHandlers(handlers);
	}

	private BufferedDelivery delivery() {
		return this.delivery.getObject();
	}

	private void listenForWaits(ActivityImpl activity) {
		Set<String> messages = EventSubscriptionDeclaration.getDeclarationsForScope(activity)
			.values()
			.stream()
			.filter((declaration) -> EventType.MESSAGE.name().equals(declaration.getEventType()))
			.map(EventSubscriptionDeclaration::getUnresolvedEventName)
			.collect(Collectors.toUnmodifiableSet());
		if (!messages.isEmpty()) {
			activity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
					(ExecutionListener) (execution) -> delivery().waitOpened(execution, messages));
		}
		activity.getActivities().forEach(this::listenForWaits);
	}

	private final class DeliverKeptEvent implements JobHandler<JobHandlerConfiguration> {

		@Override
		public String getType() {
			return JOB_TYPE;
		}

		@Override
		public void execute(JobHandlerConfiguration configuration, ExecutionEntity execution,
				CommandContext commandContext, String tenantId) {
			if (execution != null) {
				delivery().deliver(execution.getProcessInstance());
			}
		}

		@Override
		public JobHandlerConfiguration newConfiguration(String canonicalString) {
			return () -> "";
		}

		@Override
		public void onDelete(JobHandlerConfiguration configuration, JobEntity jobEntity) {
		}

	}

}
