package dev.siyu.journey;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import dev.siyu.audience.AudienceLaunches;
import dev.siyu.customer.CustomerChanges;
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
 * Every path of {@code processes/sms-invite-to-follow.bpmn} and its daily launch
 * {@code processes/sms-invite-to-follow-daily.bpmn}. Jobs are executed and messages
 * dispatched by the test, as the job executor and the dispatcher would.
 */
class SmsInviteToFollowJourneyTest extends JourneyTestSupport {

	private static final String PHONE = "13800004444";

	private static final String INVALID_PHONE = "10000000000";

	private static final String GENERIC_LINK = "https://m.siyu.example/wecom-qr.png";

	@Autowired
	private BulkLayering layering;

	@Test
	void dailyLaunchStartsTheInviteForTaggedLeadsOnlyAndNobodyTwice() {
		String tagged = customer(lead(Set.of(SmsInviteToFollow.TAG_LEAD_NOT_FOLLOWING)));
		String untagged = customer(lead(null));
		this.layering.runNow("test");

		AudienceLaunches.Launch first = launchedByTimer(SmsInviteToFollow.DAILY_KEY);
		AudienceLaunches.Launch again = launchedByTimer(SmsInviteToFollow.DAILY_KEY);

		assertThat(first.status()).isEqualTo("DONE");
		assertThat(first.audience()).hasToString("{\"and\":[{\"layer\":{\"ruleSet\":\"activity\"}},{\"tag\":\""
				+ SmsInviteToFollow.TAG_LEAD_NOT_FOLLOWING + "\"}]}");
		assertThat(first.started()).isGreaterThanOrEqualTo(1);
		assertThat(journey(SmsInviteToFollow.KEY, tagged)).isNotNull();
		assertThat(journey(SmsInviteToFollow.KEY, untagged)).isNull();
		assertThat(again.status()).isEqualTo("DONE");
		assertThat(again.started()).isZero();
		assertThat(instancesOf(tagged)).isEqualTo(1);
	}

	@Test
	void followAfterTheFirstInviteConvertsWithOneSms() {
		String customer = customer(lead(null));
		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);
		assertThat(journey).isWaitingAt(SmsInviteToFollow.TASK_SEND_INVITE_1);
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_FollowedOrTimeout1");

		followed(customer);

		assertThat(journey).isEnded()
			.hasPassedInOrder("Task_CheckCustomer", "Event_InviteLinkChosen", SmsInviteToFollow.TASK_SEND_INVITE_1,
					"Event_FollowedAfterInvite1", "EndEvent_FollowedAfterInvite1")
			.hasNotPassed("Task_DecideOffer", SmsInviteToFollow.TASK_SEND_INVITE_2)
			.variables()
			.containsEntry(SmsInviteToFollow.VAR_HAS_LANDING_PAGE, false)
			.containsEntry("goalReached", true);
		assertThat(statusesOf(customer)).containsExactly("sms-invite-1:SENT");
		assertThat(bodiesSentTo(customer)).singleElement().asString().contains(GENERIC_LINK).endsWith("拒收请回复R");
	}

	/**
	 * People tap the link in the SMS within seconds: the follow comes while each journey
	 * is still in its send step's continuation, before it waits at the gateway; the
	 * journey's "follow at any moment" sub-process takes it.
	 */
	@Test
	void leadsWhoFollowTheMomentTheInviteIsSentAllConvertWithOneSms() {
		List<String> leads = IntStream.range(0, 30).mapToObj((i) -> customer(lead(null))).toList();
		List<ProcessInstance> journeys = leads.stream().map((lead) -> launched(SmsInviteToFollow.KEY, lead)).toList();
		this.dispatcher.dispatchDue();

		leads.forEach(this::followed);
		journeys.forEach((journey) -> runJobs(journey.getId()));

		assertThat(journeys).allSatisfy((journey) -> assertThat(journey).isEnded()
			.hasNotPassed(SmsInviteToFollow.TASK_SEND_INVITE_2)
			.variables()
			.containsEntry("goalReached", true));
		assertThat(leads).allSatisfy((lead) -> assertThat(statusesOf(lead)).containsExactly("sms-invite-1:SENT"));
	}

	@Test
	void followAfterTheSecondInviteConvertsWithTwoSmsTheSecondCarryingTheOffer() {
		String customer = customer(lead(null));
		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);
		dispatch();
		moveClock(Duration.ofHours(48));
		passTimer("Event_Wait48hAfterInvite1", journey);
		assertThat(journey).isWaitingAt("Gateway_FollowedOrTimeout2");

		followed(customer);

		assertThat(journey).isEnded()
			.hasPassedInOrder(SmsInviteToFollow.TASK_SEND_INVITE_1, "Event_Wait48hAfterInvite1", "Task_DecideOffer",
					SmsInviteToFollow.TASK_SEND_INVITE_2, "Event_FollowedAfterInvite2", "EndEvent_FollowedAfterInvite2")
			.variables()
			.containsEntry(SmsInviteToFollow.VAR_OFFER_CODE, "FIRST_ORDER_TRIAL")
			.containsEntry("offerCodeRule", "Nurture: non-buyer gets the low-threshold first-order trial")
			.containsEntry("goalReached", true);
		assertThat(statusesOf(customer)).containsExactly("sms-invite-1:SENT", "sms-invite-2:SENT");
		assertThat(bodiesSentTo(customer).get(1)).contains("新客首单 9.9元 尝鲜装").contains(GENERIC_LINK).endsWith("拒收请回复R");
	}

	@Test
	void leadWhoNeverFollowsEndsNotFollowedAfterNinetySixHours() {
		String customer = customer(lead(null));
		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);
		dispatch();

		Job firstWait = job("Event_Wait48hAfterInvite1", journey);
		assertThat(firstWait.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofHours(48))));
		moveClock(Duration.ofHours(48));
		passTimer("Event_Wait48hAfterInvite1", journey);
		Job secondWait = job("Event_Wait48hAfterInvite2", journey);
		assertThat(secondWait.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofHours(96))));
		moveClock(Duration.ofHours(48));
		execute(secondWait);

		assertThat(journey).isEnded()
			.hasPassed(SmsInviteToFollow.TASK_SEND_INVITE_2, "EndEvent_NotFollowed")
			.variables()
			.doesNotContainKey("goalReached");
		assertThat(statusesOf(customer)).containsExactly("sms-invite-1:SENT", "sms-invite-2:SENT");
	}

	@Test
	void customerWhoAlreadyFollowsEndsAtOnceWithoutSms() {
		String customer = customer(new CustomerChanges(null, PHONE, true, null, null));

		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);

		assertThat(journey).isEnded()
			.hasPassed("Gateway_AlreadyFollowing", "EndEvent_AlreadyFollowing")
			.hasNotPassed(SmsInviteToFollow.TASK_SEND_INVITE_1)
			.variables()
			.doesNotContainKey("goalReached");
		assertThat(templatesSentTo(customer)).isEmpty();
	}

	@Test
	void customerWithoutPhoneEndsAtOnceWithoutSms() {
		String customer = customer(new CustomerChanges(null, null, false, null, null));

		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);

		assertThat(journey).isEnded()
			.hasPassed("Gateway_HasPhone", "EndEvent_NoPhone")
			.hasNotPassed(SmsInviteToFollow.TASK_SEND_INVITE_1);
		assertThat(templatesSentTo(customer)).isEmpty();
	}

	@Test
	void invalidNumberEndsNumberUnreachable() {
		String customer = customer(new CustomerChanges(null, INVALID_PHONE, false, null, null));
		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);
		assertThat(journey).isWaitingAt(SmsInviteToFollow.TASK_SEND_INVITE_1);

		dispatch();

		assertThat(journey).isEnded()
			.hasPassed("Event_Invite1Unreachable", "EndEvent_Unreachable")
			.hasNotPassed("Gateway_FollowedOrTimeout1");
		assertThat(statusesOf(customer)).containsExactly("sms-invite-1:FAILED");
	}

	@Test
	void inviteDueAtTenInTheEveningGoesAtEightInTheMorning() {
		String customer = customer(lead(null));
		moveClock(Duration.ofHours(12)); // 22:00 in Shanghai
		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);
		dispatch();

		assertThat(journey).isWaitingAt(SmsInviteToFollow.TASK_SEND_INVITE_1);
		assertThat(statusesOf(customer)).containsExactly("sms-invite-1:DEFERRED");

		moveClock(Duration.ofHours(10)); // 08:00
		dispatch();

		assertThat(journey).isWaitingAt("Gateway_FollowedOrTimeout1");
		assertThat(statusesOf(customer)).containsExactly("sms-invite-1:SENT");
		assertThat(job("Event_Wait48hAfterInvite1", journey).getDuedate())
			.isEqualTo(Date.from(T0.plus(Duration.ofHours(22 + 48))));
	}

	@Test
	void followWhileTheInviteWaitsForTheMorningConvertsAndStopsTheInvite() {
		String customer = customer(lead(null));
		moveClock(Duration.ofHours(12)); // 22:00 in Shanghai
		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);
		dispatch();

		followed(customer);
		moveClock(Duration.ofHours(10));
		dispatch();

		assertThat(journey).isEnded()
			.hasPassed("StartEvent_Followed", "EndEvent_GoalFollowed")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(statusesOf(customer)).containsExactly("sms-invite-1:SUPPRESSED");
	}

	@Test
	void followThatRacedTheTimerStopsTheSecondInvite() {
		String customer = customer(lead(null));
		ProcessInstance journey = launched(SmsInviteToFollow.KEY, customer);
		dispatch();
		// the follow reached the store, but its message missed the journey (it was busy
		// with the timer)
		eventMissedByJourneys(customer, EventType.Followed);

		execute(job("Event_Wait48hAfterInvite1", journey));

		assertThat(journey).isEnded()
			.hasPassed("StartEvent_GoalReachedBeforeSend", "EndEvent_GoalReachedBeforeSend")
			.variables()
			.containsEntry("goalReached", true);
		assertThat(templatesSentTo(customer)).containsExactly("sms-invite-1");
	}

	@Test
	void leadWithAnAdPlanIsInvitedToItsLandingPage() {
		String customer = customer(lead(null));
		assertThat(this.starter.start(this.starter.latest(SmsInviteToFollow.KEY), customer,
				Map.of(AdToPurchase.VAR_AD_PLAN_ID, "plan-618")))
			.isTrue();
		ProcessInstance journey = journey(SmsInviteToFollow.KEY, customer);
		execute(job(journey));

		dispatch();

		assertThat(journey).variables().containsEntry(SmsInviteToFollow.VAR_HAS_LANDING_PAGE, true);
		assertThat(bodiesSentTo(customer)).singleElement()
			.asString()
			.contains("https://m.siyu.example/l/plan-618")
			.doesNotContain(GENERIC_LINK);
	}

	@Test
	void leadInvitedLessThanThirtyDaysAgoIsNotLaunchedAgain() {
		String customer = customer(new CustomerChanges(null, null, false, null, null));
		ProcessInstance ended = launched(SmsInviteToFollow.KEY, customer);
		assertThat(ended).isEnded();

		moveClock(Duration.ofDays(29));
		assertThat(launch(SmsInviteToFollow.KEY, customer)).isFalse();
		moveClock(Duration.ofDays(2));
		assertThat(launch(SmsInviteToFollow.KEY, customer)).isTrue();
	}

	private static CustomerChanges lead(Set<String> tags) {
		return new CustomerChanges(null, PHONE, false, null, tags);
	}

	private long instancesOf(String customer) {
		return this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(SmsInviteToFollow.KEY)
			.processInstanceBusinessKey(customer)
			.count();
	}

	private void followed(String customer) {
		event(customer, EventType.Followed, Map.of());
	}

}
