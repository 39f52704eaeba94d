package io.switchboard.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.json.EventJson;
import io.switchboard.json.Json;
import io.switchboard.kafka.ConsumedRecord;
import io.switchboard.kafka.PublishedRecord;
import io.switchboard.kafka.RecordReader;
import io.switchboard.kafka.TopicNames;
import io.switchboard.model.Event;
import io.switchboard.sim.ScenarioClock;
import io.switchboard.sim.ScenarioFile;
import io.switchboard.sim.ScenarioFormatException;
import io.switchboard.sim.ScenarioResult;
import io.switchboard.sim.ScenarioRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard scenario FILE}: runs a scenario file on a fresh engine that publishes to
 * Kafka, then prints what the run published, read back from Kafka, one JSON object per line in
 * publication order; or, with {@code --party-events}, every event as the engine delivered it to its
 * parties. The contract is in {@code docs/scenarios.md}.
 */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a scenario file on a fresh engine publishing to Kafka and prints the records it published.",
      "Exit status: 0 when every step did what it was meant to, 1 when a step did not, 2 for a bad file."
    })
final class ScenarioCommand implements Callable<Integer> {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", description = "The scenario file (YAML or JSON).")
  Path file;

  @Option(
      names = "--party-events",
      description =
          "Print every event as delivered to its party (EventError and EventAttachedDataChanged too).")
  boolean partyEvents;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep the embedded broker's data here instead of a temporary directory deleted afterwards.")
  Path dataDir;

  @Override
  public Integer call() throws IOException {
    ScenarioFile scenario;
    try {
      scenario = ScenarioFile.parse(file);
    } catch (NoSuchFileException e) {
      throw new UserError(
          "no scenario file " + file + "; give the path of a YAML or JSON scenario file");
    } catch (ScenarioFormatException e) {
      throw new UserError(file + ": " + e.getMessage(), e);
    }
    Path data = dataDir != null ? dataDir : Files.createTempDirectory("switchboard-scenario-");
    try (KafkaConnection connection =
        KafkaConnection.open(
            Optional.ofNullable(kafka.bootstrap),
            data.resolve("kafka"),
            kafka.port == null ? 0 : kafka.port,
            Map.of(),
            TopicNames.defaults(),
            6,
            Optional.empty())) {
      List<PublishedRecord> published = Collections.synchronizedList(new ArrayList<>());
      EventSink recording =
          (tenant, events) -> {
            CompletableFuture<List<PublishedRecord>> sent = connection.sink().send(tenant, events);
            // the runner waits for each step before the next, so appending here keeps publication
            // order
            return sent.thenAccept(published::addAll);
          };
      Instant start = Instant.now();
      ScenarioResult result =
          new ScenarioRunner(
                  recording,
                  new ScenarioClock(start),
                  IdSource.sequential(start.getEpochSecond() << 24))
              .run(scenario);
      PrintWriter out = spec.commandLine().getOut();
      if (partyEvents) {
        printPartyEvents(result.partyEvents(), out);
      } else {
        for (ConsumedRecord record :
            RecordReader.read(connection.bootstrap(), published, READ_TIMEOUT)) {
          out.println(RecordLines.line(record));
        }
      }
      out.flush();
      if (result.failure().isPresent()) {
        spec.commandLine()
            .getErr()
            .println(
                "switchboard: scenario " + file + " failed at " + result.failure().get().message());
        return 1;
      }
      return 0;
    } finally {
      if (dataDir == null) {
        deleteRecursively(data);
      }
    }
  }

  private static void printPartyEvents(List<Delivery> deliveries, PrintWriter out)
      throws JsonProcessingException {
    EventJson json = new EventJson();
    for (Delivery delivery : deliveries) {
      Event event = delivery.event();
      ObjectNode line = Json.mapper().createObjectNode();
      line.put("party", delivery.party());
      line.set("value", json.toTree(event));
      out.println(Json.mapper().writeValueAsString(line));
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
