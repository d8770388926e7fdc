package dev.siyu.journey;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.siyu.audience.AudienceLaunches;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.customer.Order;
import dev.siyu.customer.OrderRepository;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import dev.siyu.messaging.Dispatcher;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * The whole application with the job executor off: a test sends events through the real
 * intake, executes jobs and moves Camunda's clock itself. Every test uses customers of
 * its own.
 */
@SpringBootTest
@ActiveProfiles("test")
abstract class JourneyTestSupport {

	protected static final Instant T0 = Instant.parse("2026-06-01T02:00:00Z");

	@Autowired
	protected ProcessEngine engine;

	@Autowired
	protected EventIntake intake;

	@Autowired
	protected CustomerRepository customers;

	@Autowired
	protected OrderRepository orders;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected Dispatcher dispatcher;

	@Autowired
	protected JourneyStarter starter;

	@Autowired
	protected AudienceLaunches launches;

	@BeforeEach
	void initEngineAssertions() {
		BpmnAwareTests.init(this.engine);
		ClockUtil.setCurrentTime(Date.from(T0));
	}

	@AfterEach
	void resetEngineAssertions() {
		ClockUtil.reset();
		BpmnAwareTests.reset();
	}

	protected static String newCustomerId() {
		return "c-" + UUID.randomUUID();
	}

	protected String customer(CustomerChanges changes) {
		String id = newCustomerId();
		this.customers.upsert(id, changes);
		return id;
	}

	protected void pastOrders(String customerId, int count) {
		for (int i = 0; i < count; i++) {
			this.orders.record(new Order(customerId + "-old-" + i, customerId, new BigDecimal("59.00"),
					OffsetDateTime.ofInstant(T0.minusSeconds(86400L * (30 + i)), ZoneOffset.UTC),
					List.of(new Order.Item("MILK-59", 1, new BigDecimal("59.00")))), null);
		}
	}

	protected EventIntake.Outcome event(String customerId, EventType type, Map<String, Object> properties) {
		return event(UUID.randomUUID().toString(), customerId, type, properties);
	}

	protected EventIntake.Outcome event(String eventId, String customerId, EventType type,
			Map<String, Object> properties) {
		return this.intake.accept(new CustomerEvent(eventId, customerId, type, now(), new HashMap<>(properties)));
	}

	protected EventIntake.Outcome purchase(String customerId) {
		String orderId = "o-" + UUID.randomUUID();
		return event(customerId, EventType.Purchased, Map.of("orderId", orderId, "amount", 59, "items",
				List.of(Map.of("sku", "MILK-59", "quantity", 1, "price", 59))));
	}

	/**
	 * Stores an event the way the intake does, but tells no journey: what a journey meets
	 * when the event's message raced one of its timers.
	 */
	protected void eventMissedByJourneys(String customerId, EventType type) {
		this.jdbc.sql("""
				insert into customer_event (event_id, customer_id, type, occurred_at, received_at, properties)
				values (:id, :customer, :type, :at, :at, '{}')""")
			.param("id", "raced-" + type + "-" + customerId)
			.param("customer", customerId)
			.param("type", type.name())
			.param("at", now())
			.update();
	}

	/**
	 * Starts the journey for the customer as a launch does. Returns whether its re-entry
	 * policy let her in.
	 */
	protected boolean launch(String journeyKey, String customerId) {
		return this.starter.start(this.starter.latest(journeyKey), customerId, Map.of());
	}

	/** Starts the journey for the customer as a launch does and runs its first steps. */
	protected ProcessInstance launched(String journeyKey, String customerId) {
		assertThat(launch(journeyKey, customerId)).isTrue();
		ProcessInstance journey = journey(journeyKey, customerId);
		assertThat(journey).isStarted().isWaitingAt("StartEvent_Launched");
		execute(job(journey));
		return journey;
	}

	/**
	 * Fires a launcher's timer as the job executor would and waits for the launch it
	 * recorded, found by the {@code launchId} its launch step sets.
	 */
	protected AudienceLaunches.Launch launchedByTimer(String launcherKey) {
		execute(this.engine.getManagementService()
			.createJobQuery()
			.processDefinitionKey(launcherKey)
			.timers()
			.singleResult());
		long id = this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processDefinitionKey(launcherKey)
			.variableName("launchId")
			.list()
			.stream()
			.mapToLong((variable) -> ((Number) variable.getValue()).longValue())
			.max()
			.orElseThrow();
		return await().atMost(Duration.ofSeconds(60))
			.until(() -> this.launches.find(id).orElseThrow(),
					(launch) -> launch.status().equals("DONE") || launch.status().equals("FAILED"));
	}

	protected ProcessInstance journey(String key, String customerId) {
		return this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(key)
			.processInstanceBusinessKey(customerId)
			.singleResult();
	}

	protected List<String> templatesSentTo(String customerId) {
		return this.jdbc.sql("select template from message where customer_id = :id order by id")
			.param("id", customerId)
			.query(String.class)
			.list();
	}

	/**
	 * Delivers every due message, as the dispatcher would after commit, tells the waiting
	 * journeys, and runs what they do next (send steps continue asynchronously), as the
	 * job executor would.
	 */
	protected void dispatch() {
		List<String> journeys = this.jdbc.sql("""
				select distinct process_instance_id from message
				where status in ('PENDING', 'DEFERRED') and process_instance_id is not null""")
			.query(String.class)
			.list();
		this.dispatcher.dispatchDue();
		journeys.forEach(this::runJobs);
	}

	/**
	 * Executes the journey's due asynchronous steps (continuations, deliveries of kept
	 * events) until none is left, as the job executor would; timers stay.
	 */
	protected void runJobs(String processInstanceId) {
		ManagementService management = this.engine.getManagementService();
		for (Job job = next(management, processInstanceId); job != null; job = next(management, processInstanceId)) {
			management.executeJob(job.getId());
		}
	}

	private static Job next(ManagementService management, String processInstanceId) {
		return management.createJobQuery()
			.processInstanceId(processInstanceId)
			.messages()
			.executable()
			.listPage(0, 1)
			.stream()
			.findFirst()
			.orElse(null);
	}

	protected List<String> statusesOf(String customerId) {
		return this.jdbc.sql("select template || ':' || status from message where customer_id = :id order by id")
			.param("id", customerId)
			.query(String.class)
			.list();
	}

	/** The timer fires and whatever the journey sends next is delivered. */
	protected void passTimer(String timer, ProcessInstance journey) {
		execute(job(timer, journey));
		dispatch();
	}

	protected Set<String> tagsOf(String customerId) {
		return this.customers.find(customerId).orElseThrow().tags();
	}

	/** {@code CHANNEL:template:STATUS} of each message to the customer, oldest first. */
	protected List<String> channelsSentTo(String customerId) {
		return this.jdbc
			.sql("select channel || ':' || template || ':' || status from message where customer_id = :id order by id")
			.param("id", customerId)
			.query(String.class)
			.list();
	}

	protected List<String> bodiesSentTo(String customerId) {
		return this.jdbc.sql("select body from message where customer_id = :id order by id")
			.param("id", customerId)
			.query(String.class)
			.list();
	}

	protected void moveClock(java.time.Duration by) {
		ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(by)));
	}

	protected static OffsetDateTime now() {
		return OffsetDateTime.ofInstant(ClockUtil.getCurrentTime().toInstant(), ZoneOffset.UTC);
	}

}
