package dev.siyu.journey;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.siyu.audience.AudienceLaunches;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.Order;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventType;
import dev.siyu.rules.BulkLayering;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * Every path of {@code processes/dormant-recall.bpmn} and its daily launch
 * {@code processes/dormant-recall-daily.bpmn}. Jobs are executed and messages dispatched
 * by the test, as the job executor and the dispatcher would.
 */
class DormantRecallJourneyTest extends JourneyTestSupport {

	private static final String PHONE = "13800003333";

	private static final String INVALID_PHONE = "10000000000";

	@Autowired
	private BulkLayering layering;

	@Test
	void dailyLaunchStartsTheRecallForSilentAndChurnedCustomersOnlyAndNobodyTwice() {
		String silent = customer(CustomerChanges.none());
		String churned = customer(CustomerChanges.none());
		loggedIn(churned, now().minusDays(100));
		String active = customer(CustomerChanges.none());
		loggedIn(active, now());
		this.layering.runNow("test");

		AudienceLaunches.Launch first = launchedByTimer(DormantRecall.DAILY_KEY);
		AudienceLaunches.Launch again = launchedByTimer(DormantRecall.DAILY_KEY);

		assertThat(first.status()).isEqualTo("DONE");
		assertThat(first.audience())
			.hasToString("{\"layer\":{\"ruleSet\":\"activity\",\"in\":[\"SILENT\",\"CHURNED\"]}}");
		assertThat(first.started()).isGreaterThanOrEqualTo(2);
		assertThat(journey(DormantRecall.KEY, silent)).isNotNull();
		assertThat(journey(DormantRecall.KEY, churned)).isNotNull();
		assertThat(journey(DormantRecall.KEY, active)).isNull();
		assertThat(again.status()).isEqualTo("DONE");
		assertThat(again.started()).isZero();
		assertThat(instancesOf(silent)).isEqualTo(1);
		assertThat(instancesOf(churned)).isEqualTo(1);
	}

	@Test
	void customerWithBigOldSpendGetsTheBigRecallCoupon() {
		String customer = customer(new CustomerChanges("李女士", null, true, null, null));
		pastOrder(customer, new BigDecimal("1500.00"), 60);

		ProcessInstance journey = launched(DormantRecall.KEY, customer);

		assertThat(journey).variables()
			.containsEntry(DormantRecall.VAR_OFFER_CODE, "RECALL_BIG_COUPON")
			.containsEntry("offerCodeRule", "Recall: important customers we are losing get a big coupon");
		dispatch();
		assertThat(bodiesSentTo(customer)).singleElement().asString().contains("回归大礼 满299减100 券");
	}

	@Test
	void frequentBigSpenderWhoLapsedGetsTheVipGift() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		pastOrder(customer, new BigDecimal("400.00"), 40);
		pastOrder(customer, new BigDecimal("400.00"), 80);
		pastOrder(customer, new BigDecimal("400.00"), 120);

		ProcessInstance journey = launched(DormantRecall.KEY, customer);

		assertThat(journey).variables()
			.containsEntry(DormantRecall.VAR_OFFER_CODE, "RECALL_VIP_GIFT")
			.containsEntry("offerCodeRule", "Recall: important but lapsed customers get a VIP gift");
		dispatch();
		assertThat(bodiesSentTo(customer)).singleElement().asString().contains("老友回归礼 会员专属礼盒");
	}

	@Test
	void purchaseAfterTheFirstTouchRecallsHer() {
		String customer = customer(new CustomerChanges(null, PHONE, true, null, Set.of(DormantRecall.TAG_LOST)));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		assertThat(journey).isWaitingAt(DormantRecall.TASK_SEND_OA_1);
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_RecalledOrTimeout1");

		purchase(customer);

		assertThat(journey).isEnded()
			.hasPassedInOrder("Task_DecideOffer", "Task_CheckCustomer", DormantRecall.TASK_SEND_OA_1,
					"Event_PurchasedAfterFirstTouch", "Task_TagRecalledAfterFirstTouch",
					"EndEvent_RecalledAfterFirstTouch")
			.variables()
			.containsEntry("offerCode", "RECALL_CARE_MESSAGE")
			.containsEntry("goalReached", true);
		assertThat(tagsOf(customer)).contains(DormantRecall.TAG_RECALLED).doesNotContain(DormantRecall.TAG_LOST);
		assertThat(statusesOf(customer)).containsExactly("dormant-recall-oa:SENT");
	}

	@Test
	void loginAfterTheSecondTouchRecallsHer() {
		String customer = customer(new CustomerChanges(null, PHONE, true, null, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		dispatch();
		passTimer("Event_Wait3DaysAfterFirstTouch", journey);
		assertThat(journey).isWaitingAt("Gateway_RecalledOrTimeout2");

		loggedIn(customer, now());

		assertThat(journey).isEnded()
			.hasPassed(DormantRecall.TASK_SEND_SMS_2, "Event_LoggedInAfterSecondTouch",
					"Task_TagRecalledAfterSecondTouch", "EndEvent_RecalledAfterSecondTouch")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(tagsOf(customer)).contains(DormantRecall.TAG_RECALLED);
	}

	@Test
	void noReactionAfterBothTouchesTagsHerLostAfterSixDays() {
		String customer = customer(new CustomerChanges(null, PHONE, true, null, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		dispatch();

		Job firstWait = job("Event_Wait3DaysAfterFirstTouch", journey);
		assertThat(firstWait.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(3))));
		moveClock(Duration.ofDays(3));
		passTimer("Event_Wait3DaysAfterFirstTouch", journey);
		Job secondWait = job("Event_Wait3DaysAfterSecondTouch", journey);
		assertThat(secondWait.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(6))));
		moveClock(Duration.ofDays(3));
		execute(secondWait);

		assertThat(journey).isEnded()
			.hasPassed("Task_TagLost", "EndEvent_Lost")
			.variables()
			.doesNotContainKey("goalReached");
		assertThat(tagsOf(customer)).contains(DormantRecall.TAG_LOST).doesNotContain(DormantRecall.TAG_RECALLED);
		assertThat(statusesOf(customer)).containsExactly("dormant-recall-oa:SENT", "dormant-recall-sms:SENT");
	}

	@Test
	void followerWithPhoneGetsTheOaFirstAndTheSmsSecond() {
		String customer = customer(new CustomerChanges(null, PHONE, true, true, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		dispatch();
		assertThat(journey).variables().containsEntry(DormantRecall.VAR_FIRST_CHANNEL, "WECHAT_OA");

		passTimer("Event_Wait3DaysAfterFirstTouch", journey);

		assertThat(journey).isWaitingAt("Gateway_RecalledOrTimeout2")
			.hasPassedInOrder(DormantRecall.TASK_SEND_OA_1, "Event_TouchedByOa", "Task_CheckCustomerAgain",
					DormantRecall.TASK_SEND_SMS_2)
			.hasNotPassed(DormantRecall.TASK_SEND_SMS_1, DormantRecall.TASK_SEND_WECOM_2, DormantRecall.TASK_SEND_OA_2);
		assertThat(channelsSentTo(customer)).containsExactly("WECHAT_OA:dormant-recall-oa:SENT",
				"SMS:dormant-recall-sms:SENT");
	}

	@Test
	void customerWithOnlyAPhoneGetsTheSmsFirstAndWecomSecond() {
		String customer = customer(new CustomerChanges(null, PHONE, false, true, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		dispatch();
		assertThat(journey).variables().containsEntry(DormantRecall.VAR_FIRST_CHANNEL, "SMS");

		passTimer("Event_Wait3DaysAfterFirstTouch", journey);

		assertThat(journey).isWaitingAt("Gateway_RecalledOrTimeout2")
			.hasPassed(DormantRecall.TASK_SEND_SMS_1, DormantRecall.TASK_SEND_WECOM_2)
			.hasNotPassed(DormantRecall.TASK_SEND_SMS_2);
		assertThat(channelsSentTo(customer)).containsExactly("SMS:dormant-recall-sms:SENT",
				"WECOM:dormant-recall-wecom:SENT");
	}

	@Test
	void customerReachableOnlyByWecomGetsOneWecomTouchThenWaitsThreeMoreDays() {
		String customer = customer(new CustomerChanges(null, null, false, true, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		assertThat(journey).isWaitingAt(DormantRecall.TASK_SEND_WECOM_1);
		dispatch();
		assertThat(journey).variables().containsEntry(DormantRecall.VAR_FIRST_CHANNEL, "WECOM");

		passTimer("Event_Wait3DaysAfterFirstTouch", journey);

		assertThat(journey).isWaitingAt("Gateway_RecalledOrTimeout2")
			.hasNotPassed(DormantRecall.TASK_SEND_SMS_2, DormantRecall.TASK_SEND_WECOM_2, DormantRecall.TASK_SEND_OA_2);
		assertThat(channelsSentTo(customer)).containsExactly("WECOM:dormant-recall-wecom:SENT");

		purchase(customer);

		assertThat(journey).isEnded().hasPassed("Event_PurchasedAfterSecondTouch", "EndEvent_RecalledAfterSecondTouch");
	}

	@Test
	void customerWithNoChannelEndsUnreachable() {
		String customer = customer(CustomerChanges.none());

		ProcessInstance journey = launched(DormantRecall.KEY, customer);

		assertThat(journey).isEnded()
			.hasPassed("Gateway_FirstByWecom", "EndEvent_Unreachable")
			.hasNotPassed(DormantRecall.TASK_SEND_OA_1, DormantRecall.TASK_SEND_SMS_1, DormantRecall.TASK_SEND_WECOM_1);
		assertThat(templatesSentTo(customer)).isEmpty();
	}

	@Test
	void invalidNumberAsTheOnlyChannelEndsUnreachable() {
		String customer = customer(new CustomerChanges(null, INVALID_PHONE, false, false, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		assertThat(journey).isWaitingAt(DormantRecall.TASK_SEND_SMS_1);

		dispatch();

		assertThat(journey).isEnded().hasPassed("Event_Sms1Unreachable", "EndEvent_Unreachable");
		assertThat(statusesOf(customer)).containsExactly("dormant-recall-sms:FAILED");
	}

	@Test
	void oaRefusedAtTheFirstTouchFallsThroughToTheSms() {
		String customer = customer(new CustomerChanges(null, PHONE, true, false, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		assertThat(journey).isWaitingAt(DormantRecall.TASK_SEND_OA_1);
		event(customer, EventType.Unfollowed, Map.of());

		dispatch(); // the OA refuses (43004); the SMS is enqueued
		dispatch();

		assertThat(journey).isWaitingAt("Gateway_RecalledOrTimeout1")
			.hasPassed("Event_Oa1Unreachable", DormantRecall.TASK_SEND_SMS_1, "Event_TouchedBySms")
			.variables()
			.containsEntry(DormantRecall.VAR_FIRST_CHANNEL, "SMS");
		assertThat(channelsSentTo(customer)).containsExactly("WECHAT_OA:dormant-recall-oa:FAILED",
				"SMS:dormant-recall-sms:SENT");
	}

	@Test
	void invalidNumberAtTheSecondTouchFallsThroughToWecom() {
		String customer = customer(new CustomerChanges(null, INVALID_PHONE, true, true, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		dispatch();

		passTimer("Event_Wait3DaysAfterFirstTouch", journey);
		dispatch();

		assertThat(journey).isWaitingAt("Gateway_RecalledOrTimeout2")
			.hasPassedInOrder(DormantRecall.TASK_SEND_OA_1, DormantRecall.TASK_SEND_SMS_2, "Event_Sms2Unreachable",
					DormantRecall.TASK_SEND_WECOM_2);
		assertThat(channelsSentTo(customer)).containsExactly("WECHAT_OA:dormant-recall-oa:SENT",
				"SMS:dormant-recall-sms:FAILED", "WECOM:dormant-recall-wecom:SENT");
	}

	@Test
	void purchaseWhileTheFirstTouchWaitsInTheOutboxRecallsHerAndStopsTheMessage() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		assertThat(journey).isWaitingAt(DormantRecall.TASK_SEND_OA_1);

		purchase(customer);
		dispatch();

		assertThat(journey).isEnded()
			.hasPassed("Task_TagRecalledByPurchase", "EndEvent_GoalPurchased")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(tagsOf(customer)).contains(DormantRecall.TAG_RECALLED);
		assertThat(statusesOf(customer)).containsExactly("dormant-recall-oa:SUPPRESSED");
	}

	@Test
	void loginWhileTheFirstTouchWaitsInTheOutboxRecallsHer() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		assertThat(journey).isWaitingAt(DormantRecall.TASK_SEND_OA_1);

		loggedIn(customer, now());
		dispatch();

		assertThat(journey).isEnded()
			.hasPassed("Task_TagRecalledByLogin", "EndEvent_RecalledByLogin")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(tagsOf(customer)).contains(DormantRecall.TAG_RECALLED);
		assertThat(statusesOf(customer)).containsExactly("dormant-recall-oa:SUPPRESSED");
	}

	@Test
	void purchaseThatRacedTheTimerStopsTheSecondTouch() {
		String customer = customer(new CustomerChanges(null, PHONE, true, null, null));
		ProcessInstance journey = launched(DormantRecall.KEY, customer);
		dispatch();
		// the purchase reached the store, but its message missed the journey (it was busy
		// with the timer)
		eventMissedByJourneys(customer, EventType.Purchased);

		execute(job("Event_Wait3DaysAfterFirstTouch", journey));

		assertThat(journey).isEnded()
			.hasPassed("Task_TagRecalledBeforeSend", "EndEvent_GoalReachedBeforeSend")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(templatesSentTo(customer)).containsExactly("dormant-recall-oa");
	}

	@Test
	void customerRecalledLessThanThirtyDaysAgoIsNotLaunchedAgain() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance ended = launched(DormantRecall.KEY, customer);
		assertThat(ended).isEnded();

		moveClock(Duration.ofDays(29));
		assertThat(launch(DormantRecall.KEY, customer)).isFalse();
		moveClock(Duration.ofDays(2));
		assertThat(launch(DormantRecall.KEY, customer)).isTrue();
	}

	private long instancesOf(String customer) {
		return this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(DormantRecall.KEY)
			.processInstanceBusinessKey(customer)
			.count();
	}

	private void loggedIn(String customer, OffsetDateTime at) {
		this.intake.accept(new CustomerEvent(UUID.randomUUID().toString(), customer, EventType.LoggedIn, at, Map.of()));
	}

	private void pastOrder(String customer, BigDecimal amount, int daysAgo) {
		this.orders.record(new Order(customer + "-old-" + daysAgo, customer, amount,
				OffsetDateTime.ofInstant(T0.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC),
				List.of(new Order.Item("MILK-59", 1, amount))), null);
	}

}
