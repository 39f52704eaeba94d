package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.kafka.KafkaEventSink;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code switchboard tail} and {@code switchboard verify} as a user runs them. */
class TailCommandTest {

  @Test
  void maxRecordsStopsAtExactlyThatMany() {
    TopicNames topics = new TopicNames("tail-max-agentstate", "tail-max-callthread");
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      events.add(DeliveryCommandsTest.dnd(EventType.EventDNDOn, "50" + (10 + i)));
    }
    // one partition: the ten records come back in one batch
    try (KafkaEventSink sink =
        KafkaEventSink.open(
            SharedKafka.bootstrapServers(),
            topics,
            1,
            java.util.Optional.of((short) 1),
            Map.of())) {
      sink.publish("acme", events).join();
    }
    Cli cli =
        Cli.run(
            "tail",
            "--kafka",
            SharedKafka.bootstrapServers(),
            "--topic",
            topics.agentState(),
            "--from-beginning",
            "--max-records",
            "3");
    assertThat(cli.status()).as(cli.err()).isZero();
    assertThat(cli.lines()).hasSize(3);
  }

  @Test
  void anUnreachableBrokerIsNamedWithinTheTimeout() throws Exception {
    String nowhere;
    try (ServerSocket free = new ServerSocket(0)) {
      nowhere = "127.0.0.1:" + free.getLocalPort();
    }
    Cli tail = Cli.run("tail", "--kafka", nowhere, "--idle-timeout", "2");
    assertThat(tail.status()).isEqualTo(2);
    assertThat(tail.err())
        .contains("Kafka at " + nowhere + " cannot be reached: no answer within 2 s")
        .contains("--kafka")
        .doesNotContain("Timeout expired while fetching topic metadata");
    Cli verify = Cli.run("verify", "--kafka", nowhere, "--idle-timeout", "2");
    assertThat(verify.status()).isEqualTo(2);
    assertThat(verify.err()).contains("Kafka at " + nowhere + " cannot be reached");
  }

  @Test
  void tailSaysWhatIsWrongWithItsOptions() {
    assertThat(Cli.run("tail", "--max-records", "0").err())
        .contains("--max-records must be at least 1, was 0");
    assertThat(Cli.run("tail", "--idle-timeout", "0").err())
        .contains("--idle-timeout must be a number of seconds above 0");
  }
}
