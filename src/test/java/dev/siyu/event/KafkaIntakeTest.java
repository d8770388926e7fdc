package dev.siyu.event;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka intake against a real broker started by the test: events are stored once, bad
 * records land on the dead-letter topic with the reason, and the group's offset moves
 * past a record only once it is dealt with.
 */
@SpringBootTest(properties = { "siyu.kafka.enabled=true",
		"spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}", "siyu.kafka.topic=" + KafkaIntakeTest.TOPIC,
		"siyu.kafka.dead-letter-topic=" + KafkaIntakeTest.DEAD_LETTERS,
		"spring.kafka.consumer.group-id=" + KafkaIntakeTest.GROUP })
@EmbeddedKafka(partitions = 1, topics = { KafkaIntakeTest.TOPIC, KafkaIntakeTest.DEAD_LETTERS }, kraft = true)
@ActiveProfiles("test")
class KafkaIntakeTest {

	static final String TOPIC = "test.customer-events";

	static final String DEAD_LETTERS = "test.customer-events.dlt";

	static final String GROUP = "siyu-test";

	@Autowired
	EmbeddedKafkaBroker broker;

	@Autowired
	JdbcClient jdbc;

	@Test
	void eventsAreStoredOnceAndBadRecordsGoToTheDeadLetterTopicWithTheReason() throws Exception {
		String customer = "kafka-" + UUID.randomUUID();
		List<String> records = List.of(event("k1-" + customer, customer, "Followed"),
				event("k1-" + customer, customer, "Followed"), event("k2-" + customer, customer, "Bought"),
				"{\"eventId\": ", event("k3-" + customer, customer, "LoggedIn"));
		try (Producer<String, String> producer = new DefaultKafkaProducerFactory<>(
				KafkaTestUtils.producerProps(this.broker), new StringSerializer(), new StringSerializer())
			.createProducer()) {
			for (String record : records) {
				producer.send(new ProducerRecord<>(TOPIC, customer, record)).get();
			}
		}

		await().atMost(Duration.ofSeconds(60)).until(() -> committedOffset() == records.size());
		assertThat(this.jdbc.sql("select event_id from customer_event where customer_id = :id order by event_id")
			.param("id", customer)
			.query(String.class)
			.list()).containsExactly("k1-" + customer, "k3-" + customer);
		assertThat(this.jdbc.sql("select followed_official_account from customer where id = :id")
			.param("id", customer)
			.query(Boolean.class)
			.single()).isTrue();
		List<String> deadLetters = new ArrayList<>();
		try (Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
				KafkaTestUtils.consumerProps("dead-letter-reader", "false", this.broker), new StringDeserializer(),
				new StringDeserializer())
			.createConsumer()) {
			this.broker.consumeFromAnEmbeddedTopic(consumer, DEAD_LETTERS);
			for (ConsumerRecord<String, String> record : KafkaTestUtils.getRecords(consumer, Duration.ofSeconds(10),
					2)) {
				deadLetters.add(record.value() + " => "
						+ new String(record.headers().lastHeader("kafka_dlt-exception-message").value()));
			}
		}
		assertThat(deadLetters).satisfiesExactly(
				(dead) -> assertThat(dead).contains("\"eventId\": \"k2-")
					.contains("'type' Bought is not in the message catalogue"),
				(dead) -> assertThat(dead).startsWith("{\"eventId\": ").contains("The event is not valid JSON"));
	}

	private long committedOffset() throws Exception {
		try (Admin admin = Admin
			.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.getBrokersAsString()))) {
			OffsetAndMetadata offset = admin.listConsumerGroupOffsets(GROUP)
				.partitionsToOffsetAndMetadata()
				.get()
				.get(new TopicPartition(TOPIC, 0));
			return (offset != null) ? offset.offset() : 0;
		}
	}

	private static String event(String eventId, String customerId, String type) {
		return """
				{"eventId": "%s", "customerId": "%s", "type": "%s", "properties": {}}""".formatted(eventId, customerId,
				type);
	}

}
