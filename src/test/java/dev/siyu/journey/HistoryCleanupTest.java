package dev.siyu.journey;

import java.time.Duration;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journey's history goes when its time to live has passed: Camunda's cleanup runs in
 * the nightly window Siyu configures (01:00–05:00 Beijing time, whatever the server's
 * zone), and removes a finished journey past its {@code historyTimeToLive} while keeping
 * one still within it.
 */
class HistoryCleanupTest extends JourneyTestSupport {

	@Test
	void theCleanupWindowIsTheNightInBeijing() {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();

		assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00+0800");
		assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00+0800");
		assertThat(configuration.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
	}

	@Test
	void aFinishedJourneyPastItsTimeToLiveIsRemovedAndAYoungerOneKept() {
		deploy("cleanup-one-day", "P1D");
		deploy("cleanup-thirty-days", "P30D");
		ProcessInstance old = this.engine.getRuntimeService().startProcessInstanceByKey("cleanup-one-day", "c-1");
		ProcessInstance young = this.engine.getRuntimeService().startProcessInstanceByKey("cleanup-thirty-days", "c-2");
		assertThat(historic(old)).isOne();

		moveClock(Duration.ofDays(2));
		Job cleanup = this.engine.getHistoryService().cleanUpHistoryAsync(true);
		this.engine.getManagementService().executeJob(cleanup.getId());

		assertThat(historic(old)).isZero();
		assertThat(historic(young)).isOne();
		assertThat(this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processInstanceId(old.getId())
			.count()).isZero();
	}

	private long historic(ProcessInstance instance) {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processInstanceId(instance.getId())
			.count();
	}

	private void deploy(String key, String timeToLive) {
		this.engine.getRepositoryService().createDeployment().addString(key + ".bpmn", """
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" targetNamespace="https://siyu.dev/test">
				  <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="%s">
				    <bpmn:startEvent id="Start" />
				    <bpmn:sequenceFlow id="Flow" sourceRef="Start" targetRef="End" />
				    <bpmn:endEvent id="End" />
				  </bpmn:process>
				</bpmn:definitions>""".formatted(key, timeToLive)).deploy();
	}

}
