package dev.siyu.event;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Kafka intake, bound only when it is on: the brokers, group and client settings are
 * Spring Boot's {@code spring.kafka.*}.
 *
 * @param topic where customer events come in, one JSON event per record (the body of
 * {@code POST /api/events})
 * @param deadLetterTopic where records that are not a valid event go, with the reason in
 * the {@code kafka_dlt-exception-message} header
 */
@Validated
@ConfigurationProperties("siyu.kafka")
record KafkaIntakeProperties(@NotBlank String topic, @NotBlank String deadLetterTopic) {

}
