package dev.siyu.journey;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import dev.siyu.audience.Audience;
import dev.siyu.audience.AudienceLaunches;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.Order;
import dev.siyu.event.EventType;
import dev.siyu.rules.BulkLayering;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static dev.siyu.journey.HeroProductCampaign.END_CONVERTED;
import static dev.siyu.journey.HeroProductCampaign.END_NO_SALE;
import static dev.siyu.journey.HeroProductCampaign.END_OA_UNREACHABLE;
import static dev.siyu.journey.HeroProductCampaign.END_UNREACHABLE;
import static dev.siyu.journey.HeroProductCampaign.KEY;
import static dev.siyu.journey.HeroProductCampaign.TASK_SEND_OA_OFFER;
import static dev.siyu.journey.HeroProductCampaign.TASK_SEND_SMS_OFFER;
import static dev.siyu.journey.HeroProductCampaign.VAR_CAMPAIGN_SALE;
import static dev.siyu.journey.HeroProductCampaign.VAR_HERO_TIER;
import static dev.siyu.journey.HeroProductCampaign.VAR_OFFER_CODE;
import static dev.siyu.journey.HeroProductCampaign.VAR_ORDER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * Every path of {@code processes/hero-product-campaign.bpmn} and its launcher. Each test
 * launches the campaign for customers it tags, so it reaches no one else's.
 */
class HeroProductCampaignJourneyTest extends JourneyTestSupport {

	@Autowired
	BulkLayering layering;

	@Autowired
	AudienceLaunches launches;

	@Test
	void launchForAllFourTiersStartsOneJourneyEachWithItsTiersOffer() {
		String tag = newTag();
		String core = follower(tag);
		pastOrders(core, 2);
		String main = follower(tag);
		pastOrders(main, 1);
		String nonCore = withPhone(tag, "13800003333");
		otherProductOrder(nonCore);
		String nonBuyer = withPhone(tag, "13800004444");

		AudienceLaunches.Launch launch = launch(tag);

		assertThat(launch.started()).isEqualTo(4);
		Map<String, ProcessInstance> journeys = Map.of(core, running(core), main, running(main), nonCore,
				running(nonCore), nonBuyer, running(nonBuyer));
		dispatch();
		assertThat(journeys.get(core)).variables()
			.containsEntry(VAR_HERO_TIER, "CORE")
			.containsEntry(VAR_OFFER_CODE, "HERO_CORE_STACKED_COUPON");
		assertThat(journeys.get(main)).variables()
			.containsEntry(VAR_HERO_TIER, "MAIN")
			.containsEntry(VAR_OFFER_CODE, "HERO_IS_BACK");
		assertThat(journeys.get(nonCore)).variables()
			.containsEntry(VAR_HERO_TIER, "NON_CORE")
			.containsEntry(VAR_OFFER_CODE, "HERO_TRIAL_LOW_THRESHOLD");
		assertThat(journeys.get(nonBuyer)).variables()
			.containsEntry(VAR_HERO_TIER, "NON_BUYER")
			.containsEntry(VAR_OFFER_CODE, "HERO_FIRST_ORDER");
		journeys.values()
			.forEach((journey) -> assertThat(journey).isWaitingAt("Gateway_PurchasedOrWindowOver")
				.hasPassedInOrder("StartEvent_CampaignLaunched", "Task_DecideHeroTier", "Task_DecideOffer",
						"Task_CheckCustomer"));
		assertThat(statusesOf(core)).containsExactly("hero-oa-offer:SENT");
		assertThat(statusesOf(main)).containsExactly("hero-oa-offer:SENT");
		assertThat(statusesOf(nonCore)).containsExactly("hero-sms-offer:SENT");
		assertThat(statusesOf(nonBuyer)).containsExactly("hero-sms-offer:SENT");
		assertThat(body(core)).contains("爆品老客专享 满118减30", "HERO_CORE_STACKED_COUPON");
		assertThat(body(nonBuyer)).contains("新客首单 59元爆品立减20").endsWith("拒收请回复R");
	}

	@Test
	void coreBuyerWhoPurchasesWithinSevenDaysEndsConvertedWithACampaignSale() {
		String tag = newTag();
		String core = follower(tag);
		pastOrders(core, 2);
		launch(tag);
		ProcessInstance journey = running(core);
		dispatch();

		moveClock(Duration.ofDays(6));
		purchase(core, "SO-" + core, 118);

		assertThat(journey).isEnded()
			.hasPassedInOrder(TASK_SEND_OA_OFFER, "Event_Purchased", END_CONVERTED)
			.variables()
			.containsEntry(VAR_HERO_TIER, "CORE")
			.containsEntry(VAR_CAMPAIGN_SALE, true)
			.containsEntry(VAR_ORDER_ID, "SO-" + core)
			.containsEntry(JourneyVariables.GOAL_REACHED, true);
		assertThat(amountOf("SO-" + core)).isEqualByComparingTo("118");
	}

	/**
	 * The history keeps what the journey decided and who it was for, not the parameters
	 * its steps were drawn with (StepVariableHistoryPlugin).
	 */
	@Test
	void historyKeepsTheJourneysVariablesButNotItsStepsParameters() {
		String tag = newTag();
		String core = follower(tag);
		pastOrders(core, 2);
		launch(tag);
		ProcessInstance journey = running(core);
		dispatch();
		moveClock(Duration.ofDays(6));
		purchase(core, "SO-" + core, 118);
		assertThat(journey).isEnded();

		Set<String> kept = this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(journey.getId())
			.list()
			.stream()
			.map(HistoricVariableInstance::getName)
			.collect(Collectors.toSet());
		assertThat(kept)
			.contains(JourneyVariables.CUSTOMER_ID, JourneyVariables.LAUNCH_ID, VAR_HERO_TIER, VAR_HERO_TIER + "Rule",
					VAR_OFFER_CODE, VAR_ORDER_ID, JourneyVariables.GOAL_REACHED)
			.doesNotContain("ruleSet", "binding", "resultVariable", "purpose", "template");
		assertThat(this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(journey.getId())
			.activityId("Task_DecideOffer")
			.count()).isEqualTo(1);
	}

	@Test
	void nonBuyerWhoDoesNotBuyEndsWithNoSaleAfterSevenDays() {
		String tag = newTag();
		String nonBuyer = withPhone(tag, "13800005555");
		launch(tag);
		ProcessInstance journey = running(nonBuyer);
		dispatch();
		assertThat(journey).isWaitingAt("Gateway_PurchasedOrWindowOver").hasPassed(TASK_SEND_SMS_OFFER);

		Job window = job("Event_CampaignWindowOver", journey);
		assertThat(window.getDuedate()).isEqualTo(Date.from(T0.plus(Duration.ofDays(7))));
		execute(window);

		assertThat(journey).isEnded()
			.hasPassed(END_NO_SALE)
			.variables()
			.containsEntry(VAR_HERO_TIER, "NON_BUYER")
			.containsEntry(VAR_CAMPAIGN_SALE, false)
			.doesNotContainKey(JourneyVariables.GOAL_REACHED);
		assertThat(statusesOf(nonBuyer)).containsExactly("hero-sms-offer:SENT");
	}

	@Test
	void customerWithoutOaOrPhoneEndsUnreachableWithoutAPush() {
		String tag = newTag();
		String nobody = customer(new CustomerChanges(null, null, false, null, Set.of(tag)));
		launch(tag);

		ProcessInstance journey = running(nobody);

		assertThat(journey).isEnded()
			.hasPassed("Gateway_HasPhone", END_UNREACHABLE)
			.hasNotPassed(TASK_SEND_OA_OFFER, TASK_SEND_SMS_OFFER)
			.variables()
			.containsEntry(VAR_CAMPAIGN_SALE, false);
		assertThat(templatesSentTo(nobody)).isEmpty();
	}

	@Test
	void invalidPhoneIsUnreachable() {
		String tag = newTag();
		String invalid = withPhone(tag, "10000000000");
		launch(tag);
		ProcessInstance journey = running(invalid);

		dispatch();

		assertThat(journey).isEnded().hasPassed("Event_SmsUnreachable", END_UNREACHABLE);
		assertThat(statusesOf(invalid)).containsExactly("hero-sms-offer:FAILED");
	}

	@Test
	void followerWhoUnfollowsBeforeThePushIsUnreachable() {
		String tag = newTag();
		String follower = follower(tag);
		launch(tag);
		ProcessInstance journey = running(follower);
		assertThat(journey).isWaitingAt(TASK_SEND_OA_OFFER);

		event(follower, EventType.Unfollowed, Map.of());
		dispatch();

		assertThat(journey).isEnded().hasPassed("Event_OaUnreachable", END_OA_UNREACHABLE);
		assertThat(statusesOf(follower)).containsExactly("hero-oa-offer:FAILED");
	}

	@Test
	void purchaseWhileThePushWaitsInTheOutboxIsASaleAndStopsThePush() {
		String tag = newTag();
		String follower = follower(tag);
		launch(tag);
		ProcessInstance journey = running(follower);
		assertThat(journey).isWaitingAt(TASK_SEND_OA_OFFER);

		purchase(follower, "SO-" + follower, 59);
		dispatch();

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_GoalPurchased")
			.variables()
			.containsEntry(VAR_CAMPAIGN_SALE, true)
			.containsEntry(VAR_ORDER_ID, "SO-" + follower);
		assertThat(statusesOf(follower)).containsExactly("hero-oa-offer:SUPPRESSED");
	}

	@Test
	void purchaseThatRacedTheLaunchIsASaleAndNothingIsSent() {
		String tag = newTag();
		String follower = follower(tag);
		launch(tag);
		ProcessInstance journey = journey(KEY, follower);
		moveClock(Duration.ofMinutes(1));
		// in the store, but its message reached no journey
		eventMissedByJourneys(follower, EventType.Purchased);

		execute(job(journey));

		assertThat(journey).isEnded()
			.hasPassed("EndEvent_GoalReachedBeforeSend")
			.variables()
			.containsEntry(VAR_CAMPAIGN_SALE, true);
		assertThat(templatesSentTo(follower)).isEmpty();
	}

	@Test
	void launchingTwiceStartsNobodyTwice() {
		String tag = newTag();
		String core = follower(tag);
		pastOrders(core, 2);
		String nonBuyer = withPhone(tag, "13800006666");

		AudienceLaunches.Launch first = launch(tag);
		AudienceLaunches.Launch again = launch(tag);

		assertThat(first.started()).isEqualTo(2);
		assertThat(again.started()).isZero();
		assertThat(again.skipped()).isEqualTo(2);
		for (String customer : List.of(core, nonBuyer)) {
			assertThat(this.engine.getHistoryService()
				.createHistoricProcessInstanceQuery()
				.processDefinitionKey(KEY)
				.processInstanceBusinessKey(customer)
				.count()).isEqualTo(1);
		}
	}

	@Test
	void launcherLaunchesTheCampaignOnceAtItsStartForTheWholeHeroTierAudience() {
		String tag = newTag();
		String core = follower(tag);
		pastOrders(core, 2);
		String nonBuyer = withPhone(tag, "13800007777");
		this.layering.runNow("test");

		Job campaignStart = this.engine.getManagementService()
			.createJobQuery()
			.processDefinitionKey(HeroProductCampaign.LAUNCH_KEY)
			.timers()
			.singleResult();
		assertThat(campaignStart.getDuedate()).isEqualTo(Date.from(Instant.parse("2027-06-18T02:00:00Z")));
		execute(campaignStart);

		HistoricVariableInstance launchId = this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processDefinitionKey(HeroProductCampaign.LAUNCH_KEY)
			.variableName("launchId")
			.singleResult();
		AudienceLaunches.Launch launch = finished((Long) launchId.getValue());
		assertThat(launch.status()).isEqualTo("DONE");
		assertThat(launch.journey()).isEqualTo(KEY);
		assertThat(launch.audience())
			.hasToString("{\"layer\":{\"ruleSet\":\"" + HeroProductCampaign.AUDIENCE_RULE_SET + "\"}}");
		assertThat(journey(KEY, core)).isNotNull();
		assertThat(journey(KEY, nonBuyer)).isNotNull();
		assertThat(this.engine.getManagementService()
			.createJobQuery()
			.processDefinitionKey(HeroProductCampaign.LAUNCH_KEY)
			.count()).isZero();
	}

	/**
	 * What "core buyers were 3.39 % of pushes and 75.88 % of sales" is computed from: the
	 * tier each instance recorded, its pushes (SENT messages) and its sale (the order's
	 * amount).
	 */
	@Test
	void historyAndMessagesGiveEachTiersShareOfPushesAndOfSales() {
		String tag = newTag();
		String core = follower(tag);
		pastOrders(core, 2);
		String main1 = follower(tag);
		pastOrders(main1, 1);
		String main2 = follower(tag);
		pastOrders(main2, 1);
		String nonCore1 = withPhone(tag, "13800008881");
		otherProductOrder(nonCore1);
		String nonCore2 = withPhone(tag, "13800008882");
		otherProductOrder(nonCore2);
		String nonBuyer1 = withPhone(tag, "13800008883");
		String nonBuyer2 = withPhone(tag, "13800008884");
		String nonBuyer3 = withPhone(tag, "13800008885");
		String unreachable = customer(new CustomerChanges(null, null, false, null, Set.of(tag)));
		List<String> population = List.of(core, main1, main2, nonCore1, nonCore2, nonBuyer1, nonBuyer2, nonBuyer3,
				unreachable);
		launch(tag);
		population.forEach(this::running);
		dispatch();
		moveClock(Duration.ofDays(2));
		purchase(core, "SO-" + core, 177);
		purchase(main1, "SO-" + main1, 59);
		purchase(nonCore1, "SO-" + nonCore1, 59);
		moveClock(Duration.ofDays(5));
		population.stream()
			.map((customer) -> journey(KEY, customer))
			.filter((journey) -> journey != null)
			.forEach((journey) -> execute(job("Event_CampaignWindowOver", journey)));

		Map<String, Share> shares = sharesByTier(population);

		assertThat(shares).containsOnlyKeys("CORE", "MAIN", "NON_CORE", "NON_BUYER");
		assertThat(shares.get("CORE")).isEqualTo(new Share(pct("12.50"), pct("60.00")));
		assertThat(shares.get("MAIN")).isEqualTo(new Share(pct("25.00"), pct("20.00")));
		assertThat(shares.get("NON_CORE")).isEqualTo(new Share(pct("25.00"), pct("20.00")));
		assertThat(shares.get("NON_BUYER")).isEqualTo(new Share(pct("37.50"), pct("0.00")));
	}

	record Share(BigDecimal ofPushes, BigDecimal ofSales) {
	}

	/**
	 * As a report would: tier, sale and order from the campaign's history, pushes from
	 * the message table, amounts from the order table.
	 */
	private Map<String, Share> sharesByTier(List<String> population) {
		List<String> instances = this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(KEY)
			.finished()
			.list()
			.stream()
			.filter((instance) -> population.contains(instance.getBusinessKey()))
			.map(HistoricProcessInstance::getId)
			.toList();
		assertThat(instances).hasSize(population.size());
		Map<String, Map<String, Object>> variables = new HashMap<>();
		this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceIdIn(instances.toArray(String[]::new))
			.variableNameIn(VAR_HERO_TIER, VAR_CAMPAIGN_SALE, VAR_ORDER_ID)
			.list()
			.forEach((variable) -> variables.computeIfAbsent(variable.getProcessInstanceId(), (id) -> new HashMap<>())
				.put(variable.getName(), variable.getValue()));
		Map<String, Long> pushesByInstance = this.jdbc
			.sql("select process_instance_id from message where status = 'SENT' and process_instance_id in (:ids)")
			.param("ids", instances)
			.query(String.class)
			.list()
			.stream()
			.collect(Collectors.groupingBy((id) -> id, Collectors.counting()));

		Map<String, Long> pushes = new TreeMap<>();
		Map<String, BigDecimal> sales = new TreeMap<>();
		variables.forEach((instance, values) -> {
			String tier = (String) values.get(VAR_HERO_TIER);
			pushes.merge(tier, pushesByInstance.getOrDefault(instance, 0L), Long::sum);
			BigDecimal sale = Boolean.TRUE.equals(values.get(VAR_CAMPAIGN_SALE))
					? amountOf((String) values.get(VAR_ORDER_ID)) : BigDecimal.ZERO;
			sales.merge(tier, sale, BigDecimal::add);
		});
		long allPushes = pushes.values().stream().mapToLong(Long::longValue).sum();
		BigDecimal allSales = sales.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
		Map<String, Share> shares = new LinkedHashMap<>();
		pushes.forEach((tier, count) -> shares.put(tier,
				new Share(percent(BigDecimal.valueOf(count), BigDecimal.valueOf(allPushes)),
						percent(sales.get(tier), allSales))));
		return shares;
	}

	private static BigDecimal percent(BigDecimal part, BigDecimal whole) {
		return part.multiply(BigDecimal.valueOf(100)).divide(whole, 2, RoundingMode.HALF_UP);
	}

	private static BigDecimal pct(String value) {
		return new BigDecimal(value);
	}

	private AudienceLaunches.Launch launch(String tag) {
		this.layering.runNow("test");
		return finished(
				this.launches.launch(KEY, new Audience(HeroProductCampaign.AUDIENCE_RULE_SET, List.of(), tag), "test"));
	}

	private AudienceLaunches.Launch finished(long id) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.launches.find(id).orElseThrow(),
					(launch) -> launch.status().equals("DONE") || launch.status().equals("FAILED"));
	}

	/** Her journey, past the asynchronous start: decided, checked, and at its send. */
	private ProcessInstance running(String customer) {
		ProcessInstance journey = journey(KEY, customer);
		assertThat(journey).isStarted().isWaitingAt("StartEvent_CampaignLaunched");
		execute(job(journey));
		return journey;
	}

	private String follower(String tag) {
		return customer(new CustomerChanges(null, null, true, null, Set.of(tag)));
	}

	private String withPhone(String tag, String phone) {
		return customer(new CustomerChanges(null, phone, false, null, Set.of(tag)));
	}

	private void otherProductOrder(String customer) {
		this.orders.record(new Order(customer + "-yoghurt", customer, new BigDecimal("25.00"),
				OffsetDateTime.ofInstant(T0.minus(Duration.ofDays(40)), ZoneOffset.UTC),
				List.of(new Order.Item("YOGHURT-25", 1, new BigDecimal("25.00")))), null);
	}

	private void purchase(String customer, String orderId, int amount) {
		event(customer, EventType.Purchased, Map.of("orderId", orderId, "amount", amount, "items",
				List.of(Map.of("sku", "MILK-59", "quantity", amount / 59, "price", 59))));
	}

	private BigDecimal amountOf(String orderId) {
		return this.jdbc.sql("select amount from customer_order where id = :id")
			.param("id", orderId)
			.query(BigDecimal.class)
			.single();
	}

	private String body(String customer) {
		return this.jdbc.sql("select body from message where customer_id = :id")
			.param("id", customer)
			.query(String.class)
			.single();
	}

	private static String newTag() {
		return "hero-" + UUID.randomUUID();
	}

}
