package dev.siyu.journey;

import java.util.Optional;

import org.camunda.bpm.engine.impl.jobexecutor.AcquiredJobs;
import org.camunda.bpm.engine.impl.jobexecutor.BackoffJobAcquisitionStrategy;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionContext;
import org.camunda.bpm.engine.impl.jobexecutor.JobAcquisitionStrategy;
import org.camunda.bpm.engine.impl.jobexecutor.JobExecutor;
import org.camunda.bpm.engine.impl.jobexecutor.NotifyAcquisitionRejectedJobsHandler;
import org.camunda.bpm.engine.impl.jobexecutor.SequentialJobAcquisitionRunnable;
import org.camunda.bpm.engine.spring.components.jobexecutor.SpringJobExecutor;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.camunda.bpm.spring.boot.starter.property.JobExecutionProperty;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskExecutor;

/**
 * Camunda's job executor, with one change to when it looks for jobs. Camunda's
 * acquisition looks again at once after any acquisition that found a job, and is woken
 * after every commit that adds a job due now and after every batch of jobs executed.
 * Under a steady trickle (a launch adding a few hundred jobs a second) it therefore
 * queries the job table for one or two jobs at a time: at 100,000 launched instances on
 * PostgreSQL that query was the largest single cost of the database (172,077 acquisitions
 * for 310,000 jobs).
 * <p>
 * Here an acquisition that found some jobs, but fewer than it asked for, is followed by a
 * short gathering pause ({@code siyu.engine.job-acquisition.gather-millis}) in which
 * commits do not wake it: the jobs added meanwhile are taken together by the next query.
 * A full batch is followed by the next acquisition at once, as in Camunda; an acquisition
 * that found nothing waits as Camunda's does and is woken by the first new job, so a
 * single event's journey is not delayed. {@code 0} restores Camunda's behaviour exactly.
 */
public class GatheringJobExecutor extends SpringJobExecutor {

	private final long gatherMillis;

	public GatheringJobExecutor(long gatherMillis) {
		this.gatherMillis = gatherMillis;
	}

	public long getGatherMillis() {
		return this.gatherMillis;
	}

	@Override
	protected void ensureInitialization() {
		super.ensureInitialization();
		this.acquireJobsRunnable = new GatheringAcquisition(this, this.gatherMillis);
	}

	/** The acquisition thread's loop: Camunda's, with the gathering pause. */
	static class GatheringAcquisition extends SequentialJobAcquisitionRunnable {

		private final long gatherMillis;

		/** True while the acquisition thread sleeps through a gathering pause. */
		private volatile boolean gathering;

		GatheringAcquisition(JobExecutor jobExecutor, long gatherMillis) {
			super(jobExecutor);
			this.gatherMillis = gatherMillis;
		}

		@Override
		protected JobAcquisitionStrategy initializeAcquisitionStrategy() {
			return new GatheringStrategy(this.jobExecutor, this);
		}

		@Override
		public void jobWasAdded() {
			if (this.gathering) {
				// taken by the acquisition the pause ends with; remembered so that the
				// acquisition after it does not count as idle
				this.isJobAdded = true;
				return;
			}
			super.jobWasAdded();
		}

		@Override
		protected void suspendAcquisition(long millis) {
			try {
				super.suspendAcquisition(millis);
			}
			finally {
				this.gathering = false;
			}
		}

		boolean isGathering() {
			return this.gathering;
		}

		/** True while the acquisition thread sleeps, whatever the pause. */
		boolean isAsleep() {
			return this.isWaiting.get();
		}

		/**
		 * Camunda's back-off strategy (idle waits, back-off on lock failures, the pause
		 * when the job threads are saturated), and the gathering pause after a partial
		 * batch.
		 */
		static final class GatheringStrategy extends BackoffJobAcquisitionStrategy {

			private final GatheringAcquisition acquisition;

			private boolean partialBatch;

			GatheringStrategy(JobExecutor jobExecutor, GatheringAcquisition acquisition) {
				super(jobExecutor);
				this.acquisition = acquisition;
			}

			@Override
			public void reconfigure(JobAcquisitionContext context) {
				super.reconfigure(context);
				int acquired = 0;
				int asked = 0;
				for (var entry : context.getAcquiredJobsByEngine().entrySet()) {
					AcquiredJobs jobs = entry.getValue();
					acquired += jobs.size() + jobs.getNumberOfJobsFailedToLock();
					asked += jobs.getNumberOfJobsAttemptedToAcquire();
				}
				this.partialBatch = acquired > 0 && acquired < asked;
			}

			@Override
			public long getWaitTime() {
				if (this.partialBatch && !this.executionSaturated && this.acquisition.gatherMillis > 0) {
					this.acquisition.gathering = true;
					return this.acquisition.gatherMillis;
				}
				return super.getWaitTime();
			}

		}

	}

	/**
	 * Replaces the starter's job executor (it steps aside for a {@link JobExecutor} bean
	 * of ours) with the same settings from {@code camunda.bpm.job-execution}.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Setup {

		@Bean
		@ConditionalOnProperty(prefix = "camunda.bpm.job-execution", name = "enabled", havingValue = "true",
				matchIfMissing = true)
		static JobExecutor siyuJobExecutor(@Qualifier("camundaTaskExecutor") TaskExecutor threads,
				CamundaBpmProperties properties,
				@Value("${siyu.engine.job-acquisition.gather-millis:0}") long gatherMillis) {
			GatheringJobExecutor executor = new GatheringJobExecutor(gatherMillis);
			executor.setTaskExecutor(threads);
			executor.setRejectedJobsHandler(new NotifyAcquisitionRejectedJobsHandler());
			JobExecutionProperty settings = properties.getJobExecution();
			Optional.ofNullable(settings.getLockTimeInMillis()).ifPresent(executor::setLockTimeInMillis);
			Optional.ofNullable(settings.getMaxJobsPerAcquisition()).ifPresent(executor::setMaxJobsPerAcquisition);
			Optional.ofNullable(settings.getWaitTimeInMillis()).ifPresent(executor::setWaitTimeInMillis);
			Optional.ofNullable(settings.getMaxWait()).ifPresent(executor::setMaxWait);
			Optional.ofNullable(settings.getBackoffTimeInMillis()).ifPresent(executor::setBackoffTimeInMillis);
			Optional.ofNullable(settings.getMaxBackoff()).ifPresent(executor::setMaxBackoff);
			Optional.ofNullable(settings.getBackoffDecreaseThreshold())
				.ifPresent(executor::setBackoffDecreaseThreshold);
			Optional.ofNullable(settings.getWaitIncreaseFactor()).ifPresent(executor::setWaitIncreaseFactor);
			return executor;
		}

	}

}
