package dev.siyu.journey;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

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
		String group = GroupJourneys.groupOf(execution);
		if (group == null) {
			throw new IllegalStateException(execution.getCurrentActivityId()
					+ " tags the journey's group: start the journey with the group's id as business key and groupId");
		}
		this.groups.retag(group, tags(StepSettings.get(execution, "add")), tags(StepSettings.get(execution, "remove")));
	}

	private static Set<String> tags(Object value) {
		Set<String> tags = new LinkedHashSet<>();
		if (value != null) {
			Arrays.stream(value.toString().split(","))
				.map(String::trim)
				.filter((tag) -> !tag.isEmpty())
				.forEach(tags::add);
		}
		return tags;
	}

}
