package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.KafkaEventSink;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.Attribute;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Timestamp;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard verify} and {@code switchboard chaos} on the command line. */
class DeliveryCommandsTest {

  static Event dnd(EventType type, String dn) {
    return Event.builder(type)
        .with(Attribute.Server, "switchboard")
        .with(Attribute.time, new Timestamp(1_700_000_000L, 0))
        .with(Attribute.ThisDN, dn)
        .build();
  }

  @Test
  void verifyReportsACleanStreamAndExitsWithZero() throws Exception {
    TopicNames topics = new TopicNames("verify-cli-agentstate", "verify-cli-callthread");
    try (KafkaEventSink sink =
        KafkaEventSink.open(
            SharedKafka.bootstrapServers(), topics, 2, Optional.of((short) 1), Map.of())) {
      sink.publish(
              "acme",
              List.of(
                  dnd(EventType.EventDNDOn, "5001"),
                  dnd(EventType.EventDNDOff, "5001"),
                  dnd(EventType.EventDNDOn, "5002")))
          .join();
    }
    Cli cli =
        Cli.run(
            "verify",
            "--kafka",
            SharedKafka.bootstrapServers(),
            "--topic",
            topics.agentState(),
            "--topic",
            topics.callThread());
    assertThat(cli.status()).as(cli.err()).isZero();
    assertThat(cli.out()).contains("records:          3 (2 keys)").contains("result: OK");

    Cli json =
        Cli.run(
            "verify",
            "--kafka",
            SharedKafka.bootstrapServers(),
            "--topic",
            topics.agentState(),
            "--report",
            "json");
    assertThat(json.status()).as(json.err()).isZero();
    assertThat(json.lines()).hasSize(1);
    JsonNode report = Json.mapper().readTree(json.lines().get(0));
    assertThat(report.get("records").asLong()).isEqualTo(3);
    assertThat(report.get("keys").asLong()).isEqualTo(2);
    assertThat(report.get("missing").asLong()).isZero();
    assertThat(report.get("clean").asBoolean()).isTrue();
    assertThat(report.get("from_beginning").asBoolean()).isTrue();
    assertThat(report.get("since").isNull()).isTrue();
    assertThat(report.get("topics").get(0).asText()).isEqualTo(topics.agentState());
  }

  @Test
  void verifyReportsAGapAndExitsWithOne() throws Exception {
    TopicNames topics = new TopicNames("verify-gap-agentstate", "verify-gap-callthread");
    io.switchboard.kafka.Topics.ensure(
        SharedKafka.bootstrapServers(), topics, 1, Optional.of((short) 1));
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            SharedKafka.bootstrapServers(),
            "max.in.flight.requests.per.connection",
            1,
            "key.serializer",
            "org.apache.kafka.common.serialization.StringSerializer",
            "value.serializer",
            "org.apache.kafka.common.serialization.StringSerializer");
    try (org.apache.kafka.clients.producer.KafkaProducer<String, String> producer =
        new org.apache.kafka.clients.producer.KafkaProducer<>(config)) {
      for (int seq : new int[] {1, 2, 4}) {
        org.apache.kafka.clients.producer.ProducerRecord<String, String> record =
            new org.apache.kafka.clients.producer.ProducerRecord<>(
                topics.agentState(), "acme:5001", "{\"id\":\"EventDNDOn\"}");
        record.headers().add("switchboard.seq", Integer.toString(seq).getBytes());
        record.headers().add("switchboard.event-id", ("j-" + seq + "-0").getBytes());
        producer.send(record).get();
      }
    }
    Cli cli =
        Cli.run(
            "verify",
            "--kafka",
            SharedKafka.bootstrapServers(),
            "--topic",
            topics.agentState(),
            "--topic",
            topics.callThread());
    assertThat(cli.status()).isEqualTo(1);
    assertThat(cli.out())
        .contains("missing:          1")
        .contains("gap: ")
        .contains("result: PROBLEMS FOUND");

    Cli json =
        Cli.run(
            "verify",
            "--kafka",
            SharedKafka.bootstrapServers(),
            "--topic",
            topics.agentState(),
            "--report",
            "json");
    assertThat(json.status()).isEqualTo(1);
    JsonNode report = Json.mapper().readTree(json.lines().get(0));
    assertThat(report.get("missing").asLong()).isEqualTo(1);
    assertThat(report.get("clean").asBoolean()).isFalse();
    assertThat(report.get("examples").toString()).contains("gap");
  }

  @Test
  void verifySaysWhichReportFormatsThereAre() {
    Cli cli = Cli.run("verify", "--report", "xml");
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).contains("--report is text or json, was 'xml'");
  }

  @Test
  void verifySaysWhatIsWrongWithItsOptions() {
    Cli since = Cli.run("verify", "--since", "yesterday-ish");
    assertThat(since.status()).isEqualTo(2);
    assertThat(since.err()).contains("--since must be an instant such as 2026-01-05T09:00:00Z");
    Cli topic =
        Cli.run("verify", "--kafka", SharedKafka.bootstrapServers(), "--topic", "no-such-topic");
    assertThat(topic.status()).isEqualTo(2);
    assertThat(topic.err()).contains("Topic 'no-such-topic' does not exist");
  }

  @Test
  void chaosSaysWhatIsWrongWithItsOptions() {
    assertThat(Cli.run("chaos", "--duration", "soon").err())
        .contains("--duration must be a positive duration such as 90s, 10m or 1h; was 'soon'");
    assertThat(Cli.run("chaos", "--faults", "kill,flood").err())
        .contains("unknown fault 'flood'; the faults are kill, outage, kill-during-outage");
    assertThat(Cli.run("chaos", "--outage", "60s", "--fault-every", "30s").err())
        .contains("--outage must be shorter than --fault-every");
    assertThat(Cli.run("chaos", "--journal-max-bytes", "lots").err())
        .contains("--journal-max-bytes must be a number of bytes");
    assertThat(Cli.run("chaos", "--kafka", "x:9092", "--faults", "outage").err())
        .contains("broker outages need the embedded broker");
  }

  @Test
  void chaosWithAMistakeLeavesNoTemporaryDirectoryBehind(@TempDir Path tmp) throws Exception {
    String system = System.getProperty("java.io.tmpdir");
    System.setProperty("java.io.tmpdir", tmp.toString());
    try {
      assertThat(Cli.run("chaos", "--journal-max-bytes", "lots").status()).isNotZero();
      assertThat(Cli.run("chaos", "--kafka", "x:9092", "--faults", "outage").status()).isNotZero();
      assertThat(Cli.run("chaos", "--workers", "0").status()).isNotZero();
    } finally {
      System.setProperty("java.io.tmpdir", system);
    }
    try (var left = java.nio.file.Files.list(tmp)) {
      assertThat(left.toList()).isEmpty();
    }
  }

  @Test
  void sizesTakeUnitsInPowersOf1024() {
    assertThat(ByteSize.parse("1073741824", "x")).isEqualTo(1L << 30);
    assertThat(ByteSize.parse("512m", "x")).isEqualTo(512L << 20);
    assertThat(ByteSize.parse("2 GiB", "x")).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("64k", "x")).isEqualTo(64L << 10);
    assertThat(
            Cli.run("run", "--journal-max-bytes", "0", "--kafka-port", "0", "--http-port", "0")
                .err())
        .contains("--journal-max-bytes must be at least 1 byte, was '0'");
  }
}
