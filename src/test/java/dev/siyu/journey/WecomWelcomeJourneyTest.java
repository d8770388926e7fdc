package dev.siyu.journey;

import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

/**
 * Every path of {@code processes/wecom-welcome.bpmn}. Jobs are executed and messages
 * dispatched by the test, as the job executor and the dispatcher would.
 */
class WecomWelcomeJourneyTest extends JourneyTestSupport {

	private static final Map<String, Object> ACNE_NEEDED_THIS_WEEK = Map.of("skin_concern", "acne", "wanted_fix",
			"acne-repair", "when_needed", "this-week");

	private static final Map<String, Object> ACNE_NO_HURRY = Map.of("skin_concern", "acne", "wanted_fix",
			"acne-repair");

	@Test
	void newFriendGetsTheAdvisorsWelcomeThenTheBenefitThenTheQuestionnaire() {
		String customer = customer(new CustomerChanges("陈佳", null, null, null, null));

		ProcessInstance journey = friendAdded(customer);
		assertThat(journey).isWaitingAt(WecomWelcome.TASK_SEND_HELLO);
		dispatch();
		assertThat(journey).isWaitingAt(WecomWelcome.TASK_SEND_BENEFIT);
		dispatch();
		assertThat(journey).isWaitingAt(WecomWelcome.TASK_SEND_QUESTIONNAIRE);
		dispatch();

		assertThat(journey).isWaitingAt("Gateway_AnsweredOrTimeout")
			.hasPassedInOrder("StartEvent_WecomFriendAdded", WecomWelcome.TASK_SEND_HELLO, "Task_DecideOffer",
					WecomWelcome.TASK_SEND_BENEFIT, WecomWelcome.TASK_SEND_QUESTIONNAIRE)
			.variables()
			.containsEntry(WecomWelcome.VAR_OFFER_CODE, "FIRST_ORDER_TRIAL")
			.containsEntry("offerCodeRule", "Nurture: non-buyer gets the low-threshold first-order trial");
		assertThat(statusesOf(customer)).containsExactly("wecom-welcome-hello:SENT", "wecom-welcome-benefit:SENT",
				"wecom-welcome-questionnaire:SENT");
		assertThat(body(customer, "wecom-welcome-hello")).startsWith("陈佳，你好呀！我是你的专属美容顾问");
		assertThat(body(customer, "wecom-welcome-benefit")).contains("新客首单 9.9元 尝鲜装", "FIRST_ORDER_TRIAL");
		assertThat(this.customers.find(customer).orElseThrow().wecomFriend()).isTrue();
	}

	/**
	 * Two notifiers of one message (a sweep beside the sender's own notice, or two
	 * nodes), the second having read "not told yet" before the first told the step: by
	 * then the journey waits at its next send, which the stale notice must not push on as
	 * if that message had gone out.
	 */
	@Test
	void aStaleNoticeOfTheHelloDoesNotPushTheNextSendOn() {
		String customer = customer(new CustomerChanges("陈佳", null, null, null, null));
		ProcessInstance journey = friendAdded(customer);
		dispatch();
		assertThat(journey).isWaitingAt(WecomWelcome.TASK_SEND_BENEFIT);
		this.jdbc.sql("update message set journey_notified = false where customer_id = :id and template = :template")
			.param("id", customer)
			.param("template", "wecom-welcome-hello")
			.update();

		dispatch();

		assertThat(journey).isWaitingAt(WecomWelcome.TASK_SEND_QUESTIONNAIRE);
		assertThat(statusesOf(customer)).containsExactly("wecom-welcome-hello:SENT", "wecom-welcome-benefit:SENT",
				"wecom-welcome-questionnaire:PENDING");
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_AnsweredOrTimeout");
	}

	@Test
	void repeatBuyerGetsTheRepeatBuyerCouponAsHerBenefit() {
		String customer = customer(CustomerChanges.none());
		pastOrders(customer, 2);

		ProcessInstance journey = welcomed(customer);

		assertThat(journey).variables().containsEntry(WecomWelcome.VAR_OFFER_CODE, "REPEAT_BUYER_COUPON");
		assertThat(body(customer, "wecom-welcome-benefit")).contains("老客专享 满299减80 券");
	}

	@Test
	void noAnswerWithinTwoDaysGetsTheDailyGroupInviteAndEnds() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance journey = welcomed(customer);

		Job noAnswer = job("Event_NoAnswer", journey);
		assertThat(noAnswer.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(2))));
		moveClock(Duration.ofDays(2));
		execute(noAnswer);
		assertThat(journey).isWaitingAt(WecomWelcome.TASK_INVITE_DAILY_GROUP);
		dispatch();

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_Welcomed")
			.hasNotPassed("Task_DecideTags", WecomWelcome.TASK_INVITE_PRECISION_GROUP, "Gateway_PurchasedOrDay")
			.variables()
			.doesNotContainKey(WecomWelcome.VAR_QUESTIONNAIRE_TAGS)
			.doesNotContainKey(JourneyVariables.GOAL_REACHED);
		assertThat(templatesSentTo(customer)).containsExactly("wecom-welcome-hello", "wecom-welcome-benefit",
				"wecom-welcome-questionnaire", "wecom-welcome-group-daily");
	}

	@Test
	void acneAnswerTagsHerThreeAndDAndInvitesHerToThePrecisionGroup() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance journey = welcomed(customer);

		answered(customer, journey, ACNE_NO_HURRY);

		assertThat(journey).isEnded()
			.hasPassedInOrder("Event_QuestionnaireAnswered", "Task_DecideTags", "Task_TagCustomer",
					WecomWelcome.TASK_INVITE_PRECISION_GROUP, "EndEvent_Welcomed")
			.hasNotPassed(WecomWelcome.TASK_INVITE_DAILY_GROUP, "Gateway_PurchasedOrDay");
		assertThat(questionnaireTagsOf(journey)).containsExactlyInAnyOrder(WecomWelcome.TAG_ACNE, "D");
		assertThat(this.customers.find(customer).orElseThrow().tags()).contains("3", "D");
		assertThat(templatesSentTo(customer)).endsWith("wecom-welcome-questionnaire", "wecom-welcome-group-precision");
	}

	@Test
	void answerWithoutAcneGetsTheDailyGroupEvenWithBudgetCodeP3() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance journey = welcomed(customer);

		answered(customer, journey, Map.of("skin_concern", "dry", "wanted_fix", "hydration", "budget", "over-300"));

		assertThat(journey).isEnded()
			.hasPassed("Task_TagCustomer", WecomWelcome.TASK_INVITE_DAILY_GROUP, "EndEvent_Welcomed")
			.hasNotPassed(WecomWelcome.TASK_INVITE_PRECISION_GROUP);
		assertThat(this.customers.find(customer).orElseThrow().tags()).contains("1", "A", "P3").doesNotContain("3");
		assertThat(templatesSentTo(customer)).endsWith("wecom-welcome-group-daily");
	}

	@Test
	void urgentAnswerWithoutPurchaseForADayGivesTheAdvisorsAFollowUpTaskWhoseCompletionEndsTheJourney() {
		String customer = customer(new CustomerChanges("陈佳", null, null, null, null));
		ProcessInstance journey = welcomed(customer);
		answered(customer, journey, ACNE_NEEDED_THIS_WEEK);
		assertThat(journey).isWaitingAt("Gateway_PurchasedOrDay").hasPassed(WecomWelcome.TASK_INVITE_PRECISION_GROUP);
		assertThat(questionnaireTagsOf(journey)).containsExactlyInAnyOrder(WecomWelcome.TAG_ACNE, "D",
				WecomWelcome.TAG_URGENT);

		Job day = job("Event_DayWithoutPurchase", journey);
		assertThat(day.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(1))));
		moveClock(Duration.ofDays(1));
		execute(day);

		assertThat(journey).isWaitingAt(WecomWelcome.TASK_ADVISOR_FOLLOW_UP);
		Task followUp = task(journey);
		assertThat(followUp).hasName("Advisor follow-up").hasCandidateGroup(WecomWelcome.ADVISORS);
		assertThat(followUp.getDueDate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(1)).plus(Duration.ofHours(4))));
		String content = (String) this.engine.getTaskService().getVariable(followUp.getId(), "content");
		assertThat(content).startsWith("陈佳（" + customer + "）填了欢迎问卷").contains("问卷标签：", "URGENT", "新客首单 9.9元 尝鲜装");

		complete(followUp);

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_AdvisorFollowedUp")
			.variables()
			.doesNotContainKey(JourneyVariables.GOAL_REACHED);
	}

	@Test
	void urgentAnswerThenPurchaseWithinADayEndsConverted() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance journey = welcomed(customer);
		answered(customer, journey, ACNE_NEEDED_THIS_WEEK);
		assertThat(journey).isWaitingAt("Gateway_PurchasedOrDay");

		purchase(customer);

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_PurchasedAfterInvite")
			.hasNotPassed(WecomWelcome.TASK_ADVISOR_FOLLOW_UP)
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
	}

	@Test
	void purchaseWhileWaitingForTheAnswerEndsConverted() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance journey = welcomed(customer);

		purchase(customer);

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_GoalPurchased")
			.hasNotPassed("Event_QuestionnaireAnswered", "Event_NoAnswer")
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(this.engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).count())
			.isZero();
	}

	@Test
	void purchaseWhileTheAdvisorTaskIsOpenEndsConvertedAndWithdrawsTheTask() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance journey = welcomed(customer);
		answered(customer, journey, ACNE_NEEDED_THIS_WEEK);
		execute(job("Event_DayWithoutPurchase", journey));
		assertThat(journey).isWaitingAt(WecomWelcome.TASK_ADVISOR_FOLLOW_UP);

		purchase(customer);

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_GoalPurchased")
			.hasNotPassed("EndEvent_AdvisorFollowedUp")
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(this.engine.getTaskService().createTaskQuery().processInstanceId(journey.getId()).count()).isZero();
	}

	@Test
	void purchaseWhileTheWelcomeWaitsInTheOutboxSuppressesItAndEndsConverted() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance journey = friendAdded(customer);
		assertThat(journey).isWaitingAt(WecomWelcome.TASK_SEND_HELLO);

		purchase(customer);
		dispatch();

		assertThat(journey).isEnded().hasPassed("EndEvent_GoalPurchased").hasNotPassed(WecomWelcome.TASK_SEND_BENEFIT);
		assertThat(statusesOf(customer)).containsExactly("wecom-welcome-hello:SUPPRESSED");
	}

	@Test
	void duplicateFriendAddedStartsOneJourney() {
		String customer = customer(CustomerChanges.none());

		assertThat(event("friend-" + customer, customer, EventType.WecomFriendAdded, Map.of()))
			.isEqualTo(EventIntake.Outcome.ACCEPTED);
		assertThat(event("friend-" + customer, customer, EventType.WecomFriendAdded, Map.of()))
			.isEqualTo(EventIntake.Outcome.DUPLICATE);
		assertThat(event("friend-again-" + customer, customer, EventType.WecomFriendAdded, Map.of()))
			.isEqualTo(EventIntake.Outcome.ACCEPTED);

		assertThat(journeysOf(customer)).isEqualTo(1);
	}

	@Test
	void friendAddedAgainAfterTheJourneyEndedStartsItAgain() {
		String customer = customer(CustomerChanges.none());
		ProcessInstance first = welcomed(customer);
		purchase(customer);
		assertThat(first).isEnded();

		event(customer, EventType.WecomFriendAdded, Map.of());

		assertThat(journeysOf(customer)).isEqualTo(2);
		assertThat(journey(WecomWelcome.KEY, customer)).isStarted().isWaitingAt("StartEvent_WecomFriendAdded");
	}

	private ProcessInstance friendAdded(String customer) {
		event(customer, EventType.WecomFriendAdded, Map.of());
		ProcessInstance journey = journey(WecomWelcome.KEY, customer);
		assertThat(journey).isStarted().isWaitingAt("StartEvent_WecomFriendAdded");
		execute(job(journey));
		return journey;
	}

	/** Started, with the welcome, the benefit and the questionnaire link delivered. */
	private ProcessInstance welcomed(String customer) {
		ProcessInstance journey = friendAdded(customer);
		dispatch();
		dispatch();
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_AnsweredOrTimeout");
		return journey;
	}

	/**
	 * She answers; the journey codes the answers, tags her and its invite is delivered.
	 */
	private void answered(String customer, ProcessInstance journey, Map<String, Object> answers) {
		event(customer, EventType.QuestionnaireAnswered, Map.of("questionnaireId", "welcome", "answers", answers));
		execute(job("Event_QuestionnaireAnswered", journey));
		dispatch();
	}

	private List<String> questionnaireTagsOf(ProcessInstance journey) {
		String tags = (String) this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(journey.getId())
			.variableName(WecomWelcome.VAR_QUESTIONNAIRE_TAGS)
			.singleResult()
			.getValue();
		return List.of(tags.split(","));
	}

	private String body(String customer, String template) {
		return this.jdbc.sql("select body from message where customer_id = :id and template = :template")
			.param("id", customer)
			.param("template", template)
			.query(String.class)
			.single();
	}

	private long journeysOf(String customer) {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(WecomWelcome.KEY)
			.processInstanceBusinessKey(customer)
			.count();
	}

}
