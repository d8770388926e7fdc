package dev.siyu.journey;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerPrivacy;
import dev.siyu.event.CustomerEvent;
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
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * Every path of {@code processes/referral-invite-reward.bpmn} (邀请有礼): it starts for the
 * friend when her invitation counts, and her first order rewards her and her inviter,
 * each with a code of her own. An inviter erased on her request is named nowhere after,
 * and her friend's journey goes on without her.
 */
class ReferralInviteRewardJourneyTest extends JourneyTestSupport {

	@Autowired
	ReferralCodes codes;

	@Autowired
	Rewards rewards;

	@Autowired
	CustomerPrivacy privacy;

	@Test
	void herFirstOrderRewardsHerAndHerInviterOnce() {
		String inviter = follower();
		String friend = newCustomerId();
		ProcessInstance journey = invitedAndWelcomed(friend, inviter);
		assertThat(journey).variables().containsEntry("inviterId", inviter);
		assertThat(channelsSentTo(friend)).containsExactly("WECHAT_OA:referral-welcome:SENT");

		purchase(friend);
		dispatch();
		dispatch();

		assertThat(journey).isEnded()
			.hasPassedInOrder("Event_Purchased", "Task_RewardInvitee", "Task_SendInviteeReward", "Task_RewardInviter",
					"Task_SendInviterReward", "EndEvent_BothRewarded")
			.hasNotPassed("Event_WindowOver");
		Rewards.Reward hers = this.rewards.of(friend).get(0);
		Rewards.Reward theirs = this.rewards.of(inviter).get(0);
		assertThat(this.rewards.of(friend)).hasSize(1);
		assertThat(this.rewards.of(inviter)).hasSize(1);
		assertThat(hers.offer()).isEqualTo(ReferralJourneys.OFFER_INVITEE);
		assertThat(theirs.offer()).isEqualTo(ReferralJourneys.OFFER_INVITER);
		assertThat(hers.code()).isNotEqualTo(theirs.code());
		assertThat(last(bodiesSentTo(friend))).contains("好友邀请首单礼", hers.code());
		assertThat(last(bodiesSentTo(inviter))).contains("你邀请的好友下了第一单", theirs.code()).doesNotContain(hers.code());
		assertThat(statusesOf(inviter)).containsExactly("referral-reward-inviter:SENT");
		// a second order of hers changes nothing
		purchase(friend);
		assertThat(this.rewards.of(friend)).hasSize(1);
		assertThat(journeysOf(friend, ReferralJourneys.INVITE_REWARD_KEY)).isEqualTo(1);
	}

	@Test
	void noOrderWithinThirtyDaysEndsWithoutRewards() {
		String inviter = follower();
		String friend = newCustomerId();
		ProcessInstance journey = invitedAndWelcomed(friend, inviter);
		moveClock(Duration.ofDays(30));

		execute(job("Event_WindowOver", journey));

		assertThat(journey).isEnded().hasPassed("Event_WindowOver", "EndEvent_NoFirstOrder");
		assertThat(this.rewards.of(friend)).isEmpty();
		assertThat(this.rewards.of(inviter)).isEmpty();
	}

	@Test
	void inviterOffTheOfficialAccountStillEarnsHerCode() {
		String inviter = customer(new CustomerChanges(null, null, false, null, null));
		String friend = newCustomerId();
		ProcessInstance journey = invitedAndWelcomed(friend, inviter);

		purchase(friend);
		dispatch();
		dispatch();

		assertThat(journey).isEnded().hasPassed("Event_InviterRewardUnreachable", "EndEvent_BothRewarded");
		assertThat(this.rewards.of(inviter)).singleElement()
			.satisfies((reward) -> assertThat(reward.offer()).isEqualTo(ReferralJourneys.OFFER_INVITER));
		assertThat(statusesOf(inviter)).containsExactly("referral-reward-inviter:FAILED");
		assertThat(statusesOf(friend)).containsExactly("referral-welcome:SENT", "referral-reward-invitee:SENT");
	}

	@Test
	void friendWhoIsNotNewToTheBrandStartsNothing() {
		String inviter = follower();
		String friend = follower();
		pastOrders(friend, 1);

		follows(friend, this.codes.codeOf(inviter));

		assertThat(journey(ReferralJourneys.INVITE_REWARD_KEY, friend)).isNull();
		assertThat(this.jdbc.sql("select decision from referral where invitee_id = :id")
			.param("id", friend)
			.query(String.class)
			.single()).isEqualTo("NOT_NEW");
	}

	@Test
	void anInviterErasedWhileHerFriendsJourneyHoldsAFailedMessageToHerLetsItEnd() {
		String inviter = follower();
		ProcessInstance journey = orderedAndInviterMessaged(inviter);
		// every attempt at the inviter's message failed: the dispatcher marked it and
		// told
		// the step, which waits with an incident until the message is retried
		Map<String, Object> message = this.jdbc.sql("select id, execution_id from message where customer_id = :id")
			.param("id", inviter)
			.query()
			.singleRow();
		long messageId = ((Number) message.get("id")).longValue();
		this.jdbc.sql("update message set status = 'FAILED', journey_notified = true where id = :id")
			.param("id", messageId)
			.update();
		this.engine.getRuntimeService()
			.signal((String) message.get("execution_id"), "FAILED", null, Map.of("lastMessageId", messageId));
		assertThat(journey).isWaitingAt("Task_SendInviterReward");
		assertThat(incidentsOf(journey)).isOne();

		this.privacy.erase(inviter);

		assertThat(journey).isEnded().hasPassed("Event_InviterRewardUnreachable", "EndEvent_BothRewarded");
		assertThat(incidentsOf(journey)).isZero();
	}

	@Test
	void aFriendErasedOnHerRequestIsNamedNowhereInHerInvitersRecords() {
		String inviter = follower();
		String friend = newCustomerId();
		invitedAndWelcomed(friend, inviter);
		assertThat(this.jdbc
			.sql("select properties from customer_event where customer_id = :id and type = 'ReferralCounted'")
			.param("id", inviter)
			.query(String.class)
			.single()).contains(friend);

		this.privacy.erase(friend);

		assertThat(DatabaseProbes.holding(this.jdbc, List.of(friend))).as("tables naming her after erasure").isEmpty();
		assertThat(this.jdbc
			.sql("select count(*) from customer_event where customer_id = :id and type = 'ReferralCounted'")
			.param("id", inviter)
			.query(Integer.class)
			.single()).as("the inviter keeps her event").isOne();
	}

	@Test
	void aFollowBackDatedBeyondADayDoesNotMakeAKnownCustomerNew() {
		String inviter = follower();
		String friend = newCustomerId();
		event(friend, EventType.LoggedIn, Map.of());
		OffsetDateTime beforeSiyuKnewHer = now().minusHours(1);
		moveClock(Duration.ofDays(3));

		this.intake.accept(new CustomerEvent("back-dated-follow-" + friend, friend, EventType.Followed,
				beforeSiyuKnewHer, new HashMap<>(Map.of("scene", "invite", "inviteCode", this.codes.codeOf(inviter)))));

		assertThat(this.jdbc.sql("select decision from referral where invitee_id = :id")
			.param("id", friend)
			.query(String.class)
			.single()).as("judged a day back at most: known two days by then").isEqualTo("NOT_NEW");
	}

	@Test
	void aFollowReachingSiyuHoursLateIsJudgedByWhenItHappened() {
		String inviter = follower();
		String friend = newCustomerId();
		// Siyu first hears of her at T0; she follows through the inviter's link ten
		// minutes later, and the follow is delivered three hours after that
		event(friend, EventType.LoggedIn, Map.of());
		OffsetDateTime followed = now().plusMinutes(10);
		moveClock(Duration.ofHours(3).plusMinutes(10));

		this.intake.accept(new CustomerEvent("late-follow-" + friend, friend, EventType.Followed, followed,
				new HashMap<>(Map.of("scene", "invite", "inviteCode", this.codes.codeOf(inviter)))));

		assertThat(this.jdbc.sql("select decision from referral where invitee_id = :id")
			.param("id", friend)
			.query(String.class)
			.single()).as("known ten minutes before the invitation, not three hours").isEqualTo("COUNTED");
		assertThat(journey(ReferralJourneys.INVITE_REWARD_KEY, friend)).isNotNull();
	}

	@Test
	void anInviterErasedBeforeHerFriendsOrderIsNamedNowhereAndHerFriendIsStillRewarded() {
		String inviter = follower();
		String friend = newCustomerId();
		ProcessInstance journey = invitedAndWelcomed(friend, inviter);

		this.privacy.erase(inviter);

		assertThat(journey).isWaitingAt("Gateway_OrderOrWindow").variables().containsEntry("inviterId", null);
		assertThat(DatabaseProbes.holding(this.jdbc, List.of(inviter))).as("tables naming her after erasure").isEmpty();
		assertThat(this.jdbc.sql("select properties from customer_event where customer_id = :id and type = 'Referred'")
			.param("id", friend)
			.query(String.class)
			.single()).as("the friend keeps her Referred event").contains("referralId");

		purchase(friend);
		dispatch();
		dispatch();

		assertThat(journey).isEnded()
			.hasPassedInOrder("Task_RewardInvitee", "Task_SendInviteeReward", "Task_RewardInviter",
					"Event_InviterRewardUnreachable", "EndEvent_BothRewarded");
		assertThat(this.rewards.of(friend)).singleElement()
			.satisfies((reward) -> assertThat(reward.offer()).isEqualTo(ReferralJourneys.OFFER_INVITEE));
		assertThat(this.rewards.of(inviter)).isEmpty();
		assertThat(statusesOf(inviter)).isEmpty();
		assertThat(statusesOf(friend)).containsExactly("referral-welcome:SENT", "referral-reward-invitee:SENT");
		assertThat(DatabaseProbes.holding(this.jdbc, List.of(inviter))).as("tables naming her at the end").isEmpty();
	}

	@Test
	void anInviterErasedWhileHerFriendsJourneyWaitsForHerMessageLetsItEnd() {
		String inviter = follower();
		ProcessInstance journey = orderedAndInviterMessaged(inviter);
		String friend = journey.getBusinessKey();
		assertThat(statusesOf(inviter)).containsExactly("referral-reward-inviter:PENDING");

		this.privacy.erase(inviter);

		assertThat(journey).isEnded().hasPassed("Event_InviterRewardUnreachable", "EndEvent_BothRewarded");
		assertThat(statusesOf(inviter)).isEmpty();
		assertThat(this.rewards.of(friend)).hasSize(1);
		assertThat(DatabaseProbes.holding(this.jdbc, List.of(inviter))).as("tables naming her after erasure").isEmpty();
	}

	/**
	 * A new friend of the inviter's orders; her journey has rewarded her and waits for
	 * the inviter's message to go out.
	 */
	private ProcessInstance orderedAndInviterMessaged(String inviter) {
		String friend = newCustomerId();
		ProcessInstance journey = invitedAndWelcomed(friend, inviter);
		purchase(friend);
		dispatch();
		assertThat(journey).isWaitingAt("Task_SendInviterReward");
		return journey;
	}

	/** She follows through the inviter's link; her journey starts and welcomes her. */
	private ProcessInstance invitedAndWelcomed(String friend, String inviter) {
		follows(friend, this.codes.codeOf(inviter));
		ProcessInstance journey = journey(ReferralJourneys.INVITE_REWARD_KEY, friend);
		assertThat(journey).isWaitingAt("StartEvent_Referred");
		execute(job(journey));
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_OrderOrWindow").hasPassed("Task_SendWelcome");
		// the inviter hears of her too
		await().atMost(Duration.ofSeconds(20))
			.until(() -> this.jdbc.sql("select count(*) from referral where invitee_id = :id and told_at is not null")
				.param("id", friend)
				.query(Integer.class)
				.single() == 1);
		return journey;
	}

	private void follows(String customerId, String code) {
		event(customerId, EventType.Followed, Map.of("scene", "invite", "inviteCode", code));
	}

	private long incidentsOf(ProcessInstance journey) {
		return this.engine.getRuntimeService().createIncidentQuery().processInstanceId(journey.getId()).count();
	}

	private int journeysOf(String customerId, String key) {
		return (int) this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(key)
			.processInstanceBusinessKey(customerId)
			.count();
	}

	private static String last(List<String> items) {
		return items.get(items.size() - 1);
	}

	private String follower() {
		return customer(new CustomerChanges(null, null, true, null, null));
	}

}
