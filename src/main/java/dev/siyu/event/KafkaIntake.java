package dev.siyu.event;

import dev.siyu.system.InvalidInputException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Customer events from a Kafka topic, for brands whose order and behaviour streams run on
 * Kafka already: the same JSON as {@code POST /api/events}, the same intake (a duplicate
 * event id is acknowledged and ignored). A record's offset is committed only after its
 * event is stored; a record that is not a valid event goes to the dead-letter topic with
 * the reason, and the ones after it go on. The database away is waited for with growing
 * pauses, up to 30 s, for as long as it lasts: nothing is skipped. Any other failure (a
 * journey the event starts fails at once, say) is tried five times a second apart, then
 * the record goes to the dead-letter topic with the reason, so one record cannot hold up
 * its partition for ever. Off unless {@code siyu.kafka.enabled=true}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "siyu.kafka.enabled", havingValue = "true")
@EnableConfigurationProperties(KafkaIntakeProperties.class)
class KafkaIntake {

	private final EventReader reader;

	private final EventIntake intake;

	KafkaIntake(EventReader reader, EventIntake intake) {
		this.reader = reader;
		this.intake = intake;
	}

	@KafkaListener(id = "siyu-event-intake", idIsGroup = false, topics = "${siyu.kafka.topic}")
	void receive(ConsumerRecord<String, String> record) {
		if (record.value() == null) {
			throw new InvalidInputException("The record has no value: send one JSON event per record");
		}
		this.intake.acceptQueued(this.reader.read(record.value()));
	}

	@Bean
	DefaultErrorHandler kafkaErrorHandler(KafkaOperations<?, ?> template, KafkaIntakeProperties properties) {
		DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(template,
				(record, ex) -> new TopicPartition(properties.deadLetterTopic(), -1));
		DefaultErrorHandler handler = new DefaultErrorHandler(deadLetters);
		handler.setBackOffFunction((record, ex) -> unreachable(ex) ? untilReachable() : new FixedBackOff(1000, 4));
		handler.addNotRetryableExceptions(InvalidInputException.class);
		handler.setCommitRecovered(true);
		return handler;
	}

	/** The database away: every record would fail alike, so wait for it, skip nothing. */
	private static boolean unreachable(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof DataAccessResourceFailureException || cause instanceof TransientDataAccessException
					|| cause instanceof java.sql.SQLTransientConnectionException) {
				return true;
			}
		}
		return false;
	}

	private static ExponentialBackOff untilReachable() {
		ExponentialBackOff backOff = new ExponentialBackOff(500, 2);
		backOff.setMaxInterval(30_000);
		return backOff;
	}

}
