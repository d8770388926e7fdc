package dev.siyu.journey;

import java.util.Map;

import dev.siyu.customer.CustomerChanges;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A send step whose message fails for a technical reason waits with an incident until ops
 * retry it.
 */
@AutoConfigureMockMvc
class SendStepIncidentTest extends JourneyTestSupport {

	@Autowired
	MockMvc mvc;

	@BeforeEach
	void deployJourney() {
		BpmnModelInstance journey = Bpmn.createExecutableProcess("send-step-incident")
			.camundaHistoryTimeToLive(1)
			.startEvent("Start")
			.sendTask("Task_SendNote")
			.camundaDelegateExpression("${sendMessage}")
			.camundaInputParameter("channel", "WEBHOOK")
			.camundaInputParameter("template", "test-note")
			.userTask("Task_After")
			.endEvent("End")
			.done();
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance("send-step-incident.bpmn", journey)
			.enableDuplicateFiltering(true)
			.deploy();
	}

	@Test
	void failedMessageRaisesAnIncidentAndARetryAfterTheFixLetsTheJourneyGoOn() throws Exception {
		String customer = customer(CustomerChanges.none());
		ProcessInstance journey = this.engine.getRuntimeService()
			.startProcessInstanceByKey("send-step-incident", customer, Map.of());

		dispatch(); // the template needs giftTitle, which the journey does not have
		assertThat(journey).isWaitingAt("Task_SendNote");
		Incident incident = this.engine.getRuntimeService()
			.createIncidentQuery()
			.processInstanceId(journey.getId())
			.singleResult();
		assertThat(incident.getIncidentType()).isEqualTo("siyuMessageFailed");
		assertThat(incident.getActivityId()).isEqualTo("Task_SendNote");
		long message = Long.parseLong(incident.getConfiguration());
		assertThat(statusesOf(customer)).containsExactly("test-note:FAILED");

		// ops fix the cause (here: the value the template needs) and retry
		this.jdbc.sql("update message set variables = '{\"giftTitle\":\"满99减20\"}' where id = :id")
			.param("id", message)
			.update();
		this.mvc.perform(post("/api/messages/{id}/retry", message).with(httpBasic("demo", "demo")))
			.andExpect(status().isAccepted());
		dispatch();

		assertThat(journey).isWaitingAt("Task_After").hasPassed("Task_SendNote");
		assertThat(statusesOf(customer)).containsExactly("test-note:SENT");
		assertThat(this.engine.getRuntimeService().createIncidentQuery().processInstanceId(journey.getId()).count())
			.isZero();
	}

	@Test
	void messageTheVendorRefusedForGoodIsNotRetried() throws Exception {
		String customer = customer(new CustomerChanges(null, "10000000000", null, null, null));
		long id = this.jdbc.sql("""
				insert into message (idempotency_key, customer_id, channel, template, category, variables, status,
				                     next_attempt_at, created_at, vendor_code)
				values (:key, :customer, 'SMS', 'test-note', 'MARKETING', '{}', 'FAILED', :now, :now,
				        'isv.MOBILE_NUMBER_ILLEGAL')""")
			.param("key", "refused-" + customer)
			.param("customer", customer)
			.param("now", now())
			.update();
		long message = this.jdbc.sql("select id from message where idempotency_key = :key")
			.param("key", "refused-" + customer)
			.query(Long.class)
			.single();

		this.mvc.perform(post("/api/messages/{id}/retry", message).with(httpBasic("demo", "demo")))
			.andExpect(status().isConflict());
		assertThat(id).isEqualTo(1);
	}

}
