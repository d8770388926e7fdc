package dev.siyu.audience;

import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A launch step, for scheduled journeys such as a daily recall: records a launch of the
 * journey named by the input parameter {@code journey} for the saved segment
 * {@code segment}, or for the audience {@code ruleSet} / {@code layers} (comma-separated;
 * all when empty) / {@code tag}, which runs once this step commits. The launch id goes to
 * the variable {@code launchId}.
 */
@Component("launchAudience")
class LaunchAudienceDelegate implements JavaDelegate {

	private final AudienceLaunches launches;

	private final ObjectMapper json;

	LaunchAudienceDelegate(AudienceLaunches launches, ObjectMapper json) {
		this.launches = launches;
		this.json = json;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String journey = (String) execution.getVariableLocal("journey");
		String segment = (String) execution.getVariableLocal("segment");
		String ruleSet = (String) execution.getVariableLocal("ruleSet");
		String tag = (String) execution.getVariableLocal("tag");
		if (journey == null || (segment == null && ruleSet == null && tag == null)) {
			throw new IllegalStateException(execution.getCurrentActivityId()
					+ " needs the input parameters 'journey' and either 'segment' or 'ruleSet' (and 'layers', 'tag')");
		}
		Object layers = execution.getVariableLocal("layers");
		List<String> values = (layers == null || layers.toString().isBlank()) ? List.of()
				: Arrays.stream(layers.toString().split(",")).map(String::trim).toList();
		LaunchPlan plan = (segment != null) ? LaunchPlan.ofSegment(journey, segment)
				: LaunchPlan.of(journey, new Audience(ruleSet, values, tag).definition(this.json));
		long id = this.launches.launch(plan,
				"journey " + execution.getProcessEngineServices()
					.getRepositoryService()
					.getProcessDefinition(execution.getProcessDefinitionId())
					.getKey());
		execution.setVariable("launchId", id);
	}

}
