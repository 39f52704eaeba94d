package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.EventSchemas;
import io.switchboard.json.EventValidator;
import io.switchboard.json.Json;
import io.switchboard.kafka.CloudEventHeaders;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.EventType;
import io.switchboard.model.Topic;
import io.switchboard.sim.ScenarioFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario file of the repository, run by {@code switchboard scenario} through a real Kafka
 * broker and read back: each record is on its event's topic with the documented key, records of one
 * key keep their order, nothing that must stay off Kafka is there, and what reached Kafka is
 * exactly the published part of what the parties received. Every record's value conforms to the
 * JSON Schema of its event type.
 */
class ScenarioFilesThroughKafkaTest {
  static final Path SCENARIOS = Path.of("..", "scenarios");
  private static final EventValidator SCHEMAS = new EventValidator();

  static Stream<Path> scenarioFiles() throws IOException {
    try (Stream<Path> files = Files.list(SCENARIOS)) {
      List<Path> list = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(list).as("scenario files in %s", SCENARIOS.toAbsolutePath()).isNotEmpty();
      return list.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioFiles")
  void publishesWhatThePartiesReceivedOnTheRightTopicsAndKeys(Path file) throws IOException {
    String tenant = ScenarioFile.parse(file).tenant();
    Cli records = Cli.run("scenario", file.toString(), "--kafka", SharedKafka.bootstrapServers());
    assertThat(records.status()).as(records.err()).isZero();
    Cli parties =
        Cli.run(
            "scenario",
            file.toString(),
            "--kafka",
            SharedKafka.bootstrapServers(),
            "--party-events");
    assertThat(parties.status()).as(parties.err()).isZero();

    List<String> publishedIds = new ArrayList<>();
    Map<String, Integer> partitionOfKey = new HashMap<>();
    Map<String, Long> lastOffset = new HashMap<>();
    for (String line : records.lines()) {
      JsonNode record = Json.mapper().readTree(line);
      JsonNode value = record.get("value");
      EventType type = EventType.valueOf(value.get("id").asText());
      assertThat(type.published()).as("%s must never reach Kafka", type).isTrue();
      assertThat(SCHEMAS.problems(value)).as("%s", value).isEmpty();
      JsonNode headers = record.get("headers");
      assertThat(headers.path(CloudEventHeaders.TYPE).asText())
          .isEqualTo(CloudEventHeaders.TYPE_PREFIX + type);
      assertThat(headers.path(CloudEventHeaders.DATASCHEMA).asText())
          .isEqualTo(EventSchemas.id(type));
      assertThat(headers.path(CloudEventHeaders.ID).asText())
          .isEqualTo(headers.path("switchboard.event-id").asText())
          .isNotEmpty();
      String topic = record.get("topic").asText();
      assertThat(topic)
          .isEqualTo(type.topic() == Topic.AGENT_STATE ? "voice-agentstate" : "voice-callthread");
      String key = record.get("key").asText();
      String expectedKey =
          type.topic() == Topic.AGENT_STATE
              ? tenant
                  + ":"
                  + (value.has("AgentID")
                      ? value.get("AgentID").asText()
                      : value.get("ThisDN").asText())
              : tenant + ":" + value.get("CallThreadID").asText();
      assertThat(key).as("key of %s", value).isEqualTo(expectedKey);
      int partition = record.get("partition").asInt();
      assertThat(partitionOfKey.computeIfAbsent(topic + "/" + key, k -> partition))
          .as("every record of key %s is in one partition", key)
          .isEqualTo(partition);
      long offset = record.get("offset").asLong();
      Long previous = lastOffset.put(topic + "/" + partition, offset);
      if (previous != null) {
        assertThat(offset)
            .as("records of %s/%d in publication order", topic, partition)
            .isGreaterThan(previous);
      }
      JsonNode time = value.get("time");
      assertThat(record.get("timestamp").asLong())
          .as("record timestamp is the event time")
          .isEqualTo(time.get("seconds").asLong() * 1000 + time.get("useconds").asLong() / 1000);
      publishedIds.add(type + "@" + value.path("ThisDN").asText());
    }

    List<String> deliveredAndPublished = new ArrayList<>();
    for (String line : parties.lines()) {
      JsonNode value = Json.mapper().readTree(line).get("value");
      EventType type = EventType.valueOf(value.get("id").asText());
      if (type.published()) {
        deliveredAndPublished.add(type + "@" + value.path("ThisDN").asText());
      }
    }
    assertThat(publishedIds).isEqualTo(deliveredAndPublished);
  }
}
