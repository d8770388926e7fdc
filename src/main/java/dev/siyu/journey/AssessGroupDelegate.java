package dev.siyu.journey;

import dev.siyu.community.CommunityGroups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * In a group's journey (template {@code siyu.AssessGroup}): the group's health now, by
 * the {@code group-health} rules on its last seven days, into {@code groupHealth} (VALUE,
 * TASTELESS, DEAD, SPAM), {@code groupHealthRule}, {@code groupActiveMembers} and
 * {@code groupMessages}, for the gateway after it. Not kept as the day's assessment.
 */
@Component("assessGroup")
class AssessGroupDelegate implements JavaDelegate {

	private final CommunityGroups groups;

	AssessGroupDelegate(CommunityGroups groups) {
		this.groups = groups;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String group = GroupJourneys.requireGroup(execution);
		CommunityGroups.Health health = this.groups.healthNow(group);
		execution.setVariable("groupHealth", health.health());
		execution.setVariable("groupHealthRule", health.rule());
		execution.setVariable("groupActiveMembers", health.activeMembers());
		execution.setVariable("groupMessages", health.messages());
	}

}
