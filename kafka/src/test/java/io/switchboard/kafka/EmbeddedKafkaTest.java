package io.switchboard.kafka;

import static io.switchboard.kafka.TestEvents.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.json.EventJson;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.Event;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.utils.Exit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  @Test
  void aRestartOnTheSameDataDirectoryKeepsTopicsAndRecords(@TempDir Path dir) throws Exception {
    TopicNames topics = TopicNames.defaults();
    List<Event> events =
        List.of(
            TestEvents.login("5001", "1001", TestEvents.TIME),
            TestEvents.ringing("ct-1", 1L, "5001", TestEvents.TIME));
    List<PublishedRecord> published;
    String clusterId;
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir, 0)) {
      clusterId = broker.clusterId();
      try (KafkaEventSink sink =
          KafkaEventSink.open(
              broker.bootstrapServers(), topics, 2, Optional.of((short) 1), Map.of())) {
        published = sink.send(TENANT, events).join();
      }
      assertThatThrownBy(() -> EmbeddedKafka.start(dir, 0))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("in use by another embedded broker");
    }
    assertThat(Files.readString(dir.resolve("cluster.id")).strip()).isEqualTo(clusterId);

    try (EmbeddedKafka broker = EmbeddedKafka.start(dir, 0)) {
      assertThat(broker.clusterId()).isEqualTo(clusterId);
      assertThat(Topics.ensure(broker.bootstrapServers(), topics, 2, Optional.of((short) 1)))
          .isEmpty();
      List<ConsumedRecord> read =
          RecordReader.read(broker.bootstrapServers(), published, Duration.ofSeconds(30));
      assertThat(read)
          .extracting(r -> new EventJson().decode(r.value()))
          .containsExactlyElementsOf(events);

      assertThatThrownBy(() -> Exit.halt(1, "disk gone"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("disk gone");
      assertThat(broker.failure()).hasValueSatisfying(why -> assertThat(why).contains("disk gone"));
    }
  }

  @Test
  void aFixedPortInUseIsReported(@TempDir Path dir) {
    int taken = SharedKafka.broker().port();

    assertThatThrownBy(() -> EmbeddedKafka.start(dir, taken))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("port " + taken + " on 127.0.0.1 is in use");
  }
}
