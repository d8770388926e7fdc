package dev.siyu.journey;

import dev.siyu.referral.Referrals;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A counting step of a 助力 (assist) journey (template {@code siyu.CountInvitees}): how
 * many friends the customer brought since she entered the journey, as the referral rules
 * counted them, against the step's {@code needed} (3 unless set). Sets {@code invitees},
 * {@code inviteesNeeded}, {@code inviteesToGo} and {@code unlocked} for the gateway and
 * the messages.
 */
@Component("countInvitees")
class CountInviteesDelegate implements JavaDelegate {

	static final int DEFAULT_NEEDED = 3;

	private final Referrals referrals;

	private final JourneyGoals goals;

	CountInviteesDelegate(Referrals referrals, JourneyGoals goals) {
		this.referrals = referrals;
		this.goals = goals;
	}

	@Override
	public void execute(DelegateExecution execution) {
		int needed = needed(execution);
		int invitees = this.referrals.countedSince(execution.getProcessBusinessKey(),
				this.goals.entered(execution.getProcessInstanceId()));
		execution.setVariable("invitees", invitees);
		execution.setVariable("inviteesNeeded", needed);
		execution.setVariable("inviteesToGo", Math.max(0, needed - invitees));
		execution.setVariable("unlocked", invitees >= needed);
	}

	private static int needed(DelegateExecution execution) {
		Object value = StepSettings.get(execution, "needed");
		if (value == null || value.toString().isBlank()) {
			return DEFAULT_NEEDED;
		}
		try {
			int needed = Integer.parseInt(value.toString().strip());
			if (needed >= 1) {
				return needed;
			}
		}
		catch (NumberFormatException ex) {
			// told below
		}
		throw new IllegalStateException(execution.getCurrentActivityId()
				+ ": 'needed' (Friends needed) must be a whole number of 1 or more, not '" + value + "'");
	}

}
