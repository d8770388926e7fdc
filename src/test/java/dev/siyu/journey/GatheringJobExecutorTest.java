package dev.siyu.journey;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.siyu.journey.GatheringJobExecutor.GatheringAcquisition;
import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionStrategy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When the job acquisition looks for jobs again: at once after a full batch, after a
 * gathering pause that new jobs do not cut short after a partial one, and after Camunda's
 * idle wait, which the first new job ends, after none.
 */
class GatheringJobExecutorTest {

	static final int BATCH = 20;

	static final long GATHER = 50;

	@Test
	void aFullBatchIsFollowedByTheNextAcquisitionAtOnce() {
		GatheringAcquisition acquisition = acquisition(GATHER);
		JobAcquisitionStrategy strategy = acquisition.initializeAcquisitionStrategy();

		strategy.reconfigure(acquired(BATCH));

		assertThat(strategy.getWaitTime()).isZero();
		assertThat(acquisition.isGathering()).isFalse();
	}

	@Test
	void aPartialBatchIsFollowedByAGatheringPause() {
		GatheringAcquisition acquisition = acquisition(GATHER);
		JobAcquisitionStrategy strategy = acquisition.initializeAcquisitionStrategy();

		strategy.reconfigure(acquired(2));

		assertThat(strategy.getWaitTime()).isEqualTo(GATHER);
		assertThat(acquisition.isGathering()).isTrue();
	}

	@Test
	void noJobsFoundIsFollowedByCamundasIdleWait() {
		GatheringAcquisition acquisition = acquisition(GATHER);
		JobAcquisitionStrategy strategy = acquisition.initializeAcquisitionStrategy();

		strategy.reconfigure(acquired(0));

		assertThat(strategy.getWaitTime()).isEqualTo(5000);
		assertThat(acquisition.isGathering()).isFalse();
	}

	@Test
	void withoutAGatheringTimeAPartialBatchIsFollowedByCamundasIdleWait() {
		GatheringAcquisition acquisition = acquisition(0);
		JobAcquisitionStrategy strategy = acquisition.initializeAcquisitionStrategy();

		strategy.reconfigure(acquired(2));

		assertThat(strategy.getWaitTime()).isEqualTo(5000);
		assertThat(acquisition.isGathering()).isFalse();
	}

	@Test
	void aJobAddedDuringTheGatheringPauseDoesNotEndItButIsRemembered() throws Exception {
		GatheringAcquisition acquisition = acquisition(GATHER);
		JobAcquisitionStrategy strategy = acquisition.initializeAcquisitionStrategy();
		strategy.reconfigure(acquired(2));
		strategy.getWaitTime();
		// a pause long enough that only a wake-up could end it within the test
		Thread sleeper = sleep(acquisition, TimeUnit.MINUTES.toMillis(10));

		acquisition.jobWasAdded();

		assertThat(acquisition.isAsleep()).isTrue();
		assertThat(sleeper.isAlive()).isTrue();
		assertThat(acquisition.isJobAdded()).as("the next cycle is not counted as idle").isTrue();
		acquisition.stop();
		sleeper.join(TimeUnit.SECONDS.toMillis(30));
		assertThat(sleeper.isAlive()).isFalse();
		assertThat(acquisition.isGathering()).isFalse();
	}

	@Test
	void aJobAddedDuringTheIdleWaitEndsIt() throws Exception {
		GatheringAcquisition acquisition = acquisition(GATHER);
		JobAcquisitionStrategy strategy = acquisition.initializeAcquisitionStrategy();
		strategy.reconfigure(acquired(0));
		Thread sleeper = sleep(acquisition, TimeUnit.MINUTES.toMillis(10));

		acquisition.jobWasAdded();

		sleeper.join(TimeUnit.SECONDS.toMillis(30));
		assertThat(sleeper.isAlive()).as("woken by the new job").isFalse();
	}

	private static GatheringAcquisition acquisition(long gatherMillis) {
		GatheringJobExecutor executor = new GatheringJobExecutor(gatherMillis);
		executor.setMaxJobsPerAcquisition(BATCH);
		return new GatheringAcquisition(executor, gatherMillis);
	}

	/** What one acquisition found: {@code found} of the batch it asked for. */
	private static JobAcquisitionContext acquired(int found) {
		AcquiredJobs jobs = new AcquiredJobs(BATCH);
		for (int n = 0; n < found; n++) {
			jobs.addJobIdBatch("job-" + n);
		}
		JobAcquisitionContext context = new JobAcquisitionContext();
		context.submitAcquiredJobs("default", jobs);
		return context;
	}

	/** The acquisition thread's pause, on a thread of its own; returns once it sleeps. */
	private static Thread sleep(GatheringAcquisition acquisition, long millis) {
		List<Throwable> failures = new ArrayList<>();
		Thread sleeper = new Thread(() -> acquisition.suspendAcquisition(millis), "acquisition");
		sleeper.setUncaughtExceptionHandler((thread, failure) -> failures.add(failure));
		sleeper.start();
		await().atMost(30, TimeUnit.SECONDS).until(acquisition::isAsleep);
		assertThat(failures).isEmpty();
		return sleeper;
	}

}
