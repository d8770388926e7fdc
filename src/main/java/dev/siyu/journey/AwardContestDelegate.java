package dev.siyu.journey;

import dev.siyu.referral.ReferralContests;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * The award step of an invite contest (template {@code siyu.AwardContest}): freezes the
 * top N of the leaderboard as winners, issues each her reward code and starts her prize
 * journey ({@code referral-contest-prize}), in the step's transaction. Sets
 * {@code winners} (how many).
 */
@Component("awardContest")
class AwardContestDelegate implements JavaDelegate {

	private final ReferralContests contests;

	private final JourneyStarter starter;

	AwardContestDelegate(ReferralContests contests, JourneyStarter starter) {
		this.contests = contests;
		this.starter = starter;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String key = (String) execution.getVariable(ReferralContests.VAR_KEY);
		int winners = this.contests
			.award(key,
					(customerId, variables) -> this.starter.start(this.starter.latest(ReferralJourneys.PRIZE_KEY),
							customerId, variables))
			.size();
		execution.setVariable("winners", winners);
	}

}
