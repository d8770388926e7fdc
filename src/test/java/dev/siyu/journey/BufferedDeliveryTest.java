package dev.siyu.journey;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventNotifier;
import dev.siyu.event.EventType;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.ExtensionElements;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * An event that comes while a journey is busy elsewhere (here: the async continuation
 * after its start, as after a send step) is kept and handed to the journey when it
 * reaches a wait for it, whatever kind of wait; at most once per journey, never an event
 * from before the journey began, never after the event's lifetime.
 */
class BufferedDeliveryTest extends JourneyTestSupport {

	@Autowired
	private BufferedDelivery delivery;

	@Autowired
	private MeterRegistry meters;

	@Autowired
	private EventNotifier notifier;

	private String customer;

	@BeforeEach
	void deployTestJourneys() {
		RepositoryService repository = this.engine.getRepositoryService();
		repository.createDeployment()
			.name("buffered-delivery-test")
			.enableDuplicateFiltering(false)
			.addModelInstance("test-kept-catch.bpmn", catchAfterBusyStart())
			.addModelInstance("test-kept-gateway.bpmn", gatewayAfterBusyStart())
			.addModelInstance("test-kept-receive.bpmn", receiveTaskAfterBusyStart())
			.addModelInstance("test-kept-boundary.bpmn", boundaryAfterBusyStart())
			.addModelInstance("test-kept-loop.bpmn", waitVisitedTwice())
			.addModelInstance("test-kept-multi.bpmn", multiInstanceReceive())
			.addModelInstance("test-kept-none.bpmn", keepsNothing())
			.addModelInstance("test-kept-non-interrupting.bpmn", nonInterruptingBoundaryAfterBusyStart())
			.deploy();
		this.customer = customer(new CustomerChanges(null, null, null, null, null));
	}

	@Test
	void followDuringTheBusyStepReachesTheIntermediateCatch() {
		ProcessInstance journey = start("test-kept-catch");

		event(this.customer, EventType.Followed, Map.of("scene", "qr-1"));
		execute(job(journey));

		assertThat(journey).isWaitingAt("Event_Followed");
		execute(deliveryJob(journey));
		assertThat(journey).isEnded().hasPassed("EndEvent_Followed").variables().containsEntry("scene", "qr-1");
	}

	@Test
	void followDuringTheBusyStepTakesTheEventBasedGatewaysFollowedPath() {
		ProcessInstance journey = start("test-kept-gateway");

		event(this.customer, EventType.Followed, Map.of());
		execute(job(journey));

		assertThat(journey).isWaitingAt("Gateway_FollowedOrTimeout");
		execute(deliveryJob(journey));
		assertThat(journey).isEnded().hasPassed("Event_Followed", "EndEvent_Followed").hasNotPassed("EndEvent_Timeout");
	}

	@Test
	void followDuringTheBusyStepCompletesTheReceiveTask() {
		ProcessInstance journey = start("test-kept-receive");

		event(this.customer, EventType.Followed, Map.of());
		execute(job(journey));
		execute(deliveryJob(journey));

		assertThat(journey).isEnded().hasPassed("Task_AwaitFollow", "EndEvent_Followed");
	}

	@Test
	void followDuringTheBusyStepFiresTheBoundaryEventOfTheNextTask() {
		ProcessInstance journey = start("test-kept-boundary");

		event(this.customer, EventType.Followed, Map.of());
		execute(job(journey));
		assertThat(journey).isWaitingAt("Task_Read");
		execute(deliveryJob(journey));

		assertThat(journey).isEnded().hasPassed("Event_FollowedWhileReading").hasNotPassed("EndEvent_Read");
	}

	@Test
	void aWaitVisitedTwiceGetsEachPurchaseOnceInTheOrderTheyCame() {
		ProcessInstance journey = start("test-kept-loop");
		execute(job(journey));
		assertThat(journey).isWaitingAt("Event_Purchased");

		purchased("o-first");
		assertThat(journey).isWaitingAt("Task_Count");
		purchased("o-second");
		purchased("o-third");
		execute(job(journey));
		execute(deliveryJob(journey));
		assertThat(journey).isWaitingAt("Task_Count").variables().containsEntry("orderId", "o-second");
		execute(job(journey));
		execute(deliveryJob(journey));
		execute(job(journey));

		assertThat(journey).isEnded().variables().containsEntry("orderId", "o-third").containsEntry("rounds", 3L);
		assertThat(keptFor(journey)).isZero();
	}

	/**
	 * A purchase comes while the wait is open but an older one, kept, is still on its way
	 * to it (its delivery job has not run): the older goes first, the newer waits its
	 * turn.
	 */
	@Test
	void aNewerEventDoesNotOvertakeAKeptOneOnItsWayToTheWait() {
		ProcessInstance journey = start("test-kept-loop");
		execute(job(journey));
		purchased("o-first");
		purchased("o-second");
		execute(job(journey));
		assertThat(journey).isWaitingAt("Event_Purchased");

		purchased("o-third");
		// the kept purchase's job, and one intake scheduled for the newer purchase behind
		// it
		List<Job> deliveries = this.engine.getManagementService()
			.createJobQuery()
			.processInstanceId(journey.getId())
			.messages()
			.list();
		assertThat(deliveries).hasSize(2);
		deliveries.forEach((delivery) -> execute(delivery));

		assertThat(journey).isWaitingAt("Task_Count").variables().containsEntry("orderId", "o-second");
		execute(job(journey));
		execute(deliveryJob(journey));
		assertThat(journey).variables().containsEntry("orderId", "o-third");
	}

	/**
	 * A wait that stays open after taking an event (a non-interrupting boundary) gets
	 * every kept event, one after another, and later ones directly.
	 */
	@Test
	void aWaitThatStaysOpenGetsEveryKeptEvent() {
		ProcessInstance journey = start("test-kept-non-interrupting");
		purchased("o-first");
		purchased("o-second");

		execute(job(journey));
		execute(deliveryJob(journey));
		execute(deliveryJob(journey));
		purchased("o-third");

		assertThat(journey).isWaitingAt("Task_Read");
		assertThat(keptFor(journey)).isZero();
		assertThat(this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(journey.getId())
			.activityId("EndEvent_Noted")
			.count()).isEqualTo(3);
	}

	/**
	 * An event kept while the journey was suspended reaches it after it is activated,
	 * within a sweep, though no wait opened meanwhile.
	 */
	@Test
	void anEventKeptWhileTheJourneyWasSuspendedReachesItOnceActivated() {
		ProcessInstance journey = start("test-kept-catch");
		execute(job(journey));
		RuntimeService runtime = this.engine.getRuntimeService();
		runtime.suspendProcessInstanceById(journey.getId());

		event(this.customer, EventType.Followed, Map.of());
		runtime.activateProcessInstanceById(journey.getId());
		assertThat(journey).isWaitingAt("Event_Followed");
		this.delivery.sweep();
		execute(deliveryJob(journey));

		assertThat(journey).isEnded().hasPassed("EndEvent_Followed");
	}

	@Test
	void eachRoundOfASequentialMultiInstanceGetsItsOwnPurchase() {
		ProcessInstance journey = start("test-kept-multi");

		purchased("o-early");
		execute(job(journey));
		execute(deliveryJob(journey));
		assertThat(journey).isWaitingAt("Task_AwaitPurchase");
		assertThat(this.engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).count())
			.as("the early purchase is not handed over a second time")
			.isZero();
		purchased("o-later");

		assertThat(journey).isEnded().hasPassed("EndEvent_TwoPurchases");
	}

	@Test
	void anEventPastItsLifetimeIsNotDeliveredAndCountsAsExpired() {
		ProcessInstance journey = start("test-kept-catch");
		event(this.customer, EventType.Followed, Map.of());
		double expiredBefore = expiredCount();

		moveClock(Duration.ofDays(1).plusMinutes(1));
		execute(job(journey));

		assertThat(journey).isWaitingAt("Event_Followed");
		assertThat(this.engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).count())
			.isZero();
		this.delivery.sweep();
		assertThat(keptFor(journey)).isZero();
		assertThat(expiredCount()).isGreaterThanOrEqualTo(expiredBefore + 1);
	}

	@Test
	void anEventFromBeforeTheJourneyStartedIsNotDelivered() {
		event(this.customer, EventType.Followed, Map.of());
		ProcessInstance journey = start("test-kept-catch");

		execute(job(journey));

		assertThat(journey).isWaitingAt("Event_Followed");
		assertThat(keptFor(journey)).isZero();
	}

	@Test
	void theEventThatStartedAJourneyIsNotDeliveredToIt() {
		String deployment = this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("test-kept-trigger.bpmn", startedByActivity())
			.deploy()
			.getId();
		try {
			event(this.customer, EventType.ActivityJoined, Map.of("activityId", "live-1"));
			ProcessInstance journey = journey("test-kept-trigger", this.customer);
			execute(job(journey));

			assertThat(journey).isWaitingAt("Event_NextActivity");
			assertThat(this.engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).count())
				.isZero();
			event(this.customer, EventType.ActivityJoined, Map.of("activityId", "live-2"));
			assertThat(journey).isEnded().variables().containsEntry("activityId", "live-2");
		}
		finally {
			this.engine.getRepositoryService().deleteDeployment(deployment, true);
		}
	}

	@Test
	void aJourneyCanKeepNothing() {
		ProcessInstance journey = start("test-kept-none");

		event(this.customer, EventType.Followed, Map.of());
		execute(job(journey));

		assertThat(keptFor(journey)).isZero();
		assertThat(journey).isWaitingAt("Event_Followed");
		assertThat(this.engine.getManagementService().createJobQuery().processInstanceId(journey.getId()).count())
			.isZero();
	}

	@Test
	void whatWasKeptIsDroppedWhenTheJourneyEnds() {
		ProcessInstance journey = start("test-kept-gateway");
		event(this.customer, EventType.Followed, Map.of());
		event(this.customer, EventType.Followed, Map.of());
		execute(job(journey));
		execute(deliveryJob(journey));

		assertThat(journey).isEnded();
		assertThat(keptFor(journey)).isZero();
	}

	@Test
	void aBatchedEventReachesTheWaitingJourneyWhenTheNotifierHandsItOver() {
		ProcessInstance journey = start("test-kept-catch");
		execute(job(journey));

		this.intake.acceptAll(List.of(batched(EventType.Followed, Map.of("scene", "batch"))));
		assertThat(journey).isWaitingAt("Event_Followed");
		this.notifier.notifyPending();

		assertThat(journey).isEnded().variables().containsEntry("scene", "batch");
	}

	@Test
	void aBatchedEventDoesNotReachAJourneyThatBeganAfterItCame() {
		this.intake.acceptAll(List.of(batched(EventType.Followed, Map.of())));
		moveClock(Duration.ofMinutes(1));
		ProcessInstance journey = start("test-kept-catch");
		execute(job(journey));

		this.notifier.notifyPending();

		assertThat(journey).isWaitingAt("Event_Followed");
		assertThat(keptFor(journey)).isZero();
	}

	/**
	 * A batch whose first event starts a journey and whose second the journey waits for:
	 * the journey, started by the notifier after both were taken in, still gets the
	 * second, which came after the one that started it.
	 */
	@Test
	void aBatchedEventReachesTheJourneyAnEarlierEventOfTheSameBatchStarted() {
		String deployment = this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("test-kept-trigger.bpmn", startedByActivity())
			.deploy()
			.getId();
		try {
			this.intake.acceptAll(List.of(batched(EventType.ActivityJoined, Map.of("activityId", "live-1"))));
			moveClock(Duration.ofSeconds(1));
			this.intake.acceptAll(List.of(batched(EventType.ActivityJoined, Map.of("activityId", "live-2"))));
			moveClock(Duration.ofMinutes(1));
			this.notifier.notifyPending();
			ProcessInstance journey = journey("test-kept-trigger", this.customer);
			execute(job(journey));
			execute(deliveryJob(journey));

			assertThat(journey).isEnded().variables().containsEntry("activityId", "live-2");
		}
		finally {
			this.engine.getRepositoryService().deleteDeployment(deployment, true);
		}
	}

	@Test
	void aSingleEventWaitsBehindHerBatchedOnesAndTheyArriveInOrder() {
		ProcessInstance journey = start("test-kept-loop");
		execute(job(journey));

		this.intake.acceptAll(List.of(batched(EventType.Purchased, Map.of("orderId", "o-batched", "amount", 59, "items",
				List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 59))))));
		purchased("o-single");
		assertThat(journey).isWaitingAt("Event_Purchased");
		this.notifier.notifyPending();

		assertThat(journey).isWaitingAt("Task_Count").variables().containsEntry("orderId", "o-batched");
		execute(job(journey));
		execute(deliveryJob(journey));
		assertThat(journey).variables().containsEntry("orderId", "o-single");
	}

	private CustomerEvent batched(EventType type, Map<String, Object> properties) {
		return new CustomerEvent(UUID.randomUUID().toString(), this.customer, type, now(), properties);
	}

	private ProcessInstance start(String key) {
		RuntimeService runtime = this.engine.getRuntimeService();
		return runtime.startProcessInstanceByKey(key, this.customer);
	}

	private void purchased(String orderId) {
		event(this.customer, EventType.Purchased, Map.of("orderId", orderId, "amount", 59, "items",
				List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 59))));
	}

	private Job deliveryJob(ProcessInstance journey) {
		Job job = this.engine.getManagementService()
			.createJobQuery()
			.processInstanceId(journey.getId())
			.messages()
			.singleResult();
		assertThat(job).as("a delivery job for the kept event").isNotNull();
		return job;
	}

	private long keptFor(ProcessInstance journey) {
		return this.jdbc.sql("select count(*) from event_buffer where process_instance_id = :pid")
			.param("pid", journey.getId())
			.query(Long.class)
			.single();
	}

	private double expiredCount() {
		var counter = this.meters.find("siyu.events.expired").counter();
		return (counter != null) ? counter.count() : 0;
	}

	private static BpmnModelInstance catchAfterBusyStart() {
		return Bpmn.createExecutableProcess("test-kept-catch")
			.startEvent("StartEvent")
			.camundaAsyncAfter()
			.intermediateCatchEvent("Event_Followed")
			.message("Followed")
			.endEvent("EndEvent_Followed")
			.done();
	}

	private static BpmnModelInstance gatewayAfterBusyStart() {
		return Bpmn.createExecutableProcess("test-kept-gateway")
			.startEvent("StartEvent")
			.camundaAsyncAfter()
			.eventBasedGateway()
			.id("Gateway_FollowedOrTimeout")
			.intermediateCatchEvent("Event_Followed")
			.message("Followed")
			.endEvent("EndEvent_Followed")
			.moveToLastGateway()
			.intermediateCatchEvent("Event_Wait48h")
			.timerWithDuration("PT48H")
			.endEvent("EndEvent_Timeout")
			.done();
	}

	private static BpmnModelInstance receiveTaskAfterBusyStart() {
		return Bpmn.createExecutableProcess("test-kept-receive")
			.startEvent("StartEvent")
			.camundaAsyncAfter()
			.receiveTask("Task_AwaitFollow")
			.message("Followed")
			.endEvent("EndEvent_Followed")
			.done();
	}

	private static BpmnModelInstance boundaryAfterBusyStart() {
		return Bpmn.createExecutableProcess("test-kept-boundary")
			.startEvent("StartEvent")
			.camundaAsyncAfter()
			.userTask("Task_Read")
			.endEvent("EndEvent_Read")
			.moveToActivity("Task_Read")
			.boundaryEvent("Event_FollowedWhileReading")
			.message("Followed")
			.endEvent("EndEvent_Followed")
			.done();
	}

	private static BpmnModelInstance nonInterruptingBoundaryAfterBusyStart() {
		return Bpmn.createExecutableProcess("test-kept-non-interrupting")
			.startEvent("StartEvent")
			.camundaAsyncAfter()
			.userTask("Task_Read")
			.endEvent("EndEvent_Read")
			.moveToActivity("Task_Read")
			.boundaryEvent("Event_PurchasedWhileReading")
			.cancelActivity(false)
			.message("Purchased")
			.endEvent("EndEvent_Noted")
			.done();
	}

	/** Waits for a purchase three times, busy (a job) between the rounds. */
	private static BpmnModelInstance waitVisitedTwice() {
		return Bpmn.createExecutableProcess("test-kept-loop")
			.startEvent("StartEvent")
			.camundaAsyncAfter()
			.exclusiveGateway("Gateway_Round")
			.intermediateCatchEvent("Event_Purchased")
			.message("Purchased")
			.manualTask("Task_Count")
			.camundaAsyncBefore()
			.camundaExecutionListenerExpression("end",
					"${execution.setVariable('rounds', execution.getVariable('rounds') == null ? 1 : execution.getVariable('rounds') + 1)}")
			.exclusiveGateway("Gateway_Again")
			.condition("three rounds", "${rounds >= 3}")
			.endEvent("EndEvent_ThreeRounds")
			.moveToLastGateway()
			.condition("again", "${rounds < 3}")
			.connectTo("Gateway_Round")
			.done();
	}

	private static BpmnModelInstance multiInstanceReceive() {
		return Bpmn.createExecutableProcess("test-kept-multi")
			.startEvent("StartEvent")
			.camundaAsyncAfter()
			.receiveTask("Task_AwaitPurchase")
			.message("Purchased")
			.multiInstance()
			.sequential()
			.cardinality("2")
			.multiInstanceDone()
			.endEvent("EndEvent_TwoPurchases")
			.done();
	}

	private static BpmnModelInstance startedByActivity() {
		return Bpmn.createExecutableProcess("test-kept-trigger")
			.startEvent("StartEvent_ActivityJoined")
			.message("ActivityJoined")
			.camundaAsyncAfter()
			.intermediateCatchEvent("Event_NextActivity")
			.message("ActivityJoined")
			.endEvent("EndEvent_NextActivity")
			.done();
	}

	/** A journey that sets {@code eventLifetime.Followed} to zero. */
	private static BpmnModelInstance keepsNothing() {
		BpmnModelInstance model = Bpmn.createExecutableProcess("test-kept-none")
			.startEvent("StartEvent")
			.camundaAsyncAfter()
			.intermediateCatchEvent("Event_Followed")
			.message("Followed")
			.endEvent("EndEvent_Followed")
			.done();
		Process process = model.getModelElementById("test-kept-none");
		ExtensionElements extensions = model.newInstance(ExtensionElements.class);
		CamundaProperties properties = model.newInstance(CamundaProperties.class);
		CamundaProperty lifetime = model.newInstance(CamundaProperty.class);
		lifetime.setCamundaName("eventLifetime.Followed");
		lifetime.setCamundaValue("PT0S");
		properties.getCamundaProperties().add(lifetime);
		extensions.addChildElement(properties);
		process.setExtensionElements(extensions);
		return model;
	}

}
