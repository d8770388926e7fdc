package dev.siyu.journey;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.siyu.community.CommunityGroups;
import dev.siyu.event.EventType;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;

/**
 * Journeys of community groups: the weekly SOP (a staff task per day, started every
 * Monday in daily and super-user groups) and the reactivation of a dying group (started
 * by the nightly assessment), every path.
 */
class GroupJourneysTest extends JourneyTestSupport {

	static final String SOP = "group-weekly-sop";

	static final String REACTIVATION = "group-reactivation";

	/** T0 is Monday 1 June 2026, 10:00 in Shanghai. */
	static final String WEEK = "2026-06-01";

	@Autowired
	CommunityGroups groups;

	final String run = UUID.randomUUID().toString().substring(0, 8);

	@Test
	void theMondayLauncherStartsTheWeekInDailyAndSuperUserGroupsOnce() {
		String daily = group("daily", "DAILY");
		String superUsers = group("super", "SUPER_USER");
		String flash = group("flash", "FLASH");

		fire("group-weekly-sop-launch");
		fire("group-weekly-sop-launch");

		assertThat(sops(daily)).isEqualTo(1);
		assertThat(sops(superUsers)).isEqualTo(1);
		assertThat(sops(flash)).isZero();
		ProcessInstance week = journey(SOP, daily);
		assertThat(week).isWaitingAt("Event_Morning")
			.variables()
			.containsEntry("groupName", "宝妈交流群 daily")
			.containsEntry("groupOwners", "owner-a,owner-b")
			.containsEntry("weekStart", WEEK)
			.containsEntry("startedAt", "2026-06-01T02:00:00Z");
	}

	@Test
	void eachDayTheOwnersGetTheDaysPostAndAMissedDayDoesNotStopTheWeek() {
		String group = group("week", "DAILY");
		ProcessInstance week = startSop(group);

		// Monday: 09:00 has passed, the task comes at once
		execute(job(week));
		Task monday = task(week);
		assertThat(monday.getName()).isEqualTo("Post the day's content in the group");
		assertThat(candidates(monday)).containsExactlyInAnyOrder("user:owner-a", "user:owner-b",
				"group:community-managers");
		assertThat(monday.getDueDate()).isEqualTo(Date.from(Instant.parse("2026-06-01T16:00:00Z")));
		assertThat(content(monday)).startsWith("本周第 1 天（周一）· 「宝妈交流群 week」（3 人）").contains("本周群日程预告");
		complete(monday);

		// Tuesday's task waits for Tuesday 09:00 in Shanghai
		assertThat(week).isWaitingAt("Event_Morning");
		assertThat(job(week).getDuedate()).isEqualTo(Date.from(Instant.parse("2026-06-02T01:00:00Z")));
		at("2026-06-02T01:00:00Z");
		execute(job(week));
		assertThat(content(task(week))).startsWith("本周第 2 天（周二）");
		// nobody posts on Tuesday: at midnight the day is missed and Wednesday comes all
		// the same
		at("2026-06-02T16:00:00Z");
		execute(this.engine.getManagementService()
			.createJobQuery()
			.processInstanceId(week.getId())
			.activityId("Event_DayOver")
			.singleResult());
		assertThat(week).isWaitingAt("Event_Morning");
		for (int day = 3; day <= 7; day++) {
			at(Instant.parse("2026-06-01T01:00:00Z").plus(Duration.ofDays(day - 1)).toString());
			execute(job(week));
			assertThat(content(task(week))).startsWith("本周第 " + day + " 天");
			complete(task(week));
		}

		assertThat(week).isEnded().hasPassed("EndEvent_WeekDone");
		assertThat(passes(week, "EndEvent_Posted")).isEqualTo(6);
		assertThat(passes(week, "EndEvent_Missed")).isEqualTo(1);
	}

	@Test
	void aWeekStartedOnThursdayHasOnlyItsDaysLeft() {
		String group = group("late", "SUPER_USER");
		at("2026-06-04T02:00:00Z");
		ProcessInstance week = startSop(group);
		for (int day = 4; day <= 7; day++) {
			at(Instant.parse("2026-06-01T01:00:00Z").plus(Duration.ofDays(day - 1)).toString());
			execute(job(week));
			assertThat(content(task(week))).startsWith("本周第 " + day + " 天");
			complete(task(week));
		}

		assertThat(week).isEnded().hasPassed("EndEvent_WeekDone");
		assertThat(passes(week, "EndEvent_Posted")).isEqualTo(4);
	}

	@Test
	void theNightlyAssessmentStartsReactivationInADyingGroupAndTheWelfarePostRevivesIt() {
		String group = group("dying", "DAILY");
		List<String> members = members(group, 50);
		posts(group, members.subList(0, 3), 3);
		String lively = group("lively", "DAILY");
		posts(lively, members(lively, 10).subList(0, 5), 20);

		fire("group-health-nightly");
		fire("group-health-nightly");

		assertThat(reactivations(group)).isEqualTo(1);
		assertThat(reactivations(lively)).isZero();
		ProcessInstance reactivation = journey(REACTIVATION, group);
		assertThat(reactivation).isWaitingAt("Task_Welfare");
		Task welfare = task(reactivation);
		assertThat(candidates(welfare)).contains("user:owner-a", "group:community-managers");
		assertThat(content(welfare)).startsWith("「宝妈交流群 dying」近 7 天只有 3 条消息、3 人发言，健康评估为濒死（DEAD）");
		complete(welfare);

		// the welfare activity: 8 of 53 have spoken this week, 23 messages
		posts(group, members.subList(10, 15), 20);
		moveClock(Duration.ofDays(3));
		execute(job(reactivation));

		assertThat(reactivation).isEnded().hasPassed("Task_AssessAfterWelfare", "EndEvent_RevivedByWelfare");
		assertThat(historicVariable(reactivation, "groupHealth")).isEqualTo("VALUE");
	}

	@Test
	void aGroupTheSignUpRevivesEndsAfterTheSecondAttempt() {
		String group = group("second", "DAILY");
		List<String> members = members(group, 40);
		posts(group, members.subList(0, 2), 2);
		ProcessInstance reactivation = startReactivation(group);
		complete(task(reactivation));
		moveClock(Duration.ofDays(3));
		execute(job(reactivation));

		assertThat(reactivation).isWaitingAt("Task_SignUp");
		assertThat(content(task(reactivation))).contains("复评仍为 DEAD", "群接龙");
		complete(task(reactivation));
		posts(group, members.subList(0, 8), 30);
		moveClock(Duration.ofDays(4));
		execute(job(reactivation));

		assertThat(reactivation).isEnded().hasPassed("EndEvent_RevivedBySignUp").hasNotPassed("Task_TagFailed");
	}

	@Test
	void aGroupStillDeadAfterBothAttemptsIsGivenUpAndLeftAloneByTheNightlyStart() {
		String group = group("gone", "DAILY");
		members(group, 30);
		ProcessInstance reactivation = startReactivation(group);
		complete(task(reactivation));
		moveClock(Duration.ofDays(3));
		execute(job(reactivation));
		complete(task(reactivation));
		moveClock(Duration.ofDays(4));
		execute(job(reactivation));

		assertThat(reactivation).isWaitingAt("Task_Merge").hasPassed("Task_TagFailed");
		assertThat(this.groups.find(group).orElseThrow().tags()).contains("reactivation-failed");
		assertThat(content(task(reactivation))).contains("两次激活后仍为 DEAD", "合并", "reactivation-failed");
		complete(task(reactivation));
		assertThat(reactivation).isEnded().hasPassed("EndEvent_GivenUp");

		// the next night finds it dead again and leaves it alone
		moveClock(Duration.ofDays(1));
		fire("group-health-nightly");
		assertThat(this.groups.find(group).orElseThrow().health().health()).isEqualTo("DEAD");
		assertThat(reactivations(group)).isEqualTo(1);
	}

	@Test
	void aGroupDismissedInWecomEndsItsJourneysAndGetsNoMore() {
		String group = group("dismissed", "DAILY");
		ProcessInstance week = startSop(group);
		execute(job(week));

		this.groups.dismissed(group, now());

		assertThat(week).isEnded();
		assertThat(this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processInstanceId(week.getId())
			.singleResult()
			.getDeleteReason()).isEqualTo(GroupJourneyEnder.REASON);
		fire("group-weekly-sop-launch");
		assertThat(sops(group)).isEqualTo(1);
	}

	private String group(String name, String type) {
		String id = "wr" + this.run + "-" + name;
		this.groups
			.save(new CommunityGroups.Request(id, "宝妈交流群 " + name, type, List.of("owner-a", "owner-b"), List.of()));
		members(id, 3);
		return id;
	}

	private List<String> members(String group, int count) {
		List<String> members = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String customer = newCustomerId();
			event(customer, EventType.GroupJoined, Map.of("groupId", group));
			members.add(customer);
		}
		return members;
	}

	/** {@code total} messages from the members in turn, a minute apart. */
	private void posts(String group, List<String> members, int total) {
		for (int i = 0; i < total; i++) {
			event(members.get(i % members.size()), EventType.GroupMessagePosted, Map.of("groupId", group, "ad", false));
			moveClock(Duration.ofMinutes(1));
		}
	}

	private ProcessInstance startSop(String group) {
		Map<String, Object> variables = GroupJourneys.variables(this.groups.find(group).orElseThrow());
		variables.put(GroupJourneys.WEEK_START, WEEK);
		variables.put(GroupJourneys.STARTED_AT, ClockUtil.getCurrentTime().toInstant().toString());
		return this.engine.getRuntimeService().startProcessInstanceByKey(SOP, group, variables);
	}

	private ProcessInstance startReactivation(String group) {
		this.groups.assess();
		return this.engine.getRuntimeService()
			.startProcessInstanceByKey(REACTIVATION, group,
					GroupJourneys.variables(this.groups.find(group).orElseThrow()));
	}

	/** Fires the timer of a timer-started process as the job executor would. */
	private void fire(String process) {
		execute(this.engine.getManagementService()
			.createJobQuery()
			.processDefinitionKey(process)
			.timers()
			.singleResult());
	}

	private long sops(String group) {
		return count(SOP, group);
	}

	private long reactivations(String group) {
		return count(REACTIVATION, group);
	}

	private long count(String journey, String group) {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(journey)
			.processInstanceBusinessKey(group)
			.count();
	}

	private Job job(ProcessInstance instance) {
		return this.engine.getManagementService()
			.createJobQuery()
			.processInstanceId(instance.getId())
			.timers()
			.singleResult();
	}

	private Task task(ProcessInstance instance) {
		return this.engine.getTaskService().createTaskQuery().processInstanceId(instance.getId()).singleResult();
	}

	private void complete(Task task) {
		this.engine.getTaskService().complete(task.getId());
	}

	private String content(Task task) {
		return (String) this.engine.getTaskService().getVariable(task.getId(), "content");
	}

	private List<String> candidates(Task task) {
		return this.engine.getTaskService()
			.getIdentityLinksForTask(task.getId())
			.stream()
			.map((link) -> (link.getUserId() != null) ? "user:" + link.getUserId() : "group:" + link.getGroupId())
			.toList();
	}

	private long passes(ProcessInstance instance, String activity) {
		return this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.activityId(activity)
			.list()
			.stream()
			.filter((passed) -> passed.getEndTime() != null)
			.map(HistoricActivityInstance::getId)
			.count();
	}

	private Object historicVariable(ProcessInstance instance, String name) {
		return this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.variableName(name)
			.singleResult()
			.getValue();
	}

	private static void at(String instant) {
		ClockUtil.setCurrentTime(Date.from(Instant.parse(instant)));
	}

}
