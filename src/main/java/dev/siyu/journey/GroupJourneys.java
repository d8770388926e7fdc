package dev.siyu.journey;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.siyu.community.CommunityGroups;
import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * Journeys of a community group rather than of a customer: their business key is the
 * group's id (WeCom's chat_id), and they carry the group's name, type and owners.
 */
final class GroupJourneys {

	static final String GROUP_ID = "groupId";

	static final String GROUP_NAME = "groupName";

	static final String GROUP_TYPE = "groupType";

	/**
	 * The WeCom user ids of the group's owners, comma-separated: a staff task's users.
	 */
	static final String GROUP_OWNERS = "groupOwners";

	/** The Monday (the brand's day, ISO date) a weekly SOP journey's week began. */
	static final String WEEK_START = "weekStart";

	/** When the group's journey was started (ISO instant). */
	static final String STARTED_AT = "startedAt";

	private GroupJourneys() {
	}

	/** The journey's group, when it is a group's journey. */
	static String groupOf(DelegateExecution execution) {
		Object group = execution.getVariable(GROUP_ID);
		return (group instanceof String id && id.equals(execution.getProcessBusinessKey())) ? id : null;
	}

	/**
	 * The journey's group, for a step that works on it; a customer's journey is refused.
	 */
	static String requireGroup(DelegateExecution execution) {
		String group = groupOf(execution);
		if (group == null) {
			throw new IllegalStateException(execution.getCurrentActivityId()
					+ " works on the journey's group: start the journey with the group's id as business key and groupId");
		}
		return group;
	}

	static Map<String, Object> variables(CommunityGroups.Group group) {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put(GROUP_ID, group.id());
		variables.put(GROUP_NAME, group.name());
		variables.put(GROUP_TYPE, group.type());
		variables.put(GROUP_OWNERS, String.join(",", group.owners()));
		return variables;
	}

	/** What a group's staff task content may show of the group. */
	static Map<String, Object> templateGroup(CommunityGroups.Group group) {
		Map<String, Object> view = new LinkedHashMap<>();
		view.put("id", group.id());
		view.put("name", group.name());
		view.put("type", group.type());
		view.put("members", group.members());
		view.put("owners", String.join(",", group.owners()));
		if (group.health() != null) {
			view.put("health", group.health().health());
			view.put("activeMembers", group.health().activeMembers());
			view.put("messages", group.health().messages());
		}
		return view;
	}

}
