package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.EventValidator;
import io.switchboard.json.Json;
import io.switchboard.kafka.EventRecords;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.EventType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {

  @TempDir Path dir;

  private static final List<String> CONTRACT =
      List.of(
          "simulate",
          "--agents",
          "10",
          "--queues",
          "1",
          "--arrival-rate",
          "160",
          "--handle-time-mean",
          "180",
          "--handle-time-dist",
          "exponential",
          "--patience-mean",
          "none",
          "--calls",
          "2000",
          "--seed",
          "5",
          "--sl-threshold",
          "20",
          "--report",
          "json");

  @Test
  void theScriptedCommandPrintsOneJsonObjectLastWithTheContractKeys() throws Exception {
    Cli cli = Cli.run(CONTRACT.toArray(String[]::new));

    assertThat(cli.status()).as(cli.err()).isZero();
    JsonNode report = Json.mapper().readTree(cli.lines().get(cli.lines().size() - 1));
    for (String key :
        List.of(
            "offered",
            "answered",
            "abandoned",
            "asa_seconds",
            "p_wait",
            "service_level",
            "occupancy",
            "events",
            "events_per_second")) {
      assertThat(report.has(key)).as(key).isTrue();
    }
    assertThat(report.get("offered").asLong()).isEqualTo(2000);
    assertThat(report.get("answered").asLong()).isEqualTo(2000);
    assertThat(report.get("abandoned").asLong()).isZero();
    assertThat(report.get("p_wait").asDouble()).isBetween(0.0, 1.0);
  }

  @Test
  void theSameSeedGivesTheSameEventsInTheEventsFile() throws Exception {
    Path first = dir.resolve("first.jsonl");
    Path second = dir.resolve("second.jsonl");
    String[] args = {"simulate", "--calls", "300", "--hold-share", "0.3", "--events", ""};

    args[args.length - 1] = first.toString();
    assertThat(Cli.run(args).status()).isZero();
    args[args.length - 1] = second.toString();
    assertThat(Cli.run(args).status()).isZero();

    assertThat(Files.readAllLines(first)).isNotEmpty().isEqualTo(Files.readAllLines(second));
  }

  @Test
  void theEventsFileHoldsRecordsInTheShapeTailAndScenarioPrint() throws Exception {
    Path file = dir.resolve("records.jsonl");
    assertThat(Cli.run("simulate", "--calls", "100", "--events", file.toString()).status())
        .isZero();
    Cli scenario =
        Cli.run(
            "scenario",
            "../scenarios/basic-internal-call.yaml",
            "--kafka",
            SharedKafka.bootstrapServers());
    assertThat(scenario.status()).as(scenario.err()).isZero();
    List<String> shape = fieldNames(Json.mapper().readTree(scenario.lines().get(0)));

    EventValidator schemas = new EventValidator();
    Map<String, Long> lastSeq = new HashMap<>();
    Map<String, Long> nextOffset = new HashMap<>();
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSizeGreaterThan(100);
    for (String line : lines) {
      JsonNode record = Json.mapper().readTree(line);
      assertThat(fieldNames(record)).isEqualTo(shape);
      JsonNode value = record.get("value");
      assertThat(schemas.problems(value)).as(line).isEmpty();
      EventType type = EventType.valueOf(value.get("id").asText());
      assertThat(record.get("topic").asText()).isEqualTo(type.topic().defaultName().orElseThrow());
      String key = record.get("key").asText();
      assertThat(key).startsWith("sim:");
      int partition = record.get("partition").asInt();
      assertThat(partition).isEqualTo(EventRecords.partition(key, 6));
      String topicPartition = record.get("topic").asText() + "/" + partition;
      assertThat(record.get("offset").asLong())
          .isEqualTo(nextOffset.merge(topicPartition, 1L, Long::sum) - 1);
      JsonNode headers = record.get("headers");
      assertThat(headers.get("switchboard.seq").asLong())
          .as("numbered without gaps per key")
          .isEqualTo(lastSeq.merge(key, 1L, Long::sum));
      assertThat(headers.get("ce_type").asText()).isEqualTo("io.switchboard.voice." + type);
      assertThat(headers.get("ce_id").asText())
          .isEqualTo(headers.get("switchboard.event-id").asText());
    }
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void theoryIsPrintedBesideTheSimulationWhenTheModelIsOneOfErlangs() {
    Cli cli =
        Cli.run("simulate", "--agents", "5", "--arrival-rate", "60", "--calls", "500", "--theory");

    assertThat(cli.status()).isZero();
    assertThat(cli.out()).contains("Erlang C").contains("asa_seconds");
  }

  @Test
  void aBadOptionSaysWhatToWrite() {
    Cli cli = Cli.run("simulate", "--ivr", "gaussian:3");

    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.err()).contains("--ivr").contains("unknown distribution 'gaussian'");
  }

  @Test
  void simulateAndBenchHaveHelp() {
    for (String command : new String[] {"simulate", "bench"}) {
      Cli cli = Cli.run(command, "--help");
      assertThat(cli.status()).isZero();
      assertThat(cli.out()).contains("Usage: switchboard " + command);
    }
  }
}
