package dev.siyu.journey;

import dev.siyu.messaging.MessagingProperties;
import dev.siyu.referral.Rewards;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * A reward step (template {@code siyu.IssueReward}): issues a unique code for the step's
 * {@code offer} (one of {@code siyu.messaging.offers}) to the journey's customer, or to
 * the customer whose id the variable named by {@code recipient} holds (the inviter, say).
 * Sets {@code offerCode} and {@code rewardCode} for the message that follows (both empty
 * when the customer to reward was erased on her request: no code is issued). The reward
 * belongs to this step of this journey: a retried or repeated step gets the same code.
 */
@Component("issueReward")
class IssueRewardDelegate implements JavaDelegate {

	private final Rewards rewards;

	private final MessagingProperties messaging;

	IssueRewardDelegate(Rewards rewards, MessagingProperties messaging) {
		this.rewards = rewards;
		this.messaging = messaging;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String offer = (StepSettings.get(execution, "offer") instanceof String text) ? text.strip() : "";
		if (!this.messaging.offers().containsKey(offer)) {
			throw new IllegalStateException(execution.getCurrentActivityId() + ": 'offer' must be one of "
					+ this.messaging.offers().keySet() + " (siyu.messaging.offers), not '" + offer + "'");
		}
		String customer = Recipients.of(execution).orElse(null);
		if (customer == null) {
			// the customer to reward was erased: no one to reward, and no earlier step's
			// code left for the message that follows
			execution.setVariable("offerCode", null);
			execution.setVariable("rewardCode", null);
			return;
		}
		String code = this.rewards.issue(customer,
				execution.getProcessInstanceId() + ":" + execution.getCurrentActivityId(), offer);
		execution.setVariable("offerCode", offer);
		execution.setVariable("rewardCode", code);
	}

}
