package dev.siyu.journey;

import dev.siyu.community.CommunityGroups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The nightly group-health step (template {@code siyu.AssessGroups}): every community
 * group assessed by the {@code group-health} rules on its last seven days. Sets
 * {@code groupsAssessed} and {@code groupsDead}.
 */
@Component("assessGroups")
class AssessGroupsDelegate implements JavaDelegate {

	private final CommunityGroups groups;

	AssessGroupsDelegate(CommunityGroups groups) {
		this.groups = groups;
	}

	@Override
	public void execute(DelegateExecution execution) {
		var assessed = this.groups.assess();
		execution.setVariable("groupsAssessed", assessed.size());
		execution.setVariable("groupsDead",
				assessed.stream().filter((health) -> "DEAD".equals(health.health())).count());
	}

}
