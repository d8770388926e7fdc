package dev.siyu.journey;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
 * Every path of {@code processes/seeding-conversion-cycle.bpmn} and its daily launch
 * {@code processes/seeding-conversion-cycle-daily.bpmn}. Jobs are executed, tasks
 * completed and messages dispatched by the test, as the job executor, the group owner and
 * the dispatcher would.
 */
class SeedingConversionCycleJourneyTest extends JourneyTestSupport {

	private static final String INVITE = "seeding-group-invite";

	private static final String PUSH = "seeding-convert";

	@Autowired
	private BulkLayering layering;

	@Test
	void dailyLaunchStartsTheCycleForAcneTaggedNonBuyersOnlyAndNobodyTwice() {
		String acneNonBuyer = customer(acne());
		String acneBuyer = customer(acne());
		pastOrders(acneBuyer, 1);
		String untaggedNonBuyer = customer(CustomerChanges.none());
		this.layering.runNow("test");

		AudienceLaunches.Launch first = launchedByTimer(SeedingConversionCycle.DAILY_KEY);
		AudienceLaunches.Launch again = launchedByTimer(SeedingConversionCycle.DAILY_KEY);

		assertThat(first.status()).isEqualTo("DONE");
		assertThat(first.audience()).hasToString("{\"and\":[{\"layer\":{\"ruleSet\":\""
				+ SeedingConversionCycle.AUDIENCE_RULE_SET + "\",\"in\":[\"" + SeedingConversionCycle.AUDIENCE_LAYER
				+ "\"]}},{\"tag\":\"" + SeedingConversionCycle.AUDIENCE_TAG + "\"}]}");
		assertThat(first.started()).isGreaterThanOrEqualTo(1);
		assertThat(journey(SeedingConversionCycle.KEY, acneNonBuyer)).isNotNull();
		assertThat(journey(SeedingConversionCycle.KEY, acneBuyer)).isNull();
		assertThat(journey(SeedingConversionCycle.KEY, untaggedNonBuyer)).isNull();
		assertThat(again.status()).isEqualTo("DONE");
		assertThat(again.started()).isZero();
		assertThat(this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(SeedingConversionCycle.KEY)
			.processInstanceBusinessKey(acneNonBuyer)
			.count()).isEqualTo(1);
	}

	@Test
	void customerWhoDoesNotJoinTheGroupWithinADayLeavesTheCycle() {
		String customer = customer(acne());
		ProcessInstance journey = launched(SeedingConversionCycle.KEY, customer);
		assertThat(journey).isWaitingAt(SeedingConversionCycle.TASK_INVITE_TO_GROUP);
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_JoinedOrDay");

		Job day = job("Event_NoJoin", journey);
		assertThat(day.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(1))));
		moveClock(Duration.ofDays(1));
		execute(day);

		assertThat(journey).isEnded()
			.hasPassed(SeedingConversionCycle.END_DID_NOT_JOIN)
			.hasNotPassed(SeedingConversionCycle.TASK_POST_SEEDING_CONTENT)
			.variables()
			.doesNotContainKey(JourneyVariables.GOAL_REACHED);
		assertThat(statusesOf(customer)).containsExactly(INVITE + ":SENT");
	}

	@Test
	void memberWhoNeverBuysGetsFiveSeedingPostsThenSixConversionPushesAndTheCycleEnds() {
		String customer = customer(acne());
		ProcessInstance journey = joined(customer);

		for (int day = 1; day <= SeedingConversionCycle.SEEDING_DAYS; day++) {
			seedingDay(journey, day);
		}
		assertThat(journey).isWaitingAt(SeedingConversionCycle.TASK_SEND_CONVERSION_PUSH)
			.hasPassed("Task_DecideOffer")
			.variables()
			.containsEntry(SeedingConversionCycle.VAR_OFFER_CODE, "HERO_FIRST_ORDER");
		for (int day = 1; day <= SeedingConversionCycle.CONVERSION_DAYS; day++) {
			conversionDay(journey);
		}

		assertThat(journey).isEnded()
			.hasPassedInOrder(SeedingConversionCycle.TASK_INVITE_TO_GROUP, "Event_GroupJoined",
					SeedingConversionCycle.TASK_POST_SEEDING_CONTENT, "Task_DecideOffer",
					SeedingConversionCycle.TASK_SEND_CONVERSION_PUSH, SeedingConversionCycle.END_CYCLE_OVER)
			.variables()
			.doesNotContainKey(JourneyVariables.GOAL_REACHED);
		assertThat(historicCount(SeedingConversionCycle.TASK_POST_SEEDING_CONTENT, journey)).isEqualTo(5);
		assertThat(statusesOf(customer)).containsExactly(INVITE + ":SENT", PUSH + ":SENT", PUSH + ":SENT",
				PUSH + ":SENT", PUSH + ":SENT", PUSH + ":SENT", PUSH + ":SENT");
		assertThat(bodiesOf(customer, PUSH)).allSatisfy((body) -> assertThat(body).contains("新客首单 59元爆品立减20"));
	}

	@Test
	void eachConversionPushHasItsOwnIdempotencyKey() {
		String customer = customer(acne());
		ProcessInstance journey = joined(customer);
		for (int day = 1; day <= SeedingConversionCycle.SEEDING_DAYS; day++) {
			seedingDay(journey, day);
		}

		conversionDay(journey);
		conversionDay(journey);
		conversionDay(journey);

		String prefix = journey.getId() + ":" + SeedingConversionCycle.TASK_SEND_CONVERSION_PUSH + ":";
		// three days delivered, the fourth day's push queued: a key per day's visit
		assertThat(keysOf(customer, PUSH)).hasSize(4)
			.doesNotHaveDuplicates()
			.allSatisfy((key) -> assertThat(key).startsWith(prefix));
		assertThat(statusesOf(customer)).endsWith(PUSH + ":SENT", PUSH + ":PENDING");
	}

	@Test
	void seedingTaskGoesToTheGroupOwnersWithTheDaysContentDueTheSameDay() {
		String customer = customer(new CustomerChanges("林晓", null, null, true, Set.of("3")));
		ProcessInstance journey = joined(customer);

		assertThat(journey).isWaitingAt(SeedingConversionCycle.TASK_POST_SEEDING_CONTENT);
		Task post = task(journey);
		assertThat(post).hasName("Post seeding content").hasCandidateGroup(SeedingConversionCycle.GROUP_OWNERS);
		ZonedDateTime created = ZonedDateTime.ofInstant(T0, ZoneId.systemDefault());
		assertThat(post.getDueDate())
			.isEqualTo(Date.from(created.withHour(23).withMinute(59).withSecond(0).withNano(0).toInstant()));
		String content = (String) this.engine.getTaskService().getVariable(post.getId(), "content");
		assertThat(content).startsWith("种草第 1 天（共 5 天）").contains("林晓（" + customer + "）");
	}

	@Test
	void purchaseOnTheThirdSeedingDayEndsConvertedAndWithdrawsTheOpenTask() {
		String customer = customer(acne());
		ProcessInstance journey = joined(customer);
		seedingDay(journey, 1);
		seedingDay(journey, 2);
		assertThat(journey).isWaitingAt(SeedingConversionCycle.TASK_POST_SEEDING_CONTENT);
		assertThat(contentOf(task(journey))).startsWith("种草第 3 天");

		purchase(customer);

		assertThat(journey).isEnded()
			.hasPassed(SeedingConversionCycle.END_CONVERTED)
			.hasNotPassed("Task_DecideOffer", SeedingConversionCycle.TASK_SEND_CONVERSION_PUSH)
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(this.engine.getTaskService().createTaskQuery().processInstanceId(journey.getId()).count()).isZero();
		assertThat(historicCount(SeedingConversionCycle.TASK_POST_SEEDING_CONTENT, journey)).isEqualTo(3);
		assertThat(templatesSentTo(customer)).containsExactly(INVITE);
	}

	@Test
	void purchaseOnTheSecondConversionDayEndsConvertedAfterExactlyTwoPushes() {
		String customer = customer(acne());
		ProcessInstance journey = joined(customer);
		for (int day = 1; day <= SeedingConversionCycle.SEEDING_DAYS; day++) {
			seedingDay(journey, day);
		}
		conversionDay(journey);
		dispatch();
		assertThat(journey).isWaitingAt("Event_ConversionDayOver");

		purchase(customer);
		dispatch();

		assertThat(journey).isEnded()
			.hasPassed(SeedingConversionCycle.END_CONVERTED)
			.hasNotPassed(SeedingConversionCycle.END_CYCLE_OVER)
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(statusesOf(customer)).containsExactly(INVITE + ":SENT", PUSH + ":SENT", PUSH + ":SENT");
		assertThat(this.engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).count())
			.isZero();
	}

	@Test
	void purchaseThatMissedTheJourneyStopsTheNextPush() {
		String customer = customer(acne());
		ProcessInstance journey = joined(customer);
		for (int day = 1; day <= SeedingConversionCycle.SEEDING_DAYS; day++) {
			seedingDay(journey, day);
		}
		dispatch();
		// the purchase reached the store, but its message missed the journey (it was busy
		// with the timer)
		eventMissedByJourneys(customer, EventType.Purchased);

		execute(job("Event_ConversionDayOver", journey));

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_GoalReachedBeforeSend")
			.variables()
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(templatesSentTo(customer)).containsExactly(INVITE, PUSH);
	}

	private static CustomerChanges acne() {
		return new CustomerChanges(null, null, null, true, Set.of(SeedingConversionCycle.AUDIENCE_TAG));
	}

	/** Launched, invited, and she joins the group: the first seeding day begins. */
	private ProcessInstance joined(String customer) {
		ProcessInstance journey = launched(SeedingConversionCycle.KEY, customer);
		dispatch();
		event(customer, EventType.GroupJoined, Map.of("groupId", "wr-acne-1"));
		assertThat(journey).isWaitingAt(SeedingConversionCycle.TASK_POST_SEEDING_CONTENT);
		return journey;
	}

	/** The group owner posts the day's content, and the day passes. */
	private void seedingDay(ProcessInstance journey, int day) {
		Task post = task(journey);
		assertThat(contentOf(post)).startsWith("种草第 " + day + " 天");
		complete(post);
		Job over = job("Event_SeedingDayOver", journey);
		moveClock(Duration.ofDays(1));
		execute(over);
	}

	/** The day's push is delivered, and the day passes. */
	private void conversionDay(ProcessInstance journey) {
		assertThat(journey).isWaitingAt(SeedingConversionCycle.TASK_SEND_CONVERSION_PUSH);
		dispatch();
		Job over = job("Event_ConversionDayOver", journey);
		moveClock(Duration.ofDays(1));
		execute(over);
	}

	private String contentOf(Task task) {
		return (String) this.engine.getTaskService().getVariable(task.getId(), "content");
	}

	private long historicCount(String activityId, ProcessInstance journey) {
		return this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(journey.getId())
			.activityId(activityId)
			.count();
	}

	private List<String> bodiesOf(String customer, String template) {
		return this.jdbc.sql("select body from message where customer_id = :id and template = :template order by id")
			.param("id", customer)
			.param("template", template)
			.query(String.class)
			.list();
	}

	private List<String> keysOf(String customer, String template) {
		return this.jdbc
			.sql("select idempotency_key from message where customer_id = :id and template = :template order by id")
			.param("id", customer)
			.param("template", template)
			.query(String.class)
			.list();
	}

}
