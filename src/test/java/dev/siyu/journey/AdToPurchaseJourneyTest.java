package dev.siyu.journey;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * Every path of {@code processes/ad-to-purchase.bpmn}. Jobs are executed and messages
 * dispatched by the test, as the job executor and the dispatcher would.
 */
class AdToPurchaseJourneyTest extends JourneyTestSupport {

	private static final Map<String, Object> LEAD = Map.of("adPlanId", "plan-618");

	@Test
	void followerGetsFirstContentAtOnceWithTheFirstOrderOffer() {
		String customer = customer(new CustomerChanges("王小明", null, true, null, null));

		ProcessInstance journey = leadCaptured(customer);
		assertThat(journey).isWaitingAt("Task_SendContent1");
		dispatch();

		assertThat(journey).isWaitingAt("Gateway_PurchasedOrTimeout1")
			.hasPassedInOrder("StartEvent_AdLeadCaptured", "Task_CheckCustomer", "Gateway_AlreadyFollowing",
					"Task_DecideOffer", "Task_SendContent1")
			.hasNotPassed("Task_SendSmsInvite")
			.variables()
			.containsEntry("offerCode", "FIRST_ORDER_TRIAL")
			.containsEntry("offerCodeRule", "Nurture: non-buyer gets the low-threshold first-order trial");
		assertThat(statusesOf(customer)).containsExactly("oa-content-1:SENT");
	}

	@Test
	void repeatBuyerGetsTheHighValueCoupon() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		pastOrders(customer, 2);

		ProcessInstance journey = leadCaptured(customer);

		assertThat(journey).variables().containsEntry("offerCode", "REPEAT_BUYER_COUPON");
	}

	@Test
	void leadWithPhoneGetsSmsInviteAndContentOnceFollowed() {
		String customer = customer(new CustomerChanges(null, "13800001111", false, null, null));

		ProcessInstance journey = leadCaptured(customer);
		assertThat(journey).isWaitingAt("Task_SendSmsInvite");
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_FollowedOrTimeout").hasPassed("Task_SendSmsInvite");
		assertThat(statusesOf(customer)).containsExactly("sms-follow-invite:SENT");

		this.intake.accept(followed(customer));
		execute(job("Event_Followed", journey));
		dispatch();

		assertThat(journey).isWaitingAt("Gateway_PurchasedOrTimeout1").hasPassed("Event_Followed", "Task_SendContent1");
		assertThat(statusesOf(customer)).containsExactly("sms-follow-invite:SENT", "oa-content-1:SENT");
	}

	/**
	 * People tap the link in the SMS within seconds: each follow comes while the journey
	 * is still in its send step's continuation, before it waits at the gateway. Kept for
	 * the journey, it is handed over when the journey gets there.
	 */
	@Test
	void leadsWhoFollowTheMomentTheSmsInviteIsSentAllGetTheFirstContent() {
		List<String> leads = IntStream.range(0, 30)
			.mapToObj((i) -> customer(new CustomerChanges(null, "138000030" + (10 + i), false, null, null)))
			.toList();
		List<ProcessInstance> journeys = leads.stream().map(this::leadCaptured).toList();
		this.dispatcher.dispatchDue();

		leads.forEach((lead) -> this.intake.accept(followed(lead)));
		journeys.forEach((journey) -> runJobs(journey.getId()));
		dispatch();

		assertThat(journeys).allSatisfy((journey) -> assertThat(journey).isWaitingAt("Gateway_PurchasedOrTimeout1")
			.hasPassedInOrder("Task_SendSmsInvite", "Event_Followed", "Task_SendContent1"));
		assertThat(leads).allSatisfy(
				(lead) -> assertThat(statusesOf(lead)).containsExactly("sms-follow-invite:SENT", "oa-content-1:SENT"));
	}

	@Test
	void invalidPhoneIsUnreachableAndTheJourneyStillWaitsForTheFollow() {
		String customer = customer(new CustomerChanges(null, "10000000000", false, null, null));

		ProcessInstance journey = leadCaptured(customer);
		dispatch();

		assertThat(journey).isWaitingAt("Gateway_FollowedOrTimeout").hasPassed("Event_SmsUnreachable");
		assertThat(statusesOf(customer)).containsExactly("sms-follow-invite:FAILED");
	}

	@Test
	void leadWithoutPhoneGetsNoSmsButStillWaitsForTheFollow() {
		String customer = customer(CustomerChanges.none());

		ProcessInstance journey = leadCaptured(customer);

		assertThat(journey).isWaitingAt("Gateway_FollowedOrTimeout").hasNotPassed("Task_SendSmsInvite");
		assertThat(templatesSentTo(customer)).isEmpty();
	}

	@Test
	void leadWhoNeverFollowsEndsAsNotFollowedAfter48Hours() {
		String customer = customer(new CustomerChanges(null, "13800002222", false, null, null));
		ProcessInstance journey = leadCaptured(customer);
		dispatch();

		Job window = job("Event_FollowWindowOver", journey);
		assertThat(window.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofHours(48))));
		execute(window);

		assertThat(journey).isEnded().hasPassed("EndEvent_NotFollowed").hasNotPassed("Task_SendContent1");
		assertThat(templatesSentTo(customer)).containsExactly("sms-follow-invite");
	}

	@Test
	void purchaseAfterFirstContentEndsTheJourneyWithTheGoal() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = leadCaptured(customer);
		dispatch();

		purchase(customer);

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_PurchasedAfterContent1")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(templatesSentTo(customer)).containsExactly("oa-content-1");
	}

	@Test
	void purchaseAfterSecondContentEndsTheJourneyWithTheGoal() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = leadCaptured(customer);
		dispatch();
		passTimer("Event_Wait4hAfterContent1", journey);
		assertThat(journey).isWaitingAt("Gateway_PurchasedOrTimeout2");

		purchase(customer);

		assertThat(journey).isEnded().hasPassed("Task_SendContent2", "EndEvent_PurchasedAfterContent2");
		assertThat(templatesSentTo(customer)).containsExactly("oa-content-1", "oa-content-2");
	}

	@Test
	void purchaseAfterThirdContentEndsTheJourneyBeforeTheWecomInvite() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = leadCaptured(customer);
		dispatch();
		passTimer("Event_Wait4hAfterContent1", journey);
		passTimer("Event_Wait4hAfterContent2", journey);
		assertThat(journey).isWaitingAt("Event_Wait24hAfterContent3");

		purchase(customer);

		assertThat(journey).isEnded()
			.hasPassed("Task_SendContent3", "EndEvent_GoalPurchased")
			.hasNotPassed("Task_SendWecomQr")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(templatesSentTo(customer)).containsExactly("oa-content-1", "oa-content-2", "oa-content-3");
	}

	@Test
	void noPurchaseAtAllGetsTheWecomQrThenEndsWhenTheWindowCloses() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = leadCaptured(customer);
		dispatch();
		moveClock(Duration.ofHours(4));
		passTimer("Event_Wait4hAfterContent1", journey);
		moveClock(Duration.ofHours(4));
		passTimer("Event_Wait4hAfterContent2", journey);

		Job dayAfterLastContent = job("Event_Wait24hAfterContent3", journey);
		assertThat(dayAfterLastContent.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofHours(8 + 24))));
		moveClock(Duration.ofHours(24));
		passTimer("Event_Wait24hAfterContent3", journey);
		assertThat(journey).isWaitingAt("Gateway_FriendOrWindowClosed");

		Job windowClosed = job("Event_NurtureWindowClosed", journey);
		assertThat(windowClosed.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofHours(48))));
		execute(windowClosed);

		assertThat(journey).isEnded().hasPassed("EndEvent_NotConverted").variables().doesNotContainKey("goalReached");
		assertThat(statusesOf(customer)).containsExactly("oa-content-1:SENT", "oa-content-2:SENT", "oa-content-3:SENT",
				"wecom-qr-invite:SENT");
	}

	@Test
	void wecomFriendAfterTheQrCodeReachesTheSecondGoal() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = leadCaptured(customer);
		dispatch();
		passTimer("Event_Wait4hAfterContent1", journey);
		passTimer("Event_Wait4hAfterContent2", journey);
		passTimer("Event_Wait24hAfterContent3", journey);

		event(customer, EventType.WecomFriendAdded, Map.of());

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_WecomFriendAdded")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(this.customers.find(customer).orElseThrow().wecomFriend()).isTrue();
	}

	@Test
	void purchaseThatRacedTheTimerStopsTheNextSend() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = leadCaptured(customer);
		dispatch();
		// the purchase reached the store, but its message missed the journey (it was busy
		// with the timer)
		eventMissedByJourneys(customer, EventType.Purchased);

		execute(job("Event_Wait4hAfterContent1", journey));

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_GoalReachedBeforeSend")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(templatesSentTo(customer)).containsExactly("oa-content-1");
	}

	@Test
	void purchaseWhileAContentWaitsInTheOutboxStopsThatContent() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = leadCaptured(customer);
		assertThat(journey).isWaitingAt("Task_SendContent1");

		purchase(customer);
		dispatch();

		assertThat(journey).isEnded().hasPassed("EndEvent_GoalPurchased");
		assertThat(statusesOf(customer)).containsExactly("oa-content-1:SUPPRESSED");
	}

	@Test
	void contentDueInQuietHoursWaitsForMorningAndHoldsTheJourney() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance journey = leadCaptured(customer);
		dispatch();
		moveClock(Duration.ofHours(13)); // 23:00 in Shanghai
		passTimer("Event_Wait4hAfterContent1", journey);

		assertThat(journey).isWaitingAt("Task_SendContent2");
		assertThat(statusesOf(customer)).containsExactly("oa-content-1:SENT", "oa-content-2:DEFERRED");

		moveClock(Duration.ofHours(9)); // 08:00
		dispatch();

		assertThat(journey).isWaitingAt("Gateway_PurchasedOrTimeout2");
		assertThat(statusesOf(customer)).containsExactly("oa-content-1:SENT", "oa-content-2:SENT");
	}

	@Test
	void duplicateLeadEventStartsNothingTwice() {
		String customer = customer(new CustomerChanges(null, null, true, null, null));

		assertThat(event("lead-" + customer, customer, EventType.AdLeadCaptured, LEAD))
			.isEqualTo(EventIntake.Outcome.ACCEPTED);
		assertThat(event("lead-" + customer, customer, EventType.AdLeadCaptured, LEAD))
			.isEqualTo(EventIntake.Outcome.DUPLICATE);
		assertThat(event("another-lead-" + customer, customer, EventType.AdLeadCaptured, LEAD))
			.isEqualTo(EventIntake.Outcome.ACCEPTED);

		assertThat(this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(AdToPurchase.KEY)
			.processInstanceBusinessKey(customer)
			.count()).isEqualTo(1);
	}

	private ProcessInstance leadCaptured(String customer) {
		event(customer, EventType.AdLeadCaptured, LEAD);
		ProcessInstance journey = journey(AdToPurchase.KEY, customer);
		assertThat(journey).isStarted().isWaitingAt("StartEvent_AdLeadCaptured");
		execute(job(journey));
		return journey;
	}

	private CustomerEvent followed(String customer) {
		return new CustomerEvent("follow-" + customer, customer, EventType.Followed, now(), Map.of());
	}

}
