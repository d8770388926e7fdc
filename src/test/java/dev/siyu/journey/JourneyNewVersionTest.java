package dev.siyu.journey;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Date;
import java.util.Map;

import dev.siyu.customer.CustomerChanges;
import dev.siyu.event.EventType;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

/**
 * What the marketers' guide promises: change a step's template and a wait in Modeler,
 * deploy over Camunda's REST API (here its Java twin), and new customers take the new
 * version while customers already in the journey finish on theirs. Its own application
 * context: it deploys over the journey other tests use.
 */
@TestPropertySource(properties = "siyu.test.context=new-version")
class JourneyNewVersionTest extends JourneyTestSupport {

	@Test
	void newCustomersTakeTheChangedJourneyWhileRunningOnesFinishOnTheirs() throws IOException {
		String before = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance first = leadCaptured(before);

		String changed = Files.readString(Path.of("processes/ad-to-purchase.bpmn"))
			.replace("<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">PT4H</bpmn:timeDuration>",
					"<bpmn:timeDuration xsi:type=\"bpmn:tFormalExpression\">PT6H</bpmn:timeDuration>")
			.replace("<camunda:property name=\"template\" value=\"oa-content-1\" />",
					"<camunda:property name=\"template\" value=\"oa-content-2\" />");
		this.engine.getRepositoryService()
			.createDeployment()
			.name("from Modeler")
			.addString("ad-to-purchase.bpmn", changed)
			.deploy();
		String after = customer(new CustomerChanges(null, null, true, null, null));
		ProcessInstance second = leadCaptured(after);

		assertThat(this.engine.getRepositoryService().getProcessDefinition(first.getProcessDefinitionId()).getVersion())
			.isEqualTo(1);
		assertThat(
				this.engine.getRepositoryService().getProcessDefinition(second.getProcessDefinitionId()).getVersion())
			.isEqualTo(2);
		assertThat(templatesSentTo(before)).containsExactly("oa-content-1");
		assertThat(templatesSentTo(after)).containsExactly("oa-content-2");
		assertThat(job("Event_Wait4hAfterContent1", first).getDuedate())
			.isEqualTo(Date.from(T0.plus(Duration.ofHours(4))));
		assertThat(job("Event_Wait4hAfterContent1", second).getDuedate())
			.isEqualTo(Date.from(T0.plus(Duration.ofHours(6))));
		execute(job("Event_Wait4hAfterContent1", first));
		dispatch();
		assertThat(first).isWaitingAt("Gateway_PurchasedOrTimeout2");
	}

	private ProcessInstance leadCaptured(String customer) {
		event(customer, EventType.AdLeadCaptured, Map.of("adPlanId", "plan-618"));
		ProcessInstance journey = journey(AdToPurchase.KEY, customer);
		execute(job(journey));
		dispatch();
		return journey;
	}

}
