package dev.siyu.journey;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.springframework.stereotype.Component;

/**
 * On a journey's goal end events: marks the instance as converted, naming the goal
 * reached.
 */
@Component("goalReached")
class GoalReachedListener implements ExecutionListener {

	private final Enrolments enrolments;

	private final JourneyMetrics metrics;

	GoalReachedListener(Enrolments enrolments, JourneyMetrics metrics) {
		this.enrolments = enrolments;
		this.metrics = metrics;
	}

	@Override
	public void notify(DelegateExecution execution) {
		execution.setVariable(JourneyVariables.GOAL_REACHED, true);
		this.enrolments.goalReached(execution.getProcessInstanceId());
		this.metrics.goalReached(JourneyDefinitions.definitionOf(execution).getKey());
	}

}
