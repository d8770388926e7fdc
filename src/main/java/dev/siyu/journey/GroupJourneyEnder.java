package dev.siyu.journey;

import dev.siyu.community.CommunityGroups;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A group dismissed in WeCom ends its journeys (the week's SOP, a reactivation) in the
 * transaction that recorded the dismissal: nobody is asked to post in a group that is
 * gone. Cockpit and the history show them ended with the reason.
 */
@Component
class GroupJourneyEnder {

	static final String REASON = "The group was dismissed in WeCom";

	private final RuntimeService runtime;

	GroupJourneyEnder(RuntimeService runtime) {
		this.runtime = runtime;
	}

	@EventListener
	void dismissed(CommunityGroups.Dismissed dismissed) {
		for (ProcessInstance instance : this.runtime.createProcessInstanceQuery()
			.processInstanceBusinessKey(dismissed.groupId())
			.variableValueEquals(GroupJourneys.GROUP_ID, dismissed.groupId())
			.list()) {
			this.runtime.deleteProcessInstance(instance.getId(), REASON);
		}
	}

}
