package dev.siyu.journey;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseUtil;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ExecutionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.springframework.stereotype.Component;

/**
 * How a step was set up in Modeler: the {@code camunda:property} entries an element
 * template writes on the task (rule set, template, channel …), read once when the journey
 * is deployed and kept with the parsed step. They cost nothing per customer; the input
 * parameters earlier templates wrote made every step a scope of its own, an extra
 * execution and a variable per setting, written and deleted for each customer.
 * <p>
 * A step drawn with properties is read from them alone; a step drawn with the earlier
 * templates' input parameters is read from those, so its journeys keep working.
 */
@Component
class StepSettings extends AbstractProcessEnginePlugin {

	private static final String SETTINGS = "siyu.stepSettings";

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		ParseListeners.add(configuration, new AbstractBpmnParseListener() {

			@Override
			public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
				keep(element, activity);
			}

			@Override
			public void parseBusinessRuleTask(Element element, ScopeImpl scope, ActivityImpl activity) {
				keep(element, activity);
			}

			@Override
			public void parseSendTask(Element element, ScopeImpl scope, ActivityImpl activity) {
				keep(element, activity);
			}

			@Override
			public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
				keep(element, activity);
			}

		});
	}

	private static void keep(Element element, ActivityImpl activity) {
		Element properties = BpmnParseUtil.findCamundaExtensionElement(element, "properties");
		if (properties == null) {
			return;
		}
		Map<String, String> settings = new LinkedHashMap<>();
		for (Element property : properties.elements("property")) {
			String name = property.attribute("name");
			if (name != null && property.attribute("value") != null) {
				settings.put(name, property.attribute("value"));
			}
		}
		activity.setProperty(SETTINGS, Collections.unmodifiableMap(settings));
	}

	/**
	 * The step's setting: its property, on a step drawn with properties; else its input
	 * parameter. Null when it has none of that name.
	 */
	static Object get(DelegateExecution execution, String name) {
		if (execution instanceof ExecutionEntity entity && entity.getActivity() != null
				&& entity.getActivity().getProperty(SETTINGS) instanceof Map<?, ?> settings) {
			return settings.get(name);
		}
		return execution.getVariableLocal(name);
	}

}
