package dev.siyu.journey;

import java.util.HashMap;
import java.util.Map;

import dev.siyu.messaging.MessagePreview;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * On a staff task's creation: renders the message template named by the task's input
 * parameter {@code contentTemplate} for this customer into the task variable
 * {@code content}, so the group owner or advisor sees in Tasklist exactly what to post or
 * say.
 */
@Component("prepareStaffTask")
class PrepareStaffTaskListener implements ExecutionListener {

	private final MessagePreview preview;

	PrepareStaffTaskListener(MessagePreview preview) {
		this.preview = preview;
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
		task.setVariableLocal("content",
				this.preview.render(template.toString(), task.getProcessBusinessKey(), variables));
	}

}
