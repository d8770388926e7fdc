package dev.siyu.journey;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.system.TestApi;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.batch.Batch;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.builder.AbstractFlowNodeBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * Moving running customers to a new journey version over HTTP: 1,000 customers parked on
 * version 1 (990 waiting for the follow, 10 for a purchase); version 2 renames the follow
 * step and adds a step after each wait. The plan reports who waits where and who cannot
 * move until the renamed step is mapped; executed, a Camunda batch moves all of them, and
 * they go on along version 2.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class JourneyMigrationApiTest {

	@LocalServerPort
	int port;

	@Autowired
	ProcessEngine engine;

	RestClient api;

	String key;

	@BeforeEach
	void journeyOnVersionOne() {
		BpmnAwareTests.init(this.engine);
		this.api = TestApi.asDemo(this.port);
		this.key = "migration-" + UUID.randomUUID().toString().substring(0, 8);
		deploy(version(1));
	}

	/** 1,000 customers on version 1: the first ten follow and wait for a purchase. */
	private void park() {
		RuntimeService runtime = this.engine.getRuntimeService();
		IntStream.range(0, 1000)
			.forEach(
					(i) -> runtime.startProcessInstanceByKey(this.key, this.key + "-c" + i, Map.of("follows", i < 10)));
	}

	@AfterEach
	void resetEngineAssertions() {
		BpmnAwareTests.reset();
	}

	@Test
	void thePlanSaysWhoWaitsWhereAndWhoCannotMoveUntilTheRenamedStepIsMapped() {
		park();
		deploy(version(2));

		ResponseEntity<JsonNode> planned = plan(Map.of("fromVersion", 1));

		assertThat(planned.getStatusCode().value()).isEqualTo(201);
		JsonNode plan = planned.getBody();
		assertThat(planned.getHeaders().getLocation())
			.hasToString("/api/journeys/" + this.key + "/migrations/" + plan.get("id").asLong());
		assertThat(plan.get("state").asText()).isEqualTo("PLANNED");
		assertThat(plan.get("toVersion").asInt()).isEqualTo(2);
		assertThat(plan.get("instances").asLong()).isEqualTo(1000);
		assertThat(plan.get("movable").asLong()).isEqualTo(10);
		assertThat(plan.get("cannotMove").asLong()).isEqualTo(990);
		JsonNode follow = activity(plan, "Task_WaitFollow");
		assertThat(follow.get("instances").asLong()).isEqualTo(990);
		assertThat(follow.get("name").asText()).isEqualTo("Wait for the follow");
		assertThat(follow.get("movable").asBoolean()).isFalse();
		assertThat(follow.get("reasons").toString()).contains("map it to one of that version's activities");
		JsonNode purchase = activity(plan, "Task_WaitPurchase");
		assertThat(purchase.get("instances").asLong()).isEqualTo(10);
		assertThat(purchase.get("movesTo").asText()).isEqualTo("Task_WaitPurchase");
		assertThat(purchase.get("movable").asBoolean()).isTrue();

		ResponseEntity<JsonNode> refused = TestApi.postJson(this.api,
				"/api/journeys/" + this.key + "/migrations/" + plan.get("id").asLong() + "/execute", Map.of());
		assertThat(refused.getStatusCode().value()).isEqualTo(409);
		assertThat(refused.getBody().get("detail").asText()).contains("990 of 1000", "'Task_WaitFollow'",
				"Map those activities");
		// nothing moved
		assertThat(
				this.engine.getRuntimeService().createProcessInstanceQuery().processDefinitionId(definition(1)).count())
			.isEqualTo(1000);
	}

	@Test
	void executedTheBatchMovesEveryoneAndTheyGoOnAlongVersionTwo() {
		park();
		deploy(version(2));
		JsonNode plan = plan(
				Map.of("fromVersion", 1, "toVersion", 2, "mappings", Map.of("Task_WaitFollow", "Task_WaitForFollow")))
			.getBody();
		assertThat(plan.get("movable").asLong()).isEqualTo(1000);
		assertThat(plan.get("cannotMove").asLong()).isZero();
		assertThat(activity(plan, "Task_WaitFollow").get("movesTo").asText()).isEqualTo("Task_WaitForFollow");
		assertThat(plan.get("instructions").toString()).contains(
				"{\"from\":\"Task_WaitFollow\",\"to\":\"Task_WaitForFollow\",\"byId\":false",
				"{\"from\":\"Task_WaitPurchase\",\"to\":\"Task_WaitPurchase\",\"byId\":true");
		String migration = "/api/journeys/" + this.key + "/migrations/" + plan.get("id").asLong();

		ResponseEntity<JsonNode> started = TestApi.postJson(this.api, migration + "/execute", Map.of());

		assertThat(started.getStatusCode().value()).isEqualTo(202);
		assertThat(started.getBody().get("state").asText()).isEqualTo("RUNNING");
		assertThat(started.getBody().get("startedBy").asText()).isEqualTo("demo");
		assertThat(started.getBody().get("progress").get("moved").asLong()).isZero();
		Batch batch = this.engine.getManagementService()
			.createBatchQuery()
			.batchId(started.getBody().get("batchId").asText())
			.singleResult();
		assertThat(batch.getTotalJobs()).isEqualTo(1000);
		runSeedJobs(batch);
		List<Job> moves = this.engine.getManagementService()
			.createJobQuery()
			.jobDefinitionId(batch.getBatchJobDefinitionId())
			.list();
		moves.subList(0, 400).forEach((job) -> this.engine.getManagementService().executeJob(job.getId()));
		JsonNode halfway = this.api.get().uri(migration).retrieve().body(JsonNode.class);
		assertThat(halfway.get("state").asText()).isEqualTo("RUNNING");
		assertThat(halfway.get("progress").get("moved").asLong()).isEqualTo(400);
		assertThat(halfway.get("progress").get("remaining").asLong()).isEqualTo(600);
		moves.subList(400, moves.size()).forEach((job) -> this.engine.getManagementService().executeJob(job.getId()));

		JsonNode done = this.api.get().uri(migration).retrieve().body(JsonNode.class);
		assertThat(done.get("state").asText()).isEqualTo("DONE");
		assertThat(done.get("progress").get("moved").asLong()).isEqualTo(1000);
		RuntimeService runtime = this.engine.getRuntimeService();
		assertThat(runtime.createProcessInstanceQuery().processDefinitionId(definition(1)).count()).isZero();
		assertThat(runtime.createProcessInstanceQuery()
			.processDefinitionId(definition(2))
			.activityIdIn("Task_WaitForFollow")
			.count()).isEqualTo(990);
		ProcessInstance buyer = instance(this.key + "-c3");
		ProcessInstance follower = instance(this.key + "-c500");
		assertThat(buyer).isWaitingAt("Task_WaitPurchase");
		assertThat(follower).isWaitingAt("Task_WaitForFollow");
		runtime.createMessageCorrelation("MigrationPurchase-" + this.key)
			.processInstanceBusinessKey(this.key + "-c3")
			.correlate();
		runtime.createMessageCorrelation("MigrationFollow-" + this.key)
			.processInstanceBusinessKey(this.key + "-c500")
			.correlate();
		assertThat(buyer).hasPassed("Task_AskReview").isEnded();
		assertThat(follower).hasPassed("Task_Welcome").isEnded();

		ResponseEntity<JsonNode> again = TestApi.postJson(this.api, migration + "/execute", Map.of());
		assertThat(again.getStatusCode().value()).isEqualTo(409);
		assertThat(again.getBody().get("detail").asText()).contains("was started at");
	}

	@Test
	void aMistakeInThePlanIsRefusedNamingIt() {
		deploy(version(2));

		assertThat(refusal(Map.of("fromVersion", 3))).contains("'fromVersion'", "has no version 3",
				"its versions are [1, 2]");
		assertThat(refusal(Map.of("fromVersion", 2))).contains("both 2");
		assertThat(refusal(Map.of("fromVersion", 1, "mappings", Map.of("Task_Nope", "Task_WaitForFollow"))))
			.contains("'mappings': version 1", "has no activity 'Task_Nope'", "Task_WaitFollow");
		assertThat(refusal(Map.of("fromVersion", 1, "mappings", Map.of("Task_WaitFollow", "Task_Gone"))))
			.contains("'mappings.Task_WaitFollow': version 2", "has no activity 'Task_Gone'");
		// a wait mapped onto a gateway is Camunda's to refuse
		assertThat(refusal(Map.of("fromVersion", 1, "mappings", Map.of("Task_WaitFollow", "Gateway_Follows"))))
			.contains("Camunda cannot move version 1 to 2", "'Task_WaitFollow' -> 'Gateway_Follows'");
		assertThat(refusal(Map.of("toVersion", 2))).contains("'fromVersion' is missing");
		assertThat(TestApi.postJson(this.api, "/api/journeys/no-such-journey/migrations", Map.of("fromVersion", 1))
			.getStatusCode()
			.value()).isEqualTo(404);
	}

	private String refusal(Map<String, Object> request) {
		ResponseEntity<JsonNode> refused = plan(request);
		assertThat(refused.getStatusCode().value()).as(String.valueOf(refused.getBody())).isEqualTo(400);
		return refused.getBody().get("detail").asText();
	}

	private ResponseEntity<JsonNode> plan(Map<String, Object> request) {
		return TestApi.postJson(this.api, "/api/journeys/" + this.key + "/migrations", request);
	}

	private static JsonNode activity(JsonNode plan, String id) {
		for (JsonNode activity : plan.get("activities")) {
			if (activity.get("activityId").asText().equals(id)) {
				return activity;
			}
		}
		throw new AssertionError("no activity " + id + " in " + plan);
	}

	/** The seed job creates the move jobs a hundred at a time. */
	private void runSeedJobs(Batch batch) {
		ManagementService management = this.engine.getManagementService();
		for (Job seed = seed(batch); seed != null; seed = seed(batch)) {
			management.executeJob(seed.getId());
		}
	}

	private Job seed(Batch batch) {
		return this.engine.getManagementService()
			.createJobQuery()
			.jobDefinitionId(batch.getSeedJobDefinitionId())
			.singleResult();
	}

	private String definition(int version) {
		return this.engine.getRepositoryService()
			.createProcessDefinitionQuery()
			.processDefinitionKey(this.key)
			.processDefinitionVersion(version)
			.singleResult()
			.getId();
	}

	private ProcessInstance instance(String businessKey) {
		return this.engine.getRuntimeService()
			.createProcessInstanceQuery()
			.processDefinitionKey(this.key)
			.processInstanceBusinessKey(businessKey)
			.singleResult();
	}

	private void deploy(BpmnModelInstance journey) {
		this.engine.getRepositoryService().createDeployment().addModelInstance(this.key + ".bpmn", journey).deploy();
	}

	/**
	 * Version 1: a follower waits for a purchase, anyone else for the follow. Version 2:
	 * the follow step renamed, and a step after each wait.
	 */
	private BpmnModelInstance version(int version) {
		var split = Bpmn.createExecutableProcess(this.key)
			.name("Content until purchase")
			.camundaHistoryTimeToLive(30)
			.startEvent("StartEvent_Lead")
			.name("Lead captured")
			.exclusiveGateway("Gateway_Follows")
			.name("Follows the OA?");
		AbstractFlowNodeBuilder<?, ?> purchase = split.condition("follows", "${follows}")
			.receiveTask("Task_WaitPurchase")
			.name("Wait for a purchase")
			.message("MigrationPurchase-" + this.key);
		if (version == 2) {
			purchase = purchase.manualTask("Task_AskReview").name("Ask for a review");
		}
		AbstractFlowNodeBuilder<?, ?> follow = purchase.endEvent("EndEvent_Bought")
			.name("Bought")
			.moveToNode("Gateway_Follows")
			.condition("does not follow", "${!follows}")
			.receiveTask((version == 1) ? "Task_WaitFollow" : "Task_WaitForFollow")
			.name("Wait for the follow")
			.message("MigrationFollow-" + this.key);
		if (version == 2) {
			follow = follow.manualTask("Task_Welcome").name("Welcome");
		}
		return follow.endEvent("EndEvent_Followed").name("Followed").done();
	}

}
