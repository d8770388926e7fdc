package dev.siyu.journey;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;
import javax.xml.datatype.DatatypeFactory;

import dev.siyu.event.EventProperties;
import dev.siyu.event.EventType;
import dev.siyu.messaging.MessagingProperties;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ByteArrayEntity;
import org.camunda.bpm.engine.repository.ResourceTypes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The settings README's "Crashes", "Buffered delivery" and "Benchmarks" promise are the
 * ones in force: a dead node's jobs are free after 30 s, its claimed messages after 45 s,
 * events are kept for the documented lifetimes, and the engine runs with the tuning the
 * benchmark tables measured (the history level itself: HistoryLevelTest).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureObservability
// the job executor on, as in production (and as JourneyApiTest, whose context this
// shares)
@TestPropertySource(properties = { "siyu.messaging.auto-dispatch=true", "siyu.guardrails.quiet-hours.enabled=false",
		"camunda.bpm.job-execution.enabled=true" })
@ActiveProfiles("test")
class CrashRecoverySettingsTest {

	@Autowired
	ProcessEngine engine;

	@Autowired
	MessagingProperties messaging;

	@Autowired
	EventProperties events;

	@Autowired
	@Qualifier("camundaTaskExecutor")
	ThreadPoolTaskExecutor jobThreads;

	@Autowired
	DataSource dataSource;

	@Test
	void aDeadNodesJobsAndMessagesAreTakenOverWithinAMinute() {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();

		assertThat(configuration.getJobExecutor().getLockTimeInMillis()).isEqualTo(30_000);
		assertThat(this.messaging.claimTimeout()).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void theEngineRunsWithTheTuningTheBenchmarksMeasured() throws Exception {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();

		assertThat(configuration.getJobExecutor().getMaxJobsPerAcquisition()).isEqualTo(20);
		assertThat(this.jobThreads.getCorePoolSize()).isEqualTo(4);
		assertThat(this.jobThreads.getMaxPoolSize()).isEqualTo(4);
		assertThat(this.jobThreads.getQueueCapacity()).isEqualTo(40);
		assertThat(configuration.isEnsureJobDueDateNotNull()).isTrue();
		assertThat(configuration.getHistoryRemovalTimeStrategy()).isEqualTo("start");
		assertThat(indexesOn("ACT_RU_JOB")).contains("SIYU_IDX_JOB_DUEDATE");
		assertThat(indexesOn("ACT_RU_EVENT_SUBSCR")).contains("SIYU_IDX_EVENT_SUBSCR_PROCINST",
				"SIYU_IDX_EVENT_SUBSCR_START");
		assertThat(System.getProperty(DatatypeFactory.DATATYPEFACTORY_PROPERTY))
			.isEqualTo(DatatypeFactory.DATATYPEFACTORY_IMPLEMENTATION_CLASS);
		assertThat(configuration.isEnableDefaultDbHistoryEventHandler()).as("history written through Siyu's filter")
			.isFalse();
		assertThat(configuration.getCustomHistoryEventHandlers()).hasSize(1);
	}

	@Test
	void entityIdsAreCheckedWithoutDescribingEachEntity() {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();

		String assigned = configuration.getCommandExecutorTxRequired().execute((context) -> {
			assertThat(context.getDbEntityManager()).isInstanceOf(EntityIdCheckPlugin.CheckedIds.class);
			ByteArrayEntity fresh = new ByteArrayEntity("id-check", new byte[] { 1 }, ResourceTypes.RUNTIME);
			context.getDbEntityManager().insert(fresh);
			ByteArrayEntity reserved = new ByteArrayEntity("id-check", new byte[] { 1 }, ResourceTypes.RUNTIME);
			reserved.setId("*");
			assertThatThrownBy(() -> context.getDbEntityManager().insert(reserved))
				.isInstanceOf(ProcessEngineException.class)
				.hasMessageContaining("cannot be *");
			// nothing of this test stays
			context.getDbEntityManager().delete(fresh);
			return fresh.getId();
		});
		assertThat(assigned).as("an id from the engine's id generator").isNotBlank();
	}

	/**
	 * The names of the table's indexes, upper-case (H2 keeps them so, PostgreSQL lower).
	 */
	private Set<String> indexesOn(String table) throws Exception {
		Set<String> names = new HashSet<>();
		try (Connection connection = this.dataSource.getConnection()) {
			for (String name : List.of(table, table.toLowerCase(Locale.ROOT))) {
				try (ResultSet indexes = connection.getMetaData().getIndexInfo(null, null, name, false, true)) {
					while (indexes.next()) {
						if (indexes.getString("INDEX_NAME") != null) {
							names.add(indexes.getString("INDEX_NAME").toUpperCase(Locale.ROOT));
						}
					}
				}
			}
		}
		return names;
	}

	@Test
	void eventsAreKeptForTheDocumentedLifetimes() {
		assertThat(this.events.lifetimeOf(EventType.Followed)).isEqualTo(Duration.ofDays(1));
		assertThat(this.events.lifetimeOf(EventType.Purchased)).isEqualTo(Duration.ofDays(1));
		assertThat(this.events.lifetimeOf(EventType.MessageReplied)).isEqualTo(Duration.ofHours(2));
		assertThat(this.events.lifetimeOf(EventType.DeliveryReported)).isEqualTo(Duration.ofHours(1));
	}

}
