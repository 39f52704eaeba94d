package io.switchboard.kafka.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.kafka.TopicNames;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What kafka.properties may tune in the step log's producers, and what it may not. */
@Timeout(10)
class ClientConfigsTest {

  private static ClusterSettings settings(Map<String, Object> kafkaProperties) {
    ClusterSettings defaults =
        ClusterSettings.of("c", "i", "127.0.0.1:9092", TopicNames.defaults(), "127.0.0.1:8080");
    return new ClusterSettings(
        defaults.cluster(),
        defaults.instance(),
        defaults.bootstrap(),
        kafkaProperties,
        defaults.topics(),
        defaults.partitions(),
        defaults.http(),
        defaults.sessionTimeout(),
        defaults.commitTimeout(),
        defaults.snapshotSteps(),
        defaults.commitInterval(),
        defaults.stepEvents());
  }

  @Test
  void theStepLogsProducersLingerFiveMillisecondsAndCompressWithLz4ByDefault() {
    Map<String, Object> config = new ClientConfigs(settings(Map.of())).transactionalProducer(3, 1);

    assertThat(config)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 5)
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "switchboard.c.steps-3-1");
  }

  @Test
  void kafkaPropertiesTuneLingerAndCompressionButNotWhatTheGuaranteesRestOn() {
    ClusterSettings tuned =
        settings(
            Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none",
                ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "mine"));

    Map<String, Object> config = new ClientConfigs(tuned).transactionalProducer(0, 0);

    assertThat(config)
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 0)
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "switchboard.c.steps-0");
  }
}
