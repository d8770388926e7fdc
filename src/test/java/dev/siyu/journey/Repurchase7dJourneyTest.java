package dev.siyu.journey;

import java.time.Duration;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * Every path of {@code processes/repurchase-7d.bpmn}. Timers fire on the days they are
 * due: the test moves the clock there, executes the job and dispatches what the journey
 * sends, as the job executor and the dispatcher would.
 */
class Repurchase7dJourneyTest extends JourneyTestSupport {

	@Test
	void customerWithEarlierOrdersEndsAtOnceAsNotAFirstPurchase() {
		String customer = follower();
		pastOrders(customer, 1);

		ProcessInstance journey = firstPurchase(customer);

		assertThat(journey).isEnded()
			.hasPassedInOrder("StartEvent_Purchased", "Task_CheckCustomer", "EndEvent_NotFirstPurchase")
			.hasNotPassed("Event_WindowOpened")
			.variables()
			.containsEntry("orderCount", 2)
			.doesNotContainKeys(Repurchase7d.VAR_REPURCHASED_7D, Repurchase7d.VAR_REPURCHASED_30D);
		assertThat(templatesSentTo(customer)).isEmpty();
	}

	@Test
	void thePurchaseThatStartsTheJourneyDoesNotCountAsTheRepurchase() {
		String customer = follower();

		ProcessInstance journey = firstPurchase(customer);

		assertThat(journey).isWaitingAt("Event_Day1")
			.hasNotPassed("StartEvent_PurchasedAgain", "EndEvent_Converted")
			.variables()
			.containsEntry("orderCount", 1)
			.doesNotContainKeys(JourneyVariables.GOAL_REACHED, Repurchase7d.VAR_REPURCHASED_7D);
		assertThat(this.engine.getRuntimeService()
			.createEventSubscriptionQuery()
			.processInstanceId(journey.getId())
			.eventName(Repurchase7d.START_MESSAGE)
			.singleResult()
			.getActivityId()).as("the sub-process listens for the next purchase")
			.isEqualTo("StartEvent_PurchasedAgain");
		// the send step re-checks the event store, where the starting purchase lies
		untilDay(1, "Event_Day1", journey);
		assertThat(journey).isWaitingAt("Event_Day3").hasPassed(Repurchase7d.TASK_SEND_SUGGESTION_1);
		assertThat(statusesOf(customer)).containsExactly("repurchase-day1:SENT");
	}

	@Test
	void purchaseOnDayTwoConvertsWithinSevenDaysAfterOnlyTheFirstSuggestion() {
		String customer = follower();
		ProcessInstance journey = firstPurchase(customer);
		untilDay(1, "Event_Day1", journey);
		moveClock(Duration.ofDays(1));

		purchase(customer);

		assertThat(journey).isEnded()
			.hasPassedInOrder("Task_SendSuggestion1", "StartEvent_PurchasedAgain", "Event_RecordRepurchase",
					"EndEvent_Converted")
			.hasNotPassed("Task_SendSuggestion2", "Event_Day7");
		assertThat(recorded(journey)).containsEntry(Repurchase7d.VAR_REPURCHASED_7D, true)
			.containsEntry(Repurchase7d.VAR_REPURCHASED_30D, true)
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(statusesOf(customer)).containsExactly("repurchase-day1:SENT");
		assertThat(this.orders.findByCustomer(customer)).hasSize(2);
	}

	@Test
	void purchaseOnDayTenIsA30DayButNotA7DayRepurchaseAfterThreeSuggestions() {
		String customer = follower();
		ProcessInstance journey = firstPurchase(customer);
		untilDay(1, "Event_Day1", journey);
		untilDay(3, "Event_Day3", journey);
		untilDay(7, "Event_Day7", journey);
		assertThat(journey).isWaitingAt("Event_Day30")
			.hasPassedInOrder("Event_NoRepurchaseIn7Days", "Task_DecideOffer", "Task_SendSuggestion3")
			.variables()
			.containsEntry(Repurchase7d.VAR_REPURCHASED_7D, false)
			.containsEntry(Repurchase7d.VAR_OFFER_CODE, "SECOND_ORDER_COUPON")
			.containsEntry("offerCodeRule", "Nurture: one-time buyer gets a second-order coupon");
		assertThat(lastBodySentTo(customer)).contains("复购券 满199减40", "SECOND_ORDER_COUPON");
		moveClock(Duration.ofDays(3));

		purchase(customer);

		assertThat(journey).isEnded().hasPassed("EndEvent_Converted").hasNotPassed("EndEvent_NoRepurchase");
		assertThat(recorded(journey)).containsEntry(Repurchase7d.VAR_REPURCHASED_7D, false)
			.containsEntry(Repurchase7d.VAR_REPURCHASED_30D, true)
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(statusesOf(customer)).containsExactly("repurchase-day1:SENT", "repurchase-day3:SENT",
				"repurchase-day7:SENT");
	}

	@Test
	void noPurchaseEndsOnDayThirtyWithNeitherRepurchase() {
		String customer = follower();
		ProcessInstance journey = firstPurchase(customer);
		untilDay(1, "Event_Day1", journey);
		untilDay(3, "Event_Day3", journey);
		untilDay(7, "Event_Day7", journey);

		untilDay(30, "Event_Day30", journey);

		assertThat(journey).isEnded().hasPassed("EndEvent_NoRepurchase").hasNotPassed("EndEvent_Converted");
		assertThat(recorded(journey)).containsEntry(Repurchase7d.VAR_REPURCHASED_7D, false)
			.containsEntry(Repurchase7d.VAR_REPURCHASED_30D, false)
			.doesNotContainKey(JourneyVariables.GOAL_REACHED);
		assertThat(statusesOf(customer)).containsExactly("repurchase-day1:SENT", "repurchase-day3:SENT",
				"repurchase-day7:SENT");
	}

	@Test
	void customerNotFollowingGetsNoSuggestionButTheJourneyStillRecordsDayThirty() {
		String customer = customer(new CustomerChanges(null, null, false, null, null));
		ProcessInstance journey = firstPurchase(customer);

		untilDay(1, "Event_Day1", journey);
		assertThat(journey).isWaitingAt("Event_Day3").hasPassed("Event_Suggestion1Unreachable");
		untilDay(3, "Event_Day3", journey);
		untilDay(7, "Event_Day7", journey);
		untilDay(30, "Event_Day30", journey);

		assertThat(journey).isEnded()
			.hasPassed("Event_Suggestion1Unreachable", "Event_Suggestion2Unreachable", "Event_Suggestion3Unreachable",
					"EndEvent_NoRepurchase");
		assertThat(recorded(journey)).containsEntry(Repurchase7d.VAR_REPURCHASED_7D, false)
			.containsEntry(Repurchase7d.VAR_REPURCHASED_30D, false);
		assertThat(statusesOf(customer)).containsExactly("repurchase-day1:FAILED", "repurchase-day3:FAILED",
				"repurchase-day7:FAILED");
	}

	@Test
	void customerNotFollowingWhoBuysAgainStillCountsAsRepurchased() {
		String customer = customer(new CustomerChanges(null, null, false, null, null));
		ProcessInstance journey = firstPurchase(customer);
		untilDay(1, "Event_Day1", journey);
		moveClock(Duration.ofDays(4));

		purchase(customer);

		assertThat(journey).isEnded().hasPassed("Event_Suggestion1Unreachable", "EndEvent_Converted");
		assertThat(recorded(journey)).containsEntry(Repurchase7d.VAR_REPURCHASED_7D, true)
			.containsEntry(Repurchase7d.VAR_REPURCHASED_30D, true);
	}

	@Test
	void duplicatePurchasedEventStartsNothingTwiceAndDoesNotConvert() {
		String customer = follower();
		Map<String, Object> order = Map.of("orderId", "SO-" + customer, "amount", 59, "items",
				List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 59)));

		assertThat(event("order-" + customer, customer, EventType.Purchased, order))
			.isEqualTo(EventIntake.Outcome.ACCEPTED);
		assertThat(event("order-" + customer, customer, EventType.Purchased, order))
			.isEqualTo(EventIntake.Outcome.DUPLICATE);
		ProcessInstance journey = journey(Repurchase7d.KEY, customer);
		execute(job(journey));

		assertThat(journey).isWaitingAt("Event_Day1").hasNotPassed("StartEvent_PurchasedAgain");
		assertThat(this.orders.findByCustomer(customer)).hasSize(1);
		assertThat(journeysOf(customer)).isEqualTo(1);
	}

	@Test
	void customerNeverEntersTheJourneyAgain() {
		String customer = follower();
		ProcessInstance journey = firstPurchase(customer);
		purchase(customer);
		assertThat(journey).isEnded().hasPassed("EndEvent_Converted");

		purchase(customer);

		assertThat(journeysOf(customer)).isEqualTo(1);
	}

	private String follower() {
		return customer(new CustomerChanges(null, null, true, null, null));
	}

	private ProcessInstance firstPurchase(String customer) {
		purchase(customer);
		ProcessInstance journey = journey(Repurchase7d.KEY, customer);
		assertThat(journey).isStarted().isWaitingAt("StartEvent_Purchased");
		execute(job(journey));
		return journey;
	}

	/**
	 * Moves the clock to the day the timer is due, fires it and delivers what the journey
	 * sends.
	 */
	private void untilDay(int day, String timer, ProcessInstance journey) {
		Job job = job(timer, journey);
		assertThat(job.getDuedate()).isEqualTo(day(day));
		moveClock(Duration.between(now().toInstant(), job.getDuedate().toInstant()));
		execute(job);
		dispatch();
	}

	private static Date day(int day) {
		return Date.from(T0.plus(Duration.ofDays(day)));
	}

	/** What analytics read: the journey's variables in history. */
	private Map<String, Object> recorded(ProcessInstance journey) {
		Map<String, Object> values = new HashMap<>();
		this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(journey.getId())
			.list()
			.forEach((HistoricVariableInstance v) -> values.put(v.getName(), v.getValue()));
		return values;
	}

	private long journeysOf(String customer) {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(Repurchase7d.KEY)
			.processInstanceBusinessKey(customer)
			.count();
	}

	private String lastBodySentTo(String customer) {
		return this.jdbc
			.sql("select body from message where customer_id = :id order by id desc fetch first 1 rows only")
			.param("id", customer)
			.query(String.class)
			.single();
	}

}
