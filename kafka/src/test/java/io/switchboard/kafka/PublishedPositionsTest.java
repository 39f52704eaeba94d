package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.kafka.testing.SharedKafka;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** Finding, per partition, the last journal position already on Kafka. */
class PublishedPositionsTest {

  static final String MINE = "00000000000000aa";
  static final String OTHER = "00000000000000bb";

  @Test
  void theLastRecordOfTheJournalIsFoundBehindOtherWriters() {
    TopicNames topics = new TopicNames("positions-agentstate", "positions-callthread");
    Topics.ensure(SharedKafka.bootstrapServers(), topics, 3, Optional.of((short) 1));
    String topic = topics.callThread();
    long now = Instant.now().toEpochMilli();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerConfig())) {
      // partition 0: ours up to 7, then 1,200 records of another journal (more than one window)
      for (int position = 1; position <= 7; position++) {
        producer.send(record(topic, 0, now, MINE + "-" + position + "-0"));
      }
      for (int i = 0; i < 1_200; i++) {
        producer.send(record(topic, 0, now, OTHER + "-" + i + "-0"));
      }
      // partition 1: ours up to the second event of 3 (its third never came), then a record
      // without headers
      for (int position = 1; position <= 3; position++) {
        producer.send(record(topic, 1, now, MINE + "-" + position + "-0"));
        producer.send(record(topic, 1, now, MINE + "-" + position + "-1"));
      }
      producer.send(new ProducerRecord<>(topic, 1, now, "k", new byte[0]));
      // partition 2: ours, but stamped long before the first unpublished entry
      producer.send(record(topic, 2, now - Duration.ofHours(1).toMillis(), MINE + "-9-0"));
      producer.flush();
    }
    List<TopicPartition> partitions =
        List.of(
            new TopicPartition(topic, 0),
            new TopicPartition(topic, 1),
            new TopicPartition(topic, 2));
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
      Map<TopicPartition, PublishedPositions.Last> found =
          PublishedPositions.find(
              consumer, partitions, MINE, Instant.ofEpochMilli(now), Duration.ofSeconds(30));
      assertThat(found)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  partitions.get(0),
                  new PublishedPositions.Last(7, 0),
                  partitions.get(1),
                  new PublishedPositions.Last(3, 1)));
      // what a restart skips: the events found, not the rest of their entry
      PublishedPositions.Last last = found.get(partitions.get(1));
      assertThat(last.covers(2, 5)).isTrue();
      assertThat(last.covers(3, 1)).isTrue();
      assertThat(last.covers(3, 2)).as("the third event of entry 3").isFalse();
      assertThat(last.covers(4, 0)).isFalse();
    }
  }

  static ProducerRecord<String, byte[]> record(
      String topic, int partition, long timestamp, String eventId) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(EventRecords.SEQ_HEADER, "1".getBytes(StandardCharsets.US_ASCII));
    headers.add(EventRecords.EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(topic, partition, timestamp, "k", new byte[0], headers);
  }

  static Map<String, Object> producerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    // see JournalPublisher: with requests in flight, the first ones to a partition just created
    // could be refused while later ones are stored
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return config;
  }

  static Map<String, Object> consumerConfig() {
    Map<String, Object> config = new HashMap<>();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers());
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    return config;
  }
}
