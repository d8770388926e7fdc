package dev.siyu.journey;

import java.util.Map;

import dev.siyu.customer.CustomerChanges;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

/**
 * A rules step decides alike whether drawn with the element template's version 2
 * (settings as properties of the step) or version 1 (settings as input parameters), and
 * only version 1 makes the step a scope with a variable per setting.
 */
class StepSettingsTest extends JourneyTestSupport {

	@Test
	void aRulesStepDrawnWithPropertiesDecidesWithoutAVariablePerSetting() {
		ProcessInstance journey = run("step-settings-properties", Map.of(), """
				<camunda:properties>
				  <camunda:property name="ruleSet" value="hero-tier" />
				  <camunda:property name="binding" value="latest" />
				  <camunda:property name="resultVariable" value="heroTier" />
				</camunda:properties>""");

		assertThat(journey).isEnded().variables().containsEntry("heroTier", "CORE").containsKey("heroTierRule");
		assertThat(this.engine.getHistoryService()
			.createHistoricVariableInstanceQuery()
			.processInstanceId(journey.getId())
			.variableName("ruleSet")
			.count()).isZero();
		assertThat(stepsInAScopeOfTheirOwn(journey)).isZero();
	}

	@Test
	void aRulesStepDrawnWithInputParametersStillDecides() {
		ProcessInstance journey = run("step-settings-inputs", Map.of(), """
				<camunda:inputOutput>
				  <camunda:inputParameter name="ruleSet">hero-tier</camunda:inputParameter>
				  <camunda:inputParameter name="binding">latest</camunda:inputParameter>
				  <camunda:inputParameter name="resultVariable">heroTier</camunda:inputParameter>
				</camunda:inputOutput>""");

		assertThat(journey).isEnded().variables().containsEntry("heroTier", "CORE").doesNotContainKey("ruleSet");
		assertThat(stepsInAScopeOfTheirOwn(journey)).isOne();
	}

	@Test
	void aStepDrawnWithPropertiesIgnoresJourneyVariablesNamedLikeItsSettings() {
		// were the journey's variables read as the step's settings, it would ask for a
		// version 99 of the rules, which does not exist, and fail
		ProcessInstance journey = run("step-settings-no-leak", Map.of("binding", "version", "version", "99"), """
				<camunda:properties>
				  <camunda:property name="ruleSet" value="hero-tier" />
				  <camunda:property name="resultVariable" value="heroTier" />
				</camunda:properties>""");

		assertThat(journey).isEnded().variables().containsEntry("heroTier", "CORE");
	}

	@Test
	void aSendStepDrawnWithPropertiesWaitsForItsMessageWithoutAnExecutionOrVariablesOfItsOwn() {
		ProcessInstance journey = send("send-settings-properties", """
				<camunda:properties>
				  <camunda:property name="channel" value="SMS" />
				  <camunda:property name="template" value="sms-invite-1" />
				  <camunda:property name="category" value="marketing" />
				</camunda:properties>""");

		assertThat(journey).isWaitingAt("Task_Send");
		assertThat(this.engine.getRuntimeService().createExecutionQuery().processInstanceId(journey.getId()).count())
			.isOne();
		assertThat(this.engine.getRuntimeService()
			.createVariableInstanceQuery()
			.processInstanceIdIn(journey.getId())
			.variableNameIn("channel", "template", "category")
			.count()).isZero();
		assertThat(messageWritten(journey)).isEqualTo("SMS sms-invite-1");
	}

	@Test
	void aSendStepDrawnWithInputParametersStillSendsInAScopeOfItsOwn() {
		ProcessInstance journey = send("send-settings-inputs", """
				<camunda:inputOutput>
				  <camunda:inputParameter name="channel">SMS</camunda:inputParameter>
				  <camunda:inputParameter name="template">sms-invite-1</camunda:inputParameter>
				  <camunda:inputParameter name="category">marketing</camunda:inputParameter>
				</camunda:inputOutput>""");

		assertThat(journey).isWaitingAt("Task_Send");
		// while it waits: the step's execution, and a variable per setting
		assertThat(this.engine.getRuntimeService().createExecutionQuery().processInstanceId(journey.getId()).count())
			.isEqualTo(2);
		assertThat(this.engine.getRuntimeService()
			.createVariableInstanceQuery()
			.processInstanceIdIn(journey.getId())
			.variableNameIn("channel", "template", "category")
			.count()).isEqualTo(3);
		assertThat(messageWritten(journey)).isEqualTo("SMS sms-invite-1");
	}

	/** The channel and template of the one message the journey wrote. */
	private String messageWritten(ProcessInstance journey) {
		return this.jdbc.sql("select channel, template from message where process_instance_id = :id")
			.param("id", journey.getId())
			.query((rs, n) -> rs.getString(1) + " " + rs.getString(2))
			.single();
	}

	/**
	 * Deploys a journey of one send step set up as given and starts it for a customer.
	 */
	private ProcessInstance send(String key, String settings) {
		String bpmn = """
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="https://siyu.dev/test">
				  <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="Start" />
				    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Send" />
				    <bpmn:sendTask id="Task_Send" camunda:asyncAfter="true" camunda:delegateExpression="${sendMessage}">
				      <bpmn:extensionElements>%s</bpmn:extensionElements>
				    </bpmn:sendTask>
				    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Send" targetRef="End" />
				    <bpmn:endEvent id="End" />
				  </bpmn:process>
				</bpmn:definitions>""".formatted(key, settings);
		this.engine.getRepositoryService().createDeployment().addString(key + ".bpmn", bpmn).deploy();
		String customer = customer(
				new CustomerChanges("Step", "13800000077", null, null, null, null, null, null, null, null));
		return this.engine.getRuntimeService().startProcessInstanceByKey(key, customer);
	}

	/**
	 * Deploys a journey of one rules step set up as given and runs it for a core buyer.
	 */
	private ProcessInstance run(String key, Map<String, Object> variables, String settings) {
		String bpmn = """
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="https://siyu.dev/test">
				  <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="Start" />
				    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_Decide" />
				    <bpmn:businessRuleTask id="Task_Decide" camunda:delegateExpression="${evaluateRules}">
				      <bpmn:extensionElements>%s</bpmn:extensionElements>
				    </bpmn:businessRuleTask>
				    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_Decide" targetRef="End" />
				    <bpmn:endEvent id="End" />
				  </bpmn:process>
				</bpmn:definitions>""".formatted(key, settings);
		this.engine.getRepositoryService().createDeployment().addString(key + ".bpmn", bpmn).deploy();
		String customer = customer(new CustomerChanges("Step", null, null, null, null, null, null, null, null, null));
		pastOrders(customer, 2);
		return this.engine.getRuntimeService().startProcessInstanceByKey(key, customer, variables);
	}

	/** How many times the step ran in an execution of its own, not the instance's. */
	private long stepsInAScopeOfTheirOwn(ProcessInstance journey) {
		return this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(journey.getId())
			.activityId("Task_Decide")
			.list()
			.stream()
			.filter((step) -> !step.getExecutionId().equals(journey.getId()))
			.count();
	}

}
