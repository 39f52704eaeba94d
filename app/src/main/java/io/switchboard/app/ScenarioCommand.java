package io.switchboard.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.harness.TemporaryDirectory;
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
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard scenario FILE...}: runs each scenario file on a fresh engine that publishes to
 * Kafka (one broker for all), then prints what the run published, read back from Kafka, one JSON
 * object per line in publication order; or, with {@code --party-events}, every event as the engine
 * delivered it to its parties. The contract is in {@code docs/scenarios.md}.
 */
@Command(
    name = "scenario",
    mixinStandardHelpOptions = true,
    description = {
      "Runs scenario files, each on a fresh engine, and prints the records they published.",
      "All publish to one Kafka. Exit status: 0 when every step did what it was meant to, 1 when a step did",
      "not (every file still runs), 2 for a bad file (then none runs)."
    })
final class ScenarioCommand implements Callable<Integer> {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "FILE",
      arity = "1..*",
      description =
          "The scenario files (YAML or JSON): each runs on a fresh engine, one after the other,"
              + " all on one broker; the output is theirs in the order given.")
  List<Path> files;

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
    // every file is read before any runs: a bad one stops the command before anything is published
    List<ScenarioFile> scenarios = new ArrayList<>();
    for (Path file : files) {
      scenarios.add(parse(file));
    }
    Path data = dataDir != null ? dataDir : TemporaryDirectory.create("switchboard-scenario-");
    try (KafkaConnection connection =
        KafkaConnection.open(
            Optional.ofNullable(kafka.bootstrap),
            data.resolve("kafka"),
            kafka.port == null ? 0 : kafka.port,
            Map.of(),
            TopicNames.defaults(),
            6,
            Optional.empty())) {
      PrintWriter out = spec.commandLine().getOut();
      Instant start = Instant.now();
      int failed = 0;
      for (int i = 0; i < scenarios.size(); i++) {
        // ConnIDs of one file apart from those of the others, so that their call threads differ
        long firstId = (start.getEpochSecond() << 24) + ((long) i << 16);
        if (!run(scenarios.get(i), files.get(i), connection, start, firstId, out)) {
          failed++;
        }
      }
      out.flush();
      return failed == 0 ? 0 : 1;
    } finally {
      if (dataDir == null) {
        TemporaryDirectory.delete(data);
      }
    }
  }

  private static ScenarioFile parse(Path file) throws IOException {
    try {
      return ScenarioFile.parse(file);
    } catch (NoSuchFileException e) {
      throw new UserError(
          "no scenario file " + file + "; give the path of a YAML or JSON scenario file");
    } catch (ScenarioFormatException e) {
      throw new UserError(file + ": " + e.getMessage(), e);
    }
  }

  /** Runs one scenario on a fresh engine and prints its output; whether every step did its part. */
  private boolean run(
      ScenarioFile scenario,
      Path file,
      KafkaConnection connection,
      Instant start,
      long firstId,
      PrintWriter out)
      throws IOException {
    List<PublishedRecord> published = Collections.synchronizedList(new ArrayList<>());
    EventSink recording =
        (tenant, events) -> {
          CompletableFuture<List<PublishedRecord>> sent = connection.sink().send(tenant, events);
          // the runner waits for each step before the next, so appending here keeps publication
          // order
          return sent.thenAccept(published::addAll);
        };
    ScenarioResult result =
        new ScenarioRunner(recording, new ScenarioClock(start), IdSource.sequential(firstId))
            .run(scenario);
    if (partyEvents) {
      printPartyEvents(result.partyEvents(), out);
    } else {
      for (ConsumedRecord record :
          RecordReader.read(connection.bootstrap(), published, READ_TIMEOUT)) {
        out.println(RecordLines.line(record));
      }
    }
    if (result.failure().isPresent()) {
      out.flush();
      spec.commandLine()
          .getErr()
          .println(
              "switchboard: scenario " + file + " failed at " + result.failure().get().message());
      return false;
    }
    return true;
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
}
