package dev.siyu.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Camunda's history cleanup as Siyu configures it (removal time fixed at start, the
 * nightly window, Camunda's batch size): 100,000 finished journeys, each with its steps
 * and five variables in the history, are past their time to live; the cleanup job runs
 * until none is left. What it measures is how many finished journeys a night's window can
 * remove. Run by {@code bench/run}, never by {@code mvn verify}.
 */
@SpringBootTest
@ActiveProfiles("test")
@EnabledIfSystemProperty(named = "siyu.bench", matches = "true")
class HistoryCleanupBenchmark {

	static final String JOURNEY = "cleanup-bench";

	@Autowired
	ProcessEngine engine;

	@AfterEach
	void resetClock() {
		ClockUtil.reset();
	}

	@Test
	void cleanup() throws Exception {
		int journeys = BenchResults.size("cleanup", 100_000);
		Instant start = Instant.now();
		ClockUtil.setCurrentTime(Date.from(start));
		this.engine.getRepositoryService()
			.createDeployment()
			.addModelInstance(JOURNEY + ".bpmn",
					Bpmn.createExecutableProcess(JOURNEY)
						.camundaHistoryTimeToLive(1)
						.startEvent("StartEvent_Entered")
						.manualTask("Task_Welcome")
						.manualTask("Task_Offer")
						.manualTask("Task_Reminder")
						.endEvent("EndEvent_Done")
						.done())
			.deploy();
		long t = System.nanoTime();
		ExecutorService threads = Executors.newFixedThreadPool(4);
		List<Future<?>> started = new ArrayList<>();
		for (int thread = 0; thread < 4; thread++) {
			int first = thread;
			started.add(threads.submit(() -> {
				for (int i = first; i < journeys; i += 4) {
					this.engine.getRuntimeService()
						.startProcessInstanceByKey(JOURNEY, "c" + i, Map.of("customerId", "c" + i, "launchId", 7L,
								"variant", "A", "offerCode", "HERO_FIRST_ORDER", "goalReached", false));
				}
			}));
		}
		for (Future<?> future : started) {
			future.get();
		}
		threads.shutdown();
		long fillNanos = System.nanoTime() - t;
		Map<String, Object> figures = new LinkedHashMap<>();
		figures.put("journeys", journeys);
		figures.put("fill_s", Math.round(fillNanos / 1e8) / 10.0);
		figures.put("historic_activity_instances",
				this.engine.getHistoryService()
					.createHistoricActivityInstanceQuery()
					.processDefinitionId(definition())
					.count());
		figures.put("historic_variables",
				this.engine.getHistoryService()
					.createHistoricVariableInstanceQuery()
					.processDefinitionId(definition())
					.count());
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();
		figures.put("batch_size", configuration.getHistoryCleanupBatchSize());
		figures.put("degree_of_parallelism", configuration.getHistoryCleanupDegreeOfParallelism());

		ClockUtil.setCurrentTime(Date.from(start.plus(Duration.ofDays(2))));
		int runs = 0;
		t = System.nanoTime();
		Job job = this.engine.getHistoryService().cleanUpHistoryAsync(true);
		while (remaining() > 0) {
			this.engine.getManagementService().executeJob(job.getId());
			runs++;
			job = this.engine.getHistoryService().findHistoryCleanupJobs().get(0);
		}
		long cleanupNanos = System.nanoTime() - t;
		assertThat(this.engine.getHistoryService()
			.createHistoricActivityInstanceQuery()
			.processDefinitionId(definition())
			.count()).isZero();
		figures.put("cleanup_job_runs", runs);
		figures.put("cleanup_s", Math.round(cleanupNanos / 1e8) / 10.0);
		figures.put("cleanup_journeys_per_s", BenchResults.perSecond(journeys, cleanupNanos));
		figures.put("cleanup_journeys_per_4h_window",
				Math.round(BenchResults.perSecond(journeys, cleanupNanos) * 4 * 3600));
		BenchResults.write("cleanup", figures);
	}

	/**
	 * What is left of the journeys' history: each run of the cleanup removes up to a
	 * batch of rows from each history table, so steps and variables outlast their
	 * journeys.
	 */
	private long remaining() {
		return this.engine.getHistoryService()
			.createHistoricProcessInstanceQuery()
			.processDefinitionKey(JOURNEY)
			.count()
				+ this.engine.getHistoryService()
					.createHistoricActivityInstanceQuery()
					.processDefinitionId(definition())
					.count()
				+ this.engine.getHistoryService()
					.createHistoricVariableInstanceQuery()
					.processDefinitionId(definition())
					.count();
	}

	private String definition() {
		return this.engine.getRepositoryService()
			.createProcessDefinitionQuery()
			.processDefinitionKey(JOURNEY)
			.singleResult()
			.getId();
	}

}
