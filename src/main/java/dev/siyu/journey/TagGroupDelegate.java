package dev.siyu.journey;

import dev.siyu.community.CommunityGroups;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * In a group's journey (template {@code siyu.TagGroup}): adds the tags of {@code add} to
 * the group and removes those of {@code remove} (comma-separated), as
 * {@code PUT /api/groups} would.
 */
@Component("tagGroup")
class TagGroupDelegate implements JavaDelegate {

	private final CommunityGroups groups;

	TagGroupDelegate(CommunityGroups groups) {
		this.groups = groups;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String group = GroupJourneys.requireGroup(execution);
		this.groups.retag(group, TagCustomerDelegate.tags(StepSettings.get(execution, "add")),
				TagCustomerDelegate.tags(StepSettings.get(execution, "remove")));
	}

}
