package dev.siyu.journey;

import java.util.HashMap;
import java.util.Map;

import dev.siyu.community.CommunityGroups;
import dev.siyu.messaging.MessagePreview;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * On a staff task's creation: renders the message template named by the task's input
 * parameter {@code contentTemplate} for this customer (in a group's journey: for the
 * group, {@code {{group.name}}} and the like) into the task variable {@code content}, so
 * the group owner or advisor sees in Tasklist exactly what to post or say.
 */
@Component("prepareStaffTask")
class PrepareStaffTaskListener implements ExecutionListener {

	private final MessagePreview preview;

	private final CommunityGroups groups;

	PrepareStaffTaskListener(MessagePreview preview, CommunityGroups groups) {
		this.preview = preview;
		this.groups = groups;
	}

	@Override
	public void notify(DelegateExecution task) {
		Object template = task.getVariableLocal("contentTemplate");
		if (template == null) {
			return;
		}
		Map<String, Object> variables = new HashMap<>();
		task.getVariables().forEach((name, value) -> {
			if (value instanceof String || value instanceof Number || value instanceof Boolean) {
				variables.put(name, value);
			}
		});
		String group = GroupJourneys.groupOf(task);
		if (group != null) {
			CommunityGroups.Group described = this.groups.find(group)
				.orElseThrow(() -> new IllegalStateException("No community group " + group));
			task.setVariableLocal("content", this.preview.renderForGroup(template.toString(),
					GroupJourneys.templateGroup(described), variables));
			return;
		}
		task.setVariableLocal("content",
				this.preview.render(template.toString(), task.getProcessBusinessKey(), variables));
	}

}
