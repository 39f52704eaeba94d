package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.switchboard.json.EventSchemas;
import io.switchboard.json.Json;
import io.switchboard.kafka.CloudEventHeaders;
import io.switchboard.kafka.EventRecords;
import io.switchboard.kafka.TopicNames;
import io.switchboard.model.Attribute;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Timestamp;
import io.switchboard.model.Topic;
import io.switchboard.verify.SwitchboardRecord;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * docs/asyncapi.yaml tells the truth: a message for each published event type on its topic, with
 * the schema of docs/schemas/; the headers every record carries; and it is a valid AsyncAPI
 * document by the AsyncAPI parser (run with node; skipped, saying how to install it, where the
 * parser is not installed).
 */
@Timeout(180)
class AsyncApiDocumentTest {

  private static final Path DOCUMENT = Path.of("..", "docs", "asyncapi.yaml");
  private static final Path CHECKER = Path.of("..", "tools", "asyncapi-check");

  private static JsonNode document() throws IOException {
    return Json.yamlMapper().readTree(Files.readString(DOCUMENT));
  }

  @Test
  void eachTopicHasAMessageForEachOfItsEventTypesWithItsSchema() throws IOException {
    JsonNode doc = document();
    assertMessages(doc, "agentState", Topic.AGENT_STATE);
    assertMessages(doc, "callThread", Topic.CALL_THREAD);
    assertThat(doc.at("/channels/agentState/address").asText())
        .isEqualTo(TopicNames.defaults().agentState());
    assertThat(doc.at("/channels/callThread/address").asText())
        .isEqualTo(TopicNames.defaults().callThread());
  }

  @Test
  void theWebSocketCarriesEventsOfEveryType() throws IOException {
    List<String> refs = new ArrayList<>();
    document()
        .at("/components/schemas/EventOnTheSocket/oneOf")
        .forEach(n -> refs.add(n.get("$ref").asText()));
    assertThat(refs)
        .containsExactlyElementsOf(
            Arrays.stream(EventType.values())
                .map(t -> "./schemas/" + EventSchemas.fileName(t))
                .toList());
  }

  @Test
  void theRecordHeadersAreThoseEveryRecordCarries() throws IOException {
    JsonNode headersSchema = document().at("/components/schemas/RecordHeaders");
    Event login =
        Event.builder(EventType.EventAgentLogin)
            .with(Attribute.Server, "switchboard")
            .with(Attribute.time, new Timestamp(1_700_000_000L, 125_000))
            .with(Attribute.ThisDN, "5001")
            .with(Attribute.AgentID, "1001")
            .build();
    ProducerRecord<String, byte[]> record =
        new EventRecords(TopicNames.defaults()).record("acme", login, 1, "0f3c9a2b4d5e6f70-1-0");
    ObjectNode headers = Json.mapper().createObjectNode();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    List<String> required = new ArrayList<>();
    headersSchema.get("required").forEach(n -> required.add(n.asText()));
    assertThat(required)
        .containsExactlyInAnyOrder(
            SwitchboardRecord.SEQ_HEADER,
            SwitchboardRecord.EVENT_ID_HEADER,
            CloudEventHeaders.SPECVERSION,
            CloudEventHeaders.ID,
            CloudEventHeaders.SOURCE,
            CloudEventHeaders.TYPE,
            CloudEventHeaders.TIME,
            CloudEventHeaders.SUBJECT,
            CloudEventHeaders.DATASCHEMA,
            CloudEventHeaders.CONTENT_TYPE);
    Schema schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(headersSchema);
    assertThat(schema.validate(headers)).as("%s", headers).isEmpty();
    headers.put(CloudEventHeaders.TYPE, "EventAgentLogin");
    assertThat(schema.validate(headers)).as("a ce_type outside the namespace").isNotEmpty();
  }

  @Test
  void theAsyncApiParserFindsItValid() throws Exception {
    String node = onPath("node");
    Assumptions.assumeTrue(
        node != null,
        "node is not installed: the AsyncAPI parser cannot run (.ci/run installs it)");
    Assumptions.assumeTrue(
        Files.isDirectory(CHECKER.resolve("node_modules").resolve("@asyncapi").resolve("parser")),
        "the AsyncAPI parser is not installed: run `npm ci --prefix tools/asyncapi-check`");
    Process process =
        new ProcessBuilder(
                node,
                CHECKER.resolve("check.mjs").toString(),
                DOCUMENT.toAbsolutePath().normalize().toString())
            .redirectErrorStream(true)
            .start();
    String output;
    try (var in = process.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the parser finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output).contains("is valid AsyncAPI 3.");
  }

  private static void assertMessages(JsonNode doc, String channel, Topic topic) {
    List<String> names = new ArrayList<>();
    doc.at("/channels/" + channel + "/messages").fieldNames().forEachRemaining(names::add);
    List<String> expected =
        Arrays.stream(EventType.values())
            .filter(t -> t.topic() == topic)
            .map(EventType::name)
            .toList();
    assertThat(names).as("the messages of channel %s", channel).containsExactlyElementsOf(expected);
    for (String name : names) {
      JsonNode message = doc.at("/components/messages/" + name);
      String ref = message.at("/payload/$ref").asText();
      assertThat(ref).isEqualTo("./schemas/" + name + ".json");
      assertThat(DOCUMENT.resolveSibling(ref)).as(ref).exists();
      assertThat(message.at("/traits/0/$ref").asText())
          .isEqualTo("#/components/messageTraits/record");
    }
  }

  private static String onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, command);
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    return null;
  }
}
