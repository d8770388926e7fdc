package dev.siyu.journey;

import java.time.Duration;
import java.util.Date;
import java.util.Map;

import dev.siyu.audience.AudienceLaunches;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.EventType;
import dev.siyu.rules.BulkLayering;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

/**
 * Every path of {@code processes/koc-nurture.bpmn} and its monthly launch
 * {@code processes/koc-nurture-monthly.bpmn}. KOC candidates are made the real way: their
 * community replies and activities go through the intake. Jobs are executed and messages
 * dispatched by the test, as the job executor and the dispatcher would.
 */
class KocNurtureJourneyTest extends JourneyTestSupport {

	private static final CustomerChanges WECOM_FRIEND = new CustomerChanges("林小满", null, null, true, null);

	private static final CustomerChanges FOLLOWER = new CustomerChanges("周晴", null, true, false, null);

	@Autowired
	private BulkLayering layering;

	@Test
	void monthlyLaunchStartsTheJourneyForKocCandidatesOnlyAndNobodyTwice() {
		String candidate = candidate(WECOM_FRIEND);
		String member = customer(WECOM_FRIEND);
		replies(member, 3, 40);
		activities(member, 2);
		this.layering.runNow("test");

		AudienceLaunches.Launch first = launchedByTimer(KocNurture.MONTHLY_KEY);
		AudienceLaunches.Launch again = launchedByTimer(KocNurture.MONTHLY_KEY);

		assertThat(first.status()).isEqualTo("DONE");
		assertThat(first.audience())
			.hasToString("{\"layer\":{\"ruleSet\":\"koc\",\"in\":[\"" + KocNurture.CANDIDATE + "\"]}}");
		assertThat(first.started()).isGreaterThanOrEqualTo(1);
		assertThat(journey(KocNurture.KEY, candidate)).isNotNull();
		assertThat(journey(KocNurture.KEY, member)).isNull();
		assertThat(again.status()).isEqualTo("DONE");
		assertThat(again.started()).isZero();
		assertThat(journeysOf(candidate)).isEqualTo(1);
	}

	@Test
	void wecomFriendCandidateGetsTheWecomInviteAndTheManagersAWelcomeTaskDueInTwoDays() {
		String customer = candidate(WECOM_FRIEND);

		ProcessInstance journey = launched(KocNurture.KEY, customer);
		assertThat(journey).isWaitingAt(KocNurture.TASK_INVITE_WECOM)
			.variables()
			.containsEntry(KocNurture.VAR_KOC_LAYER, KocNurture.CANDIDATE)
			.containsEntry("kocLayerRule",
					"KOC_CANDIDATE: 8+ topics answered, 2+ activities, replies of 30+ characters on average");
		assertThat(tagsOf(customer)).contains(KocNurture.TAG_CANDIDATE);
		dispatch();

		assertThat(journey).isWaitingAt(KocNurture.TASK_WELCOME_KOC)
			.hasPassedInOrder("Task_DecideKoc", "Task_TagCandidate", "Task_CheckCustomer", KocNurture.TASK_INVITE_WECOM)
			.hasNotPassed(KocNurture.TASK_INVITE_OA);
		assertThat(channelsSentTo(customer)).containsExactly("WECOM:koc-invite-wecom:SENT");
		assertThat(body(customer, "koc-invite-wecom")).startsWith("林小满，谢谢你").contains("超级用户群");
		Task welcome = task(journey);
		assertThat(welcome).hasName("Welcome the KOC").hasCandidateGroup(KocNurture.COMMUNITY_MANAGERS);
		assertThat(this.engine.getTaskService()
			.createTaskQuery()
			.taskCandidateGroup(KocNurture.COMMUNITY_MANAGERS)
			.processInstanceBusinessKey(customer)
			.count()).isEqualTo(1);
		assertThat(welcome.getDueDate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(2))));
		assertThat(content(welcome)).startsWith("林小满（" + customer + "）是本月的 KOC 候选人")
			.contains("KOC_CANDIDATE", "已打标签：koc-candidate", "企业微信", "把她拉进超级用户群", "KOC 权益");
	}

	@Test
	void joiningTheGroupAfterTheWelcomeTaskMakesHerAKoc() {
		String customer = candidate(WECOM_FRIEND);
		ProcessInstance journey = invited(customer);

		complete(task(journey));
		assertThat(journey).isWaitingAt("Gateway_JoinedOrTimeout");
		joinedTheGroup(customer);

		assertThat(journey).isEnded()
			.hasPassedInOrder(KocNurture.TASK_WELCOME_KOC, "Event_GroupJoined", "Task_TagKoc", "EndEvent_Converted")
			.hasNotPassed("EndEvent_GoalGroupJoined")
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(tagsOf(customer)).contains(KocNurture.TAG_KOC).doesNotContain(KocNurture.TAG_CANDIDATE);
	}

	@Test
	void noJoinWithinSevenDaysAfterTheTaskEndsDidNotJoinAndKeepsTheCandidateTag() {
		String customer = candidate(WECOM_FRIEND);
		ProcessInstance journey = invited(customer);
		moveClock(Duration.ofDays(1));
		complete(task(journey));

		Job noJoin = job("Event_NoJoin", journey);
		assertThat(noJoin.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(8))));
		moveClock(Duration.ofDays(7));
		execute(noJoin);

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_DidNotJoin")
			.hasNotPassed("Task_TagKoc")
			.variables()
			.doesNotContainKey(JourneyVariables.GOAL_REACHED);
		assertThat(tagsOf(customer)).contains(KocNurture.TAG_CANDIDATE).doesNotContain(KocNurture.TAG_KOC);
	}

	@Test
	void followerWhoIsNoWecomFriendGetsTheInviteOnTheOfficialAccount() {
		String customer = candidate(FOLLOWER);
		ProcessInstance journey = launched(KocNurture.KEY, customer);
		assertThat(journey).isWaitingAt(KocNurture.TASK_INVITE_OA);

		dispatch();

		assertThat(journey).isWaitingAt(KocNurture.TASK_WELCOME_KOC).hasNotPassed(KocNurture.TASK_INVITE_WECOM);
		assertThat(channelsSentTo(customer)).containsExactly("WECHAT_OA:koc-invite-oa:SENT");
		assertThat(body(customer, "koc-invite-oa")).startsWith("周晴，谢谢你").contains("超级用户群");
		assertThat(content(task(journey))).contains("公众号，她还不是企业微信好友", "等她加企业微信后把她拉进超级用户群");
	}

	@Test
	void candidateWhoIsNoLongerOneAtTheRecheckEndsUntagged() {
		String customer = candidate(WECOM_FRIEND);
		moveClock(Duration.ofDays(31)); // her replies and activities are now older than
										// 30 days

		ProcessInstance journey = launched(KocNurture.KEY, customer);

		assertThat(journey).isEnded()
			.hasPassed("Task_DecideKoc", "EndEvent_NoLongerCandidate")
			.hasNotPassed("Task_TagCandidate", KocNurture.TASK_INVITE_WECOM)
			.variables()
			.containsEntry(KocNurture.VAR_KOC_LAYER, "MEMBER");
		assertThat(tagsOf(customer)).doesNotContain(KocNurture.TAG_CANDIDATE);
		assertThat(templatesSentTo(customer)).isEmpty();
	}

	@Test
	void candidateWhoIsNeitherWecomFriendNorFollowerEndsUnreachable() {
		String customer = candidate(CustomerChanges.none());

		ProcessInstance journey = launched(KocNurture.KEY, customer);

		assertThat(journey).isEnded()
			.hasPassed("Task_TagCandidate", "Gateway_FollowsOa", "EndEvent_Unreachable")
			.hasNotPassed(KocNurture.TASK_INVITE_WECOM, KocNurture.TASK_INVITE_OA, KocNurture.TASK_WELCOME_KOC);
		assertThat(templatesSentTo(customer)).isEmpty();
	}

	@Test
	void oaInviteRefusedBecauseSheUnfollowedEndsUnreachable() {
		String customer = candidate(FOLLOWER);
		ProcessInstance journey = launched(KocNurture.KEY, customer);
		assertThat(journey).isWaitingAt(KocNurture.TASK_INVITE_OA);
		event(customer, EventType.Unfollowed, Map.of());

		dispatch();

		assertThat(journey).isEnded()
			.hasPassed("Event_OaUnreachable", "EndEvent_Unreachable")
			.hasNotPassed(KocNurture.TASK_WELCOME_KOC);
		assertThat(channelsSentTo(customer)).containsExactly("WECHAT_OA:koc-invite-oa:FAILED");
	}

	@Test
	void joiningTheGroupWhileTheWelcomeTaskIsOpenMakesHerAKocAndWithdrawsTheTask() {
		String customer = candidate(WECOM_FRIEND);
		ProcessInstance journey = invited(customer);

		joinedTheGroup(customer);

		assertThat(journey).isEnded()
			.hasPassed("StartEvent_GroupJoined", "Task_TagKocAnyMoment", "EndEvent_GoalGroupJoined")
			.hasNotPassed("Gateway_JoinedOrTimeout", "EndEvent_Converted")
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(this.engine.getTaskService().createTaskQuery().processInstanceId(journey.getId()).count()).isZero();
		assertThat(tagsOf(customer)).contains(KocNurture.TAG_KOC).doesNotContain(KocNurture.TAG_CANDIDATE);
	}

	@Test
	void joiningTheGroupWhileTheInviteWaitsInTheOutboxSuppressesItAndMakesHerAKoc() {
		String customer = candidate(WECOM_FRIEND);
		ProcessInstance journey = launched(KocNurture.KEY, customer);
		assertThat(journey).isWaitingAt(KocNurture.TASK_INVITE_WECOM);

		joinedTheGroup(customer);
		dispatch();

		assertThat(journey).isEnded().hasPassed("EndEvent_GoalGroupJoined").hasNotPassed(KocNurture.TASK_WELCOME_KOC);
		assertThat(statusesOf(customer)).containsExactly("koc-invite-wecom:SUPPRESSED");
		assertThat(tagsOf(customer)).contains(KocNurture.TAG_KOC);
	}

	@Test
	void joinThatRacedTheLaunchStopsTheInviteBeforeItIsSent() {
		String customer = candidate(WECOM_FRIEND);
		assertThat(launch(KocNurture.KEY, customer)).isTrue();
		ProcessInstance journey = journey(KocNurture.KEY, customer);
		// she joined, but the message reached no journey step yet (the start was still
		// queued)
		eventMissedByJourneys(customer, EventType.GroupJoined);

		execute(job(journey));

		assertThat(journey).isEnded()
			.hasPassed("Task_TagKocBeforeSend", "EndEvent_GoalReachedBeforeSend")
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(templatesSentTo(customer)).isEmpty();
		assertThat(tagsOf(customer)).contains(KocNurture.TAG_KOC);
	}

	@Test
	void candidateInvitedLessThanSixtyDaysAgoIsNotLaunchedAgain() {
		String customer = candidate(CustomerChanges.none());
		assertThat(launched(KocNurture.KEY, customer)).isEnded();

		moveClock(Duration.ofDays(59));
		assertThat(launch(KocNurture.KEY, customer)).isFalse();
		moveClock(Duration.ofDays(2));
		assertThat(launch(KocNurture.KEY, customer)).isTrue();
	}

	/**
	 * A customer the koc rules find a candidate: 8 topics answered with replies of 40
	 * characters, 2 activities, all today.
	 */
	private String candidate(CustomerChanges changes) {
		String customer = customer(changes);
		replies(customer, 8, 40);
		activities(customer, 2);
		return customer;
	}

	private void replies(String customer, int topics, int length) {
		for (int i = 1; i <= topics; i++) {
			event(customer, EventType.MessageReplied, Map.of("topicId", "topic-" + i, "length", length));
		}
	}

	private void activities(String customer, int count) {
		for (int i = 1; i <= count; i++) {
			event(customer, EventType.ActivityJoined, Map.of("activityId", "activity-" + i));
		}
	}

	private void joinedTheGroup(String customer) {
		event(customer, EventType.GroupJoined, Map.of("groupId", "koc-super-users"));
	}

	/** Launched, with the WeCom invite delivered: the welcome task is open. */
	private ProcessInstance invited(String customer) {
		ProcessInstance journey = launched(KocNurture.KEY, customer);
		dispatch();
		assertThat(journey).isWaitingAt(KocNurture.TASK_WELCOME_KOC);
		return journey;
	}

	private long journeysOf(String customer) {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(KocNurture.KEY)
			.processInstanceBusinessKey(customer)
			.count();
	}

	private String content(Task task) {
		return (String) this.engine.getTaskService().getVariable(task.getId(), "content");
	}

	private String body(String customer, String template) {
		return this.jdbc.sql("select body from message where customer_id = :id and template = :template")
			.param("id", customer)
			.param("template", template)
			.query(String.class)
			.single();
	}

}
