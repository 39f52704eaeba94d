package io.switchboard.app;

import io.switchboard.harness.Bench;
import io.switchboard.harness.BenchWorkload;
import io.switchboard.kafka.cluster.ClusterSettings;
import io.switchboard.sim.traffic.TrafficConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard bench}: how fast Switchboard is end to end, beside the raw Kafka producer on
 * the same broker, in the same run. The measurements, their report and their targets are {@link
 * Bench}'s and {@code docs/BENCHMARKS.md}'s; this class reads the options.
 */
@Command(
    name = "bench",
    header = "Measures the service's path into Kafka beside the raw Kafka producer.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Measures end-to-end throughput, latency and heap against the raw Kafka producer on the same",
      "embedded broker, in the same run. Takes about four minutes with the defaults, six for",
      "--path cluster (its warm-up is longer).",
      "Give the JVM room for the heap figure: JAVA_OPTS=-Xmx1g ./switchboard bench"
    })
final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--warmup",
      paramLabel = "SECONDS",
      description =
          "JIT warm-up at full speed, not measured (default: 60; 180 with --path cluster, whose"
              + " JIT, and that of the brokers it starts, took two to three minutes at full load"
              + " to settle).")
  Integer warmup;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description = "Each throughput and latency measurement (default: ${DEFAULT-VALUE}).")
  int duration = 30;

  @Option(
      names = "--rate",
      paramLabel = "EVENTS_PER_SECOND",
      description = "The offered rate of the latency measurements (default: ${DEFAULT-VALUE}).")
  int rate = 20_000;

  @Option(
      names = "--heap-agents",
      paramLabel = "N",
      description = "Agents logged in for the heap figure; 0 skips it (default: ${DEFAULT-VALUE}).")
  int heapAgents = 100_000;

  @Option(
      names = "--heap-calls",
      paramLabel = "N",
      description = "Calls in progress for the heap figure (default: ${DEFAULT-VALUE}).")
  int heapCalls = 50_000;

  @Option(
      names = "--rounds",
      paramLabel = "N",
      description =
          "Rounds of one second each of the engine, the engine with JSON and plain Jackson,"
              + " interleaved; 0 skips them (default: ${DEFAULT-VALUE}).")
  int rounds = 10;

  @Option(
      names = "--max-in-flight",
      paramLabel = "STEPS",
      description =
          "Steps whose events Kafka has not acknowledged yet at which the simulator waits"
              + " (default: ${DEFAULT-VALUE}).")
  int maxInFlight = 50_000;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      description =
          "journal: the service's publishing path (every step journaled and synced, then"
              + " published from the journal); direct: events sent to Kafka as the engine makes"
              + " them, without a journal; cluster: cluster mode (every step replicated in Kafka"
              + " with its events, in a transaction that commits every commit interval), on a"
              + " three-broker cluster on loopback unless --kafka names one (default:"
              + " ${DEFAULT-VALUE}).")
  String path = "journal";

  @Option(
      names = "--commit-interval",
      paramLabel = "MILLISECONDS",
      description =
          "--path cluster: how long a partition's transaction stays open, cluster.commitIntervalMs"
              + " (default: ${DEFAULT-VALUE}).")
  long commitIntervalMs = ClusterSettings.DEFAULT_COMMIT_INTERVAL.toMillis();

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description =
          "Measure against this Kafka cluster (host:port[,host:port...]) instead of an embedded"
              + " broker; the benchmark writes to topics of its own, switchboard-bench-agentstate"
              + " and switchboard-bench-callthread (6 partitions, created when missing).")
  String kafka;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The simulated workload (docs/simulator.md); default: see docs/BENCHMARKS.md.")
  Path config;

  @Option(
      names = "--report",
      paramLabel = "FORMAT",
      description = "text or json (one object, last on standard output) (default: text).")
  String report = "text";

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (!report.equals("text") && !report.equals("json")) {
      throw new UserError("--report is text or json, was '" + report + "'");
    }
    if (!path.equals("journal") && !path.equals("direct") && !path.equals("cluster")) {
      throw new UserError("--path is journal, direct or cluster, was '" + path + "'");
    }
    if (commitIntervalMs < 1
        || commitIntervalMs >= ClusterSettings.DEFAULT_COMMIT_TIMEOUT.toMillis()) {
      throw new UserError(
          "--commit-interval is 1 to "
              + (ClusterSettings.DEFAULT_COMMIT_TIMEOUT.toMillis() - 1)
              + " milliseconds, was "
              + commitIntervalMs);
    }
    int warmup = this.warmup != null ? this.warmup : Bench.defaultWarmup(path);
    if (warmup < 0 || duration < 5 || rate < 1) {
      throw new UserError("--warmup must be 0 or more, --duration 5 or more, --rate 1 or more");
    }
    TrafficConfig workload = workload();
    new Bench(
            new Bench.Settings(
                warmup,
                duration,
                rate,
                heapAgents,
                heapCalls,
                rounds,
                maxInFlight,
                path,
                commitIntervalMs,
                Optional.ofNullable(kafka),
                report),
            workload,
            spec.commandLine().getOut(),
            spec.commandLine().getErr())
        .run();
    return 0;
  }

  private TrafficConfig workload() throws IOException {
    if (config == null) {
      return BenchWorkload.defaults();
    }
    try {
      return BenchWorkload.read(config);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }
}
