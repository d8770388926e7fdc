package dev.siyu.rules;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Makes rule files first-class deployment resources: compiled, and refused if broken, at
 * deploy time.
 */
@Component
class RulesEnginePlugin extends AbstractProcessEnginePlugin {

	private final ApplicationEventPublisher events;

	RulesEnginePlugin(ApplicationEventPublisher events) {
		this.events = events;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		List<Deployer> deployers = new ArrayList<>();
		if (configuration.getCustomPreDeployers() != null) {
			deployers.addAll(configuration.getCustomPreDeployers());
		}
		deployers.add(new RuleDeployer(this.events));
		configuration.setCustomPreDeployers(deployers);
	}

}
