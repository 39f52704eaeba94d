package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker keeps the service's topics within a size and an age. */
class BrokerRetentionTest {

  @Test
  void theBoundIsSharedOutAmongThePartitions() {
    BrokerRetention retention = new BrokerRetention(2L << 30, Duration.ofHours(24), 6);
    assertThat(retention.partitionBytes()).isEqualTo((2L << 30) / 12);
    assertThat(retention.segmentBytes()).isEqualTo(retention.partitionBytes() / 4);
    assertThat(retention.brokerSettings())
        .containsEntry("log.retention.ms", "86400000")
        .containsEntry("log.retention.bytes", Long.toString((2L << 30) / 12))
        .containsEntry("log.segment.bytes", Long.toString((2L << 30) / 48));
    // segments stay between Kafka's smallest and 64 MiB
    assertThat(new BrokerRetention(1L << 40, Duration.ofDays(7), 1).segmentBytes())
        .isEqualTo(64L << 20);
    assertThat(new BrokerRetention(8L << 20, Duration.ofDays(7), 1).segmentBytes())
        .isEqualTo(1L << 20);
  }

  @Test
  void aBoundTooSmallOrTooShortIsRefusedWithWhatItNeeds() {
    assertThatThrownBy(() -> new BrokerRetention(10L << 20, Duration.ofHours(1), 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too small for 12 partitions: give it at least 48 MiB");
    assertThatThrownBy(() -> new BrokerRetention(1L << 30, Duration.ofSeconds(5), 6))
        .hasMessageContaining("at least a minute");
  }

  @Test
  void theBrokerDeletesTheOldestSegmentsBeyondTheBound(@TempDir Path dir) throws Exception {
    BrokerRetention retention = new BrokerRetention(8L << 20, Duration.ofDays(1), 1);
    Map<String, String> settings = new HashMap<>(retention.brokerSettings());
    // look for segments to delete often, so that the test need not wait a minute
    settings.put("log.retention.check.interval.ms", "200");
    TopicNames topics = new TopicNames("retention-agentstate", "retention-callthread");
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir, 0, settings)) {
      String bootstrap = broker.bootstrapServers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
        Config config =
            admin
                .describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, "1")))
                .all()
                .get()
                .values()
                .iterator()
                .next();
        assertThat(config.get("log.retention.bytes").value())
            .isEqualTo(Long.toString(retention.partitionBytes()));
        assertThat(config.get("log.segment.bytes").value()).isEqualTo(Long.toString(1L << 20));
      }
      Topics.ensure(bootstrap, topics, 1, Optional.of((short) 1));
      // three times the partition's share
      byte[] value = new byte[64 * 1024];
      try (KafkaProducer<byte[], byte[]> producer =
          new KafkaProducer<>(
              Map.of(
                  ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                  ByteArraySerializer.class.getName(),
                  ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                  ByteArraySerializer.class.getName()))) {
        for (int i = 0; i < 3 * 64; i++) {
          producer.send(new ProducerRecord<>(topics.agentState(), 0, null, value));
        }
        producer.flush();
      }
      Path partition = dir.resolve("logs").resolve(topics.agentState() + "-0");
      long bound = retention.partitionBytes() + retention.segmentBytes();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (logBytes(partition) > bound && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(logBytes(partition)).as("bytes of the partition's segments").isLessThan(bound);
      try (KafkaConsumer<byte[], byte[]> consumer =
          new KafkaConsumer<>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                  bootstrap,
                  ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                  ByteArrayDeserializer.class.getName(),
                  ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                  ByteArrayDeserializer.class.getName()))) {
        TopicPartition tp = new TopicPartition(topics.agentState(), 0);
        assertThat(consumer.beginningOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp))
            .as("the first offset kept")
            .isPositive();
        assertThat(consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp))
            .isEqualTo(3 * 64);
      }
    }
  }

  private static long logBytes(Path partition) {
    try (Stream<Path> files = Files.list(partition)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".log"))
          .mapToLong(
              f -> {
                try {
                  return Files.size(f);
                } catch (IOException e) {
                  // deleted meanwhile
                  return 0;
                }
              })
          .sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
