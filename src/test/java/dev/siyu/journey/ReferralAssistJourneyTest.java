package dev.siyu.journey;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerPrivacy;
import dev.siyu.event.EventType;
import dev.siyu.referral.ReferralCodes;
import dev.siyu.referral.Rewards;
import dev.siyu.system.DatabaseProbes;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Every path of {@code processes/referral-assist.bpmn} (助力): friends come in through the
 * real intake with her invite code, the referral rules decide, and the inviter's journey
 * hears of each counted friend from the relay.
 */
class ReferralAssistJourneyTest extends JourneyTestSupport {

	@Autowired
	ReferralCodes codes;

	@Autowired
	Rewards rewards;

	@Autowired
	CustomerPrivacy privacy;

	@Test
	void threeNewFriendsUnlockTheCourseWithOneRewardCode() {
		String inviter = follower();
		ProcessInstance journey = startedAndInvited(inviter);
		String code = this.codes.codeOf(inviter);
		assertThat(journey).variables()
			.containsEntry("inviteCode", code)
			.containsEntry("inviteLink", "https://m.siyu.example/invite/" + code)
			.containsEntry("invitees", 0)
			.containsEntry("inviteesNeeded", 3);
		assertThat(lastBody(inviter)).contains("邀请 3 位新朋友", "https://m.siyu.example/invite/" + code);

		friendFollows(code, journey, "Task_SendProgress");
		dispatch();
		assertThat(lastBody(inviter)).contains("已有 1/3 位", "还差 2 位");
		assertThat(journey).isWaitingAt("Gateway_FriendOrDeadline");
		friendFollows(code, journey, "Task_SendProgress");
		dispatch();
		assertThat(lastBody(inviter)).contains("已有 2/3 位", "还差 1 位");
		friendFollows(code, journey, "Task_SendUnlocked");
		dispatch();

		assertThat(journey).isEnded()
			.hasPassedInOrder("Task_InviteLink", "Task_SendInvite", "Event_FriendCounted", "Task_SendProgress",
					"Task_IssueReward", "Task_SendUnlocked", "EndEvent_Unlocked")
			.hasNotPassed("Event_Deadline", "EndEvent_Expired");
		List<Rewards.Reward> earned = this.rewards.of(inviter);
		assertThat(earned).singleElement().satisfies((reward) -> {
			assertThat(reward.offer()).isEqualTo(ReferralJourneys.OFFER_ASSIST);
			assertThat(reward.code()).matches("[2-9A-HJ-KM-NP-Z]{10}");
		});
		assertThat(lastBody(inviter)).contains("3 位好友助力成功", earned.get(0).code());
		assertThat(statusesOf(inviter)).containsExactly("referral-assist-invite:SENT", "referral-assist-progress:SENT",
				"referral-assist-progress:SENT", "referral-assist-unlocked:SENT");
	}

	@Test
	void invitationsTheRulesRefuseDoNotMoveHerJourney() {
		String inviter = follower();
		String code = this.codes.codeOf(inviter);
		// a friend counted before she entered the campaign is not one of its friends
		String before = newCustomerId();
		followsWith(before, code);
		awaitTold(inviter, 1);
		moveClock(Duration.ofMinutes(1));
		ProcessInstance journey = startedAndInvited(inviter);
		assertThat(journey).variables().containsEntry("invitees", 0).containsEntry("unlocked", false);
		// herself, a customer the brand knew for two hours, and the counted friend again
		followsWith(inviter, code);
		String known = customer(new CustomerChanges(null, null, false, null, null));
		moveClock(Duration.ofHours(2));
		followsWith(known, code);
		followsWith(before, code);

		assertThat(journey).isWaitingAt("Gateway_FriendOrDeadline").hasNotPassed("Event_FriendCounted");
		assertThat(decisions(inviter)).containsExactly("ALREADY_INVITED", "NOT_NEW", "SELF_INVITE", "COUNTED");
		assertThat(statusesOf(inviter)).containsExactly("referral-assist-invite:SENT");
	}

	@Test
	void sevenDaysOverEndsExpiredWithHerCount() {
		String inviter = follower();
		ProcessInstance journey = startedAndInvited(inviter);
		friendFollows(this.codes.codeOf(inviter), journey, "Task_SendProgress");
		dispatch();
		moveClock(Duration.ofDays(7));

		passTimer("Event_Deadline", journey);

		assertThat(journey).isEnded().hasPassed("Event_Deadline", "Task_SendExpired", "EndEvent_Expired");
		assertThat(lastBody(inviter)).contains("共有 1 位好友为你助力", "还差 2 位");
		assertThat(this.rewards.of(inviter)).isEmpty();
	}

	@Test
	void customerNotFollowingEndsUnreachableWithoutWaiting() {
		String inviter = customer(new CustomerChanges(null, null, false, null, null));

		ProcessInstance journey = launched(ReferralJourneys.ASSIST_KEY, inviter);
		dispatch();

		assertThat(journey).isEnded()
			.hasPassed("Event_InviteUnreachable", "EndEvent_Unreachable")
			.hasNotPassed("Gateway_FriendOrDeadline");
		assertThat(statusesOf(inviter)).containsExactly("referral-assist-invite:FAILED");
	}

	private ProcessInstance startedAndInvited(String inviter) {
		ProcessInstance journey = launched(ReferralJourneys.ASSIST_KEY, inviter);
		assertThat(journey).isWaitingAt("Task_SendInvite").hasPassed("Task_InviteLink", "Task_CountAtStart");
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_FriendOrDeadline");
		return journey;
	}

	@Test
	void aFriendErasedOnHerRequestIsNamedNowhereInHerInvitersJourney() {
		String inviter = follower();
		ProcessInstance journey = startedAndInvited(inviter);
		String friend = newCustomerId();
		followsWith(friend, this.codes.codeOf(inviter));
		await().pollInSameThread()
			.atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(journey).isWaitingAt("Task_SendProgress"));
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_FriendOrDeadline").variables().containsEntry("inviteeId", friend);

		this.privacy.erase(friend);

		assertThat(journey).isWaitingAt("Gateway_FriendOrDeadline").variables().containsEntry("inviteeId", null);
		assertThat(DatabaseProbes.holding(this.jdbc, List.of(friend))).as("tables naming her after erasure").isEmpty();
	}

	/** A new friend follows through her link; her journey hears of it and goes on. */
	private void friendFollows(String code, ProcessInstance journey, String nextStep) {
		followsWith(newCustomerId(), code);
		// in this thread: the engine assertions find their engine through it
		await().pollInSameThread()
			.atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(journey).isWaitingAt(nextStep));
	}

	private void followsWith(String customerId, String code) {
		event(customerId, EventType.Followed, Map.of("scene", "invite", "inviteCode", code));
	}

	private void awaitTold(String inviter, int counted) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc
				.sql("select count(*) from customer_event where customer_id = :id and type = 'ReferralCounted'")
				.param("id", inviter)
				.query(Integer.class)
				.single() == counted);
	}

	private List<String> decisions(String inviter) {
		return this.jdbc.sql("select decision from referral where inviter_id = :id order by id desc")
			.param("id", inviter)
			.query(String.class)
			.list();
	}

	private String lastBody(String customerId) {
		List<String> bodies = bodiesSentTo(customerId);
		return bodies.get(bodies.size() - 1);
	}

	private String follower() {
		return customer(new CustomerChanges(null, null, true, null, null));
	}

}
