package dev.siyu.journey;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;

/** Adds Siyu's parse listeners after Camunda's own and any set before. */
final class ParseListeners {

	private ParseListeners() {
	}

	static void add(ProcessEngineConfigurationImpl configuration, BpmnParseListener listener) {
		List<BpmnParseListener> listeners = new ArrayList<>();
		if (configuration.getCustomPostBPMNParseListeners() != null) {
			listeners.addAll(configuration.getCustomPostBPMNParseListeners());
		}
		listeners.add(listener);
		configuration.setCustomPostBPMNParseListeners(listeners);
	}

}
