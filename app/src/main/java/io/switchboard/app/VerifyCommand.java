package io.switchboard.app;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.TopicNames;
import io.switchboard.verify.StreamVerifier;
import io.switchboard.verify.TopicScanner;
import io.switchboard.verify.VerifyReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard verify}: reads the Switchboard topics up to their current end and reports, per
 * key, gaps, duplicates and reordering of the sequence numbers, and events that break the call or
 * agent model. It exits with 0 when the streams are clean, 1 otherwise.
 */
@Command(
    name = "verify",
    header = "Checks the topics for gaps, duplicates, reordering and call-model breaches.",
    mixinStandardHelpOptions = true,
    description = {
      "Reads the topics and reports gaps, duplicates and reordering per key, and events that break",
      "the call or agent model. Exit status 0: clean; 1: problems found."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      defaultValue = "127.0.0.1:9092",
      description = "The Kafka cluster to read (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "A topic to read; repeatable (default: voice-agentstate and voice-callthread).")
  List<String> topics;

  @Option(
      names = "--since",
      paramLabel = "TIME",
      description =
          "Read the records from this time on instead of from the beginning: an instant"
              + " (2026-01-05T09:00:00Z) or how long ago (10m, 2h).")
  String since;

  @Option(
      names = "--idle-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "Give up when no record arrives for this long (default: ${DEFAULT-VALUE}).")
  long idleTimeout;

  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description =
          "text (default), or json: one JSON object on one line whose keys are a contract"
              + " (docs/delivery.md).")
  String report;

  @Override
  public Integer call() {
    if (!report.equals("text") && !report.equals("json")) {
      throw new UserError("--report is text or json, was '" + report + "'");
    }
    List<String> names = topics == null || topics.isEmpty() ? TopicNames.defaults().all() : topics;
    Optional<Instant> from = Optional.ofNullable(since).map(VerifyCommand::instant);
    StreamVerifier verifier = new StreamVerifier(from.isEmpty());
    try {
      TopicScanner.scan(
          bootstrap, Map.of(), names, from, Duration.ofSeconds(idleTimeout), verifier::accept);
    } catch (IllegalArgumentException | IllegalStateException e) {
      // a cluster that does not answer too: KafkaUnreachableException names it and the wait
      throw new UserError(e.getMessage(), e);
    }
    VerifyReport found = verifier.report();
    PrintWriter out = spec.commandLine().getOut();
    if (report.equals("json")) {
      out.println(json(found, names, from));
    } else {
      out.println(
          "topics:           "
              + String.join(", ", names)
              + from.map(f -> " since " + f).orElse(" from the beginning"));
      found.lines().forEach(out::println);
    }
    out.flush();
    return found.clean() ? 0 : 1;
  }

  /** The report as one line of JSON; its keys are a contract (docs/delivery.md). */
  static String json(VerifyReport report, List<String> topics, Optional<Instant> since) {
    ObjectNode json = Json.mapper().createObjectNode();
    topics.forEach(json.putArray("topics")::add);
    if (since.isPresent()) {
      json.put("since", since.get().toString());
    } else {
      json.putNull("since");
    }
    json.put("from_beginning", report.fromBeginning());
    json.put("records", report.records());
    json.put("keys", report.keys());
    json.put("missing", report.missing());
    json.put("duplicates", report.duplicates());
    json.put("conflicts", report.conflicts());
    json.put("reordered", report.reordered());
    json.put("restarts", report.restarts());
    json.put("unsequenced", report.unsequenced());
    json.put("partial_keys", report.partialKeys());
    json.put("model_violations", report.modelViolations());
    ObjectNode violations = json.putObject("violations");
    new TreeMap<>(report.violations()).forEach(violations::put);
    report.examples().forEach(json.putArray("examples")::add);
    json.put("clean", report.clean());
    try {
      return Json.mapper().writeValueAsString(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static Instant instant(String text) {
    try {
      return Instant.parse(text.strip());
    } catch (DateTimeParseException e) {
      try {
        return Instant.now().minus(ChaosCommand.duration(text, "--since"));
      } catch (UserError notADuration) {
        throw new UserError(
            "--since must be an instant such as 2026-01-05T09:00:00Z or how long ago, such as 10m"
                + " or 2h; was '"
                + text
                + "'");
      }
    }
  }
}
