package dev.siyu.journey;

import java.time.Duration;

import dev.siyu.event.EventProperties;
import dev.siyu.event.EventType;
import dev.siyu.messaging.MessagingProperties;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The settings README's "Crashes" and "Buffered delivery" promise are the ones in force:
 * a dead node's jobs are free after 30 s, its claimed messages after 45 s, and events are
 * kept for the documented lifetimes.
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

	@Test
	void aDeadNodesJobsAndMessagesAreTakenOverWithinAMinute() {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) this.engine
			.getProcessEngineConfiguration();

		assertThat(configuration.getJobExecutor().getLockTimeInMillis()).isEqualTo(30_000);
		assertThat(this.messaging.claimTimeout()).isEqualTo(Duration.ofSeconds(45));
	}

	@Test
	void eventsAreKeptForTheDocumentedLifetimes() {
		assertThat(this.events.lifetimeOf(EventType.Followed)).isEqualTo(Duration.ofDays(1));
		assertThat(this.events.lifetimeOf(EventType.Purchased)).isEqualTo(Duration.ofDays(1));
		assertThat(this.events.lifetimeOf(EventType.MessageReplied)).isEqualTo(Duration.ofHours(2));
		assertThat(this.events.lifetimeOf(EventType.DeliveryReported)).isEqualTo(Duration.ofHours(1));
	}

}
