package io.switchboard.app;

import io.switchboard.harness.Chaos;
import io.switchboard.harness.TemporaryDirectory;
import io.switchboard.kafka.TopicNames;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard chaos}: the delivery guarantees under faults, for as long as asked. It starts
 * a Kafka broker and the service (in a JVM of its own), sends calls over HTTP, and in turn kills
 * the service with {@code kill -9}, stops Kafka, and kills the service while Kafka is down; the
 * journal bound is small enough that an outage fills it. Then it reads the topics with the
 * verifying consumer and prints what was sent, what was injected, and what was lost, duplicated or
 * reordered. It exits with 0 when nothing was, 1 otherwise. The run is {@link Chaos}'s; this class
 * reads its options.
 */
@Command(
    name = "chaos",
    header =
        "Kills the service and stops Kafka under load, then checks that nothing acknowledged was lost.",
    mixinStandardHelpOptions = true,
    description = {
      "Runs calls through the service while killing it (kill -9) and stopping Kafka, then checks",
      "that every acknowledged event is on Kafka once and in order (docs/delivery.md)."
    })
final class ChaosCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      description = "How long the traffic runs, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).",
      defaultValue = "5m")
  String duration;

  @Option(
      names = "--fault-every",
      paramLabel = "TIME",
      description = "The time between two faults (default: ${DEFAULT-VALUE}).",
      defaultValue = "30s")
  String faultEvery;

  @Option(
      names = "--outage",
      paramLabel = "TIME",
      description = "How long Kafka stays down in an outage (default: ${DEFAULT-VALUE}).",
      defaultValue = "15s")
  String outage;

  @Option(
      names = "--faults",
      paramLabel = "LIST",
      split = ",",
      description =
          "The faults, injected in turn: kill, outage, kill-during-outage (default: all three).")
  List<String> faultNames;

  @Option(
      names = "--workers",
      paramLabel = "N",
      description =
          "Workers sending calls, each on its own pair of DNs (default: ${DEFAULT-VALUE}).",
      defaultValue = "8")
  int workers;

  @Option(
      names = "--journal-max-bytes",
      paramLabel = "SIZE",
      description =
          "The service's journal bound; small, so that an outage fills it (default: ${DEFAULT-VALUE}).",
      defaultValue = "4m")
  String journalMaxBytes;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description = "An external Kafka cluster instead of the embedded broker (kills only).")
  String kafka;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description =
          "Where the broker, the service and their logs keep their files (default: a"
              + " temporary directory, deleted afterwards unless the run found problems).")
  Path workDir;

  @Override
  public Integer call() {
    Duration run = duration(duration, "--duration");
    Duration every = duration(faultEvery, "--fault-every");
    Duration down = duration(outage, "--outage");
    if (workers < 1) {
      throw new UserError("--workers must be at least 1, was " + workers);
    }
    List<Chaos.Fault> faults = new ArrayList<>();
    for (String name :
        faultNames == null ? List.of("kill", "outage", "kill-during-outage") : faultNames) {
      faults.add(
          switch (name.strip().toLowerCase(Locale.ROOT)) {
            case "kill" -> Chaos.Fault.KILL;
            case "outage" -> Chaos.Fault.OUTAGE;
            case "kill-during-outage" -> Chaos.Fault.KILL_DURING_OUTAGE;
            default ->
                throw new UserError(
                    "--faults: unknown fault '"
                        + name
                        + "'; the faults are kill, outage,"
                        + " kill-during-outage");
          });
    }
    if (!down.minus(every).isNegative()) {
      throw new UserError("--outage must be shorter than --fault-every");
    }
    long maxBytes = ByteSize.parse(journalMaxBytes, "--journal-max-bytes");
    // every option is checked before the directory is made: a mistake leaves nothing behind
    boolean temporary = workDir == null;
    Path dir = temporary ? TemporaryDirectory.create("switchboard-chaos-") : workDir;
    long rounds = run.toMillis() / Math.max(1, every.toMillis()) + 2;
    Chaos.Settings settings;
    try {
      settings =
          new Chaos.Settings(
              run,
              workers,
              every,
              down,
              faults,
              maxBytes,
              dir,
              Optional.ofNullable(kafka),
              new TopicNames("chaos-agentstate", "chaos-callthread"),
              (int) Math.min(200_000, 2 * workers * rounds));
    } catch (RuntimeException e) {
      if (temporary) {
        TemporaryDirectory.delete(dir);
      }
      throw e instanceof IllegalArgumentException ? new UserError(e.getMessage(), e) : e;
    }
    return Chaos.runAndReport(
        settings, temporary, Main.class, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** {@code 90s}, {@code 10m}, {@code 1h}, or an ISO-8601 duration such as {@code PT90S}. */
  static Duration duration(String text, String option) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+(ms|s|m|h)")) {
        long n = Long.parseLong(t.replaceAll("\\D", ""));
        Duration d =
            t.endsWith("ms")
                ? Duration.ofMillis(n)
                : t.endsWith("s")
                    ? Duration.ofSeconds(n)
                    : t.endsWith("m") ? Duration.ofMinutes(n) : Duration.ofHours(n);
        if (!d.isZero()) {
          return d;
        }
      } else {
        Duration d = Duration.parse(text.strip().toUpperCase(Locale.ROOT));
        if (!d.isNegative() && !d.isZero()) {
          return d;
        }
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // reported below
    }
    throw new UserError(
        option + " must be a positive duration such as 90s, 10m or 1h; was '" + text + "'");
  }
}
