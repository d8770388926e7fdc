package dev.siyu.audience;

import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A launch step, for scheduled journeys such as a daily recall: records a launch of the
 * journey named by the input parameter {@code journey} for the audience {@code ruleSet} /
 * {@code layers} (comma-separated; all when empty) / {@code tag}, which runs once this
 * step commits. The launch id goes to the variable {@code launchId}.
 */
@Component("launchAudience")
class LaunchAudienceDelegate implements JavaDelegate {

	private final AudienceLaunches launches;

	LaunchAudienceDelegate(AudienceLaunches launches) {
		this.launches = launches;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String journey = (String) execution.getVariableLocal("journey");
		String ruleSet = (String) execution.getVariableLocal("ruleSet");
		if (journey == null || ruleSet == null) {
			throw new IllegalStateException(
					execution.getCurrentActivityId() + " needs the input parameters 'journey' and 'ruleSet'");
		}
		Object layers = execution.getVariableLocal("layers");
		List<String> values = (layers == null || layers.toString().isBlank()) ? List.of()
				: Arrays.stream(layers.toString().split(",")).map(String::trim).toList();
		long id = this.launches.launch(journey,
				new Audience(ruleSet, values, (String) execution.getVariableLocal("tag")),
				"journey " + execution.getProcessEngineServices()
					.getRepositoryService()
					.getProcessDefinition(execution.getProcessDefinitionId())
					.getKey());
		execution.setVariable("launchId", id);
	}

}
