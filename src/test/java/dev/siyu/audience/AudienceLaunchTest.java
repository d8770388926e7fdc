package dev.siyu.audience;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.event.CustomerEvent;
import dev.siyu.event.EventIntake;
import dev.siyu.event.EventType;
import dev.siyu.rules.BulkLayering;
import dev.siyu.system.InvalidInputException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A journey launched for an audience of stored layers: everyone in it once, nobody else.
 */
@SpringBootTest
@ActiveProfiles("test")
class AudienceLaunchTest {

	@Autowired
	AudienceLaunches launches;

	@Autowired
	BulkLayering layering;

	@Autowired
	CustomerRepository customers;

	@Autowired
	EventIntake intake;

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	Segments segments;

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void churnedCustomersOfTheAudienceEachGetTheJourneyOnceEvenWhenLaunchedTwice() {
		String journey = deployWaitingJourney();
		String tag = "audience-" + UUID.randomUUID();
		ClockUtil.setCurrentTime(Date.from(OffsetDateTime.parse("2026-01-01T02:00:00Z").toInstant()));
		String active = customer(tag);
		String churned1 = customer(tag);
		String churned2 = customer(tag);
		String untagged = customer("someone-else");
		ClockUtil.setCurrentTime(Date.from(OffsetDateTime.parse("2026-05-01T02:00:00Z").toInstant()));
		this.intake.accept(new CustomerEvent(UUID.randomUUID().toString(), active, EventType.LoggedIn,
				OffsetDateTime.parse("2026-05-01T01:00:00Z"), Map.of()));
		this.layering.runNow("test");

		AudienceLaunches.Launch first = finished(
				this.launches.launch(journey, new Audience("activity", List.of("CHURNED"), tag), "test"));
		AudienceLaunches.Launch again = finished(
				this.launches.launch(journey, new Audience("activity", List.of("CHURNED"), tag), "test"));

		assertThat(first.status()).isEqualTo("DONE");
		assertThat(first.started()).isEqualTo(2);
		assertThat(again.started()).isZero();
		assertThat(again.skipped()).isEqualTo(2);
		assertThat(startedFor(journey)).containsExactlyInAnyOrder(churned1, churned2).doesNotContain(active, untagged);
	}

	/**
	 * The node running a launch died after its first page committed: the launch is taken
	 * up where it stopped, and nobody of that first page is started again.
	 */
	@Test
	void aLaunchWhoseNodeDiedIsTakenUpAfterItsLastCommittedPage() {
		String journey = deployWaitingJourney();
		String tag = "abandoned-" + UUID.randomUUID();
		List<String> audience = List.of(customer(tag), customer(tag), customer(tag)).stream().sorted().toList();
		this.layering.runNow("test");
		this.jdbc.sql("""
				insert into launch (journey_key, rule_set, layer_values, tag, trigger_by, status, started, created_at,
				                    heartbeat_at, last_customer_id)
				values (:journey, 'activity', '', :tag, 'test', 'RUNNING', 1, :now, :heartbeat, :first)""")
			.param("journey", journey)
			.param("tag", tag)
			.param("now", OffsetDateTime.now())
			.param("heartbeat", OffsetDateTime.now().minusMinutes(5))
			.param("first", audience.get(0))
			.update();
		long id = this.jdbc.sql("select max(id) from launch where journey_key = :journey")
			.param("journey", journey)
			.query(Long.class)
			.single();

		this.launches.resumeAbandoned();

		AudienceLaunches.Launch resumed = finished(id);
		assertThat(resumed.status()).isEqualTo("DONE");
		assertThat(resumed.started()).isEqualTo(3);
		assertThat(resumed.skipped()).isZero();
		assertThat(startedFor(journey)).containsExactlyInAnyOrder(audience.get(1), audience.get(2));
	}

	@Test
	void aLaunchWithAFreshHeartbeatIsLeftToItsNode() {
		String journey = deployWaitingJourney();
		this.jdbc.sql("""
				insert into launch (journey_key, rule_set, layer_values, trigger_by, status, created_at, heartbeat_at)
				values (:journey, 'activity', '', 'test', 'RUNNING', :now, :now)""")
			.param("journey", journey)
			.param("now", OffsetDateTime.now())
			.update();

		this.launches.resumeAbandoned();

		assertThat(this.jdbc.sql("select status from launch where journey_key = :journey")
			.param("journey", journey)
			.query(String.class)
			.single()).isEqualTo("RUNNING");
	}

	@Test
	void aLaunchStepLaunchesTheSavedSegmentItNames() throws Exception {
		String journey = deployWaitingJourney();
		String tag = "step-" + UUID.randomUUID();
		String first = customer(tag);
		String second = customer(tag);
		this.segments.save(tag, null, null, new com.fasterxml.jackson.databind.ObjectMapper().readTree("""
				{"tag": "%s"}""".formatted(tag)), "test");
		String launcher = journey + "-daily";
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance(launcher + ".bpmn",
					Bpmn.createExecutableProcess(launcher)
						.camundaHistoryTimeToLive(1)
						.startEvent()
						.serviceTask("Task_LaunchSegment")
						.camundaDelegateExpression("${launchAudience}")
						.camundaInputParameter("journey", journey)
						.camundaInputParameter("segment", tag)
						.endEvent()
						.done())
			.deploy();

		String instance = this.engine.getRuntimeService().startProcessInstanceByKey(launcher).getId();

		long id = (Long) this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(instance)
			.variableName("launchId")
			.singleResult()
			.getValue();
		AudienceLaunches.Launch launch = finished(id);
		assertThat(launch.segment()).isEqualTo(tag);
		assertThat(launch.segmentVersion()).isEqualTo(1);
		assertThat(launch.triggerBy()).isEqualTo("journey " + launcher);
		assertThat(startedFor(journey)).containsExactlyInAnyOrder(first, second);
	}

	@Test
	void launchOfAJourneyThatIsNotDeployedIsRefused() {
		assertThatThrownBy(
				() -> this.launches.launch("no-such-journey", new Audience("activity", List.of(), null), "test"))
			.isInstanceOf(InvalidInputException.class)
			.hasMessageContaining("No journey 'no-such-journey' is deployed");
	}

	private String deployWaitingJourney() {
		String journey = "launch-test-" + UUID.randomUUID().toString().substring(0, 8);
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance(journey + ".bpmn",
					Bpmn.createExecutableProcess(journey)
						.camundaHistoryTimeToLive(1)
						.startEvent()
						.userTask("Task_Wait")
						.endEvent()
						.done())
			.deploy();
		return journey;
	}

	private String customer(String tag) {
		String id = "aud-" + UUID.randomUUID();
		this.customers.upsert(id, new CustomerChanges(null, null, null, null, Set.of(tag)));
		return id;
	}

	private AudienceLaunches.Launch finished(long id) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> this.launches.find(id).orElseThrow(),
					(launch) -> launch.status().equals("DONE") || launch.status().equals("FAILED"));
	}

	private List<String> startedFor(String journey) {
		return this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(journey)
			.list()
			.stream()
			.map((instance) -> instance.getBusinessKey())
			.toList();
	}

}
