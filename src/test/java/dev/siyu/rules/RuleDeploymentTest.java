package dev.siyu.rules;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import dev.siyu.customer.CustomerChanges;
import dev.siyu.customer.CustomerRepository;
import dev.siyu.system.TestApi;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.ProcessEngine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules are deployment resources: deployed at start-up, versioned, and refused when they
 * do not compile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class RuleDeploymentTest {

	private static final String BROKEN_OFFER_RULES = """
			package rules.offer_by_layer

			import dev.siyu.rules.CustomerFacts
			import dev.siyu.rules.Decision

			rule "Everybody gets the trial"
			when
			    CustomerFacts( orderCount >=== 0 )
			    $decision : Decision( )
			then
			    $decision.decide("FIRST_ORDER_TRIAL");
			end
			""";

	@LocalServerPort
	int port;

	@Autowired
	ProcessEngine engine;

	@Autowired
	RepositoryService repository;

	@Autowired
	RuleSets ruleSets;

	@Autowired
	RuleEvaluator evaluator;

	@Autowired
	CustomerRepository customers;

	RestClient engineRest;

	@BeforeEach
	void client() {
		TestApi.engineRestServes(this.engine);
		this.engineRest = RestClient.builder()
			.baseUrl("http://localhost:" + this.port + "/engine-rest")
			.defaultHeaders((headers) -> headers.setBasicAuth("demo", "demo"))
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	@Test
	void startUpDeploysJourneysAndRulesUnderStableNames() {
		Deployment siyu = this.repository.createDeploymentQuery()
			.deploymentName("siyu")
			.orderByDeploymentTime()
			.desc()
			.list()
			.get(0);

		assertThat(this.repository.getDeploymentResourceNames(siyu.getId())).contains("processes/ad-to-purchase.bpmn",
				"rules/offer-by-layer.drl.csv");
		assertThat(this.repository.createProcessDefinitionQuery()
			.processDefinitionKey("ad-to-purchase")
			.latestVersion()
			.singleResult()
			.getDeploymentId()).isEqualTo(siyu.getId());
	}

	@Test
	void brokenRuleIsRefusedWithItsLineAndTheRulesInUseStayInUse() {
		String customer = "rules-" + UUID.randomUUID();
		this.customers.upsert(customer, CustomerChanges.none());
		String before = offerFor(customer, RuleBinding.LATEST);
		long deployments = this.repository.createDeploymentQuery().count();

		ResponseEntity<JsonNode> refused = deploy("broken-offer-rules", file("offer-by-layer.drl", BROKEN_OFFER_RULES),
				file("refused-journey.bpmn", journey("refused-journey")));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().get("message").asText()).contains("offer-by-layer.drl").contains("line 8");
		assertThat(this.repository.createDeploymentQuery().count()).isEqualTo(deployments);
		assertThat(this.repository.createProcessDefinitionQuery().processDefinitionKey("refused-journey").count())
			.isZero();
		assertThat(offerFor(customer, RuleBinding.LATEST)).isEqualTo(before).isEqualTo("FIRST_ORDER_TRIAL");
	}

	@Test
	void twoFilesForOneRuleSetAreRefused() {
		String ruleSet = "twin-" + UUID.randomUUID().toString().substring(0, 8);

		ResponseEntity<JsonNode> refused = deploy(ruleSet, file(ruleSet + ".drl", bigSpenderRule(1)),
				file(ruleSet + ".drl.csv", "RuleSet,rules.twin\n"));

		assertThat(refused.getStatusCode().value()).isEqualTo(400);
		assertThat(refused.getBody().get("message").asText()).contains("both define the rule set '" + ruleSet + "'");
	}

	@Test
	void changedThresholdReachesLatestBindingsButNotDeploymentBindings() {
		String ruleSet = "threshold-" + UUID.randomUUID().toString().substring(0, 8);
		String customer = "rules-" + UUID.randomUUID();
		this.customers.upsert(customer, CustomerChanges.none());
		ResponseEntity<JsonNode> first = deploy(ruleSet + "-v1", file(ruleSet + ".drl", bigSpenderRule(0)));
		assertThat(first.getStatusCode().value()).isEqualTo(200);
		String firstDeployment = first.getBody().get("id").asText();

		assertThat(deploy(ruleSet + "-v2", file(ruleSet + ".drl", bigSpenderRule(1))).getStatusCode().value())
			.isEqualTo(200);

		RuleSets.Resolved latest = this.ruleSets.resolve(ruleSet, RuleBinding.LATEST, null, null);
		RuleSets.Resolved pinned = this.ruleSets.resolve(ruleSet, RuleBinding.DEPLOYMENT, firstDeployment, null);
		RuleSets.Resolved version1 = this.ruleSets.resolve(ruleSet, RuleBinding.VERSION, null, 1);
		assertThat(latest.version()).isEqualTo(2);
		assertThat(this.evaluator.evaluate(latest, customer, null).value()).isEqualTo("NOT_BIG");
		assertThat(this.evaluator.evaluate(pinned, customer, null).value()).isEqualTo("BIG");
		assertThat(this.evaluator.evaluate(version1, customer, null).value()).isEqualTo("BIG");
	}

	private String offerFor(String customer, RuleBinding binding) {
		return this.evaluator
			.evaluate(this.ruleSets.resolve("offer-by-layer", binding, null, null), customer, "nurture")
			.value();
	}

	/** A rule set that calls a customer BIG from {@code minOrders} orders on. */
	private static String bigSpenderRule(int minOrders) {
		return """
				package rules.threshold

				import dev.siyu.rules.CustomerFacts
				import dev.siyu.rules.Decision

				rule "Big from %1$d orders"
				    salience 10
				when
				    CustomerFacts( orderCount >= %1$d )
				    $decision : Decision( decided == false )
				then
				    $decision.decide("BIG");
				end

				rule "Otherwise not big"
				when
				    $decision : Decision( decided == false )
				then
				    $decision.decide("NOT_BIG");
				end
				""".formatted(minOrders);
	}

	private static String journey(String key) {
		return """
				<?xml version="1.0" encoding="UTF-8"?>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="test">
				  <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="Start" />
				  </bpmn:process>
				</bpmn:definitions>
				""".formatted(key);
	}

	private static ByteArrayResource file(String name, String content) {
		return new ByteArrayResource(content.getBytes(StandardCharsets.UTF_8)) {
			@Override
			public String getFilename() {
				return name;
			}
		};
	}

	private ResponseEntity<JsonNode> deploy(String name, ByteArrayResource... files) {
		MultiValueMap<String, Object> body = new LinkedMultiValueMap<>();
		body.add("deployment-name", name);
		for (ByteArrayResource file : files) {
			body.add(file.getFilename(), file);
		}
		return this.engineRest.post()
			.uri("/deployment/create")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.body(body)
			.retrieve()
			.toEntity(JsonNode.class);
	}

}
