package dev.siyu.journey;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventType;
import dev.siyu.referral.ReferralCodes;
import dev.siyu.referral.ReferralContests;
import dev.siyu.referral.Rewards;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * Every path of {@code processes/referral-contest.bpmn} and
 * {@code processes/referral-contest-prize.bpmn}: a week's invite contest, its leaderboard
 * from the invitations the referral rules counted within the window, and the top two
 * awarded when it ends.
 */
class ReferralContestJourneyTest extends JourneyTestSupport {

	@Autowired
	ReferralContests contests;

	@Autowired
	ReferralCodes codes;

	@Autowired
	Rewards rewards;

	private static final AtomicInteger WINDOWS = new AtomicInteger();

	private OffsetDateTime windowStart;

	@Test
	void theTopTwoOfTheWindowWinAndAreToldTheirPlaceAndCode() {
		String key = "week-" + UUID.randomUUID();
		ProcessInstance contest = contest(key, 2);
		assertThat(contest).isWaitingAt("Event_ContestEnds");
		String first = follower();
		String second = follower();
		String third = follower();
		String late = follower();
		// before the window opens: not counted for the contest
		friendsOf(first, 1);
		moveClock(Duration.ofHours(2));
		friendsOf(second, 2);
		friendsOf(first, 3);
		friendsOf(third, 2);
		assertThat(places(this.contests.leaderboard(key, 10))).containsExactly(first + ":3", second + ":2",
				third + ":2");
		moveClock(Duration.ofDays(7));
		// after the window closed: not counted either
		friendsOf(late, 5);

		execute(job("Event_ContestEnds", contest));

		assertThat(contest).isEnded().hasPassedInOrder("Event_ContestEnds", "Task_Award", "EndEvent_Awarded");
		assertThat(contest).variables().containsEntry("winners", 2);
		List<ReferralContests.Winner> winners = this.contests.winners(key);
		assertThat(winners).extracting(ReferralContests.Winner::customerId).containsExactly(first, second);
		assertThat(winners).allSatisfy((winner) -> assertThat(winner.prizeStarted()).isTrue());
		for (ReferralContests.Winner winner : winners) {
			ProcessInstance prize = journey(ReferralJourneys.PRIZE_KEY, winner.customerId());
			assertThat(prize).isWaitingAt("StartEvent_Launched");
			execute(job(prize));
			dispatch();
			assertThat(prize).isEnded().hasPassed("Task_SendPrize", "EndEvent_PrizeTold");
			assertThat(this.rewards.of(winner.customerId())).singleElement()
				.satisfies((reward) -> assertThat(reward.code()).isEqualTo(winner.rewardCode()));
			assertThat(bodiesSentTo(winner.customerId())).singleElement()
				.asString()
				.contains("排名第 " + winner.place(), "邀请了 " + winner.invitees() + " 位好友", winner.rewardCode(), "年度会员卡");
		}
		assertThat(journey(ReferralJourneys.PRIZE_KEY, third)).isNull();
		assertThat(this.rewards.of(third)).isEmpty();
		assertThat(this.contests.find(key).orElseThrow().status()).isEqualTo("AWARDED");
	}

	@Test
	void theWinnersAreFrozenWhenTheContestIsAwarded() {
		String key = "frozen-" + UUID.randomUUID();
		ProcessInstance contest = contest(key, 1);
		String leader = follower();
		String chaser = follower();
		moveClock(Duration.ofHours(2));
		friendsOf(leader, 2);
		friendsOf(chaser, 1);
		moveClock(Duration.ofDays(7));
		execute(job("Event_ContestEnds", contest));

		// friends of the chaser whose follows, told late, happened within the window
		OffsetDateTime withinWindow = this.windowStart.plusDays(3);
		for (int i = 0; i < 3; i++) {
			this.intake.accept(new CustomerEvent(UUID.randomUUID().toString(), newCustomerId(), EventType.Followed,
					withinWindow, new HashMap<>(Map.of("inviteCode", this.codes.codeOf(chaser)))));
		}

		assertThat(places(this.contests.leaderboard(key, 10))).containsExactly(leader + ":2");
		assertThat(this.contests.award(key, (customer, variables) -> {
			throw new AssertionError("a contest is awarded once");
		})).extracting(ReferralContests.Winner::customerId).containsExactly(leader);
	}

	@Test
	void aWinnerOffTheOfficialAccountKeepsHerCode() {
		String key = "off-" + UUID.randomUUID();
		ProcessInstance contest = contest(key, 1);
		String winner = customer(new CustomerChanges(null, null, false, null, null));
		moveClock(Duration.ofHours(2));
		friendsOf(winner, 1);
		moveClock(Duration.ofDays(7));
		execute(job("Event_ContestEnds", contest));

		ProcessInstance prize = journey(ReferralJourneys.PRIZE_KEY, winner);
		execute(job(prize));
		dispatch();

		assertThat(prize).isEnded().hasPassed("Event_PrizeUnreachable", "EndEvent_Unreachable");
		assertThat(this.rewards.of(winner)).hasSize(1);
		assertThat(statusesOf(winner)).containsExactly("referral-contest-prize:FAILED");
	}

	/**
	 * A contest from an hour after now to a week after it, with its process. Now is moved
	 * first to a month of this test's own: a contest counts everyone's invitations of its
	 * window, and other tests invite too.
	 */
	private ProcessInstance contest(String key, int topN) {
		moveClock(Duration.ofDays(365 + 40L * WINDOWS.incrementAndGet()));
		OffsetDateTime start = now().plusHours(1);
		this.windowStart = start;
		this.contests.create(
				new ReferralContests.Request(key, "邀请周榜", start, start.plusDays(7), topN, "CONTEST_TOP_PRIZE"), "test");
		return this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processInstanceBusinessKey(ReferralContests.PROCESS_KEY + ":" + key)
			.singleResult();
	}

	/** {@code count} new friends follow through her link, a minute apart. */
	private void friendsOf(String inviter, int count) {
		String code = this.codes.codeOf(inviter);
		for (int i = 0; i < count; i++) {
			moveClock(Duration.ofMinutes(1));
			event(newCustomerId(), EventType.Followed, Map.of("scene", "invite", "inviteCode", code));
		}
	}

	private static List<String> places(List<ReferralContests.Standing> standings) {
		return standings.stream().map((standing) -> standing.customerId() + ":" + standing.invitees()).toList();
	}

	private String follower() {
		return customer(new CustomerChanges(null, null, true, null, null));
	}

}
