package io.switchboard.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.Json;
import io.switchboard.sim.traffic.TrafficConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code switchboard bench}: how fast Switchboard is end to end, beside the raw Kafka producer on
 * the same broker, in the same run, so that the ratios hold on a noisy machine. The figures and
 * their targets are in {@code docs/BENCHMARKS.md}.
 *
 * <ol>
 *   <li>The engine alone ({@link CallCycle}, one core), the engine with JSON encoding, and plain
 *       Jackson writing the same events ({@link PlainJson}), in interleaved rounds.
 *   <li>Starts an embedded broker (a temporary directory; or uses the cluster {@code --kafka}
 *       names) and the service's publishing path: each step journaled and synced ({@link
 *       DurableTenants}), then published from the journal ({@link JournalPublisher}: idempotent,
 *       {@code acks=all}); a step counts once Kafka acknowledged its events. {@code --path direct}
 *       sends the events as the engine makes them instead ({@link KafkaEventSink}), without a
 *       journal.
 *   <li>Warms the JIT up with the simulator at full speed, keeping a sample of the records it
 *       publishes.
 *   <li>Throughput: the simulator at full speed; events and completed calls per second, counted
 *       once Kafka acknowledged them; the CPU time and the bytes allocated per event, by thread
 *       ({@link CpuMeter}).
 *   <li>The raw producer, with the publishing path's settings, sends as many records (the sampled
 *       ones, same keys, topics and values) as fast as it can.
 *   <li>Latency at a fixed offered rate: the simulator paced to that many events per second; from
 *       the instant each step was due to Kafka's acknowledgement of its events. Then the raw
 *       producer at the same rate, from the instant each record was due.
 *   <li>Heap: a tenant with that many agents logged in and calls in progress, measured after a full
 *       collection, without Kafka.
 * </ol>
 *
 * <p>The parts: {@link EngineRounds} (1), {@link ThroughKafka} (2 to 6, on a {@link
 * PublishingPath}), {@link HeapFigure} (7); {@link BenchReport} and {@link BenchVerdicts} print the
 * figures and whether they meet their targets.
 */
public final class Bench {

  /**
   * How to run, as the options of {@code switchboard bench} say (checked there).
   *
   * @param warmup seconds of JIT warm-up at full speed, not measured
   * @param duration seconds of each throughput and latency measurement
   * @param rate the offered rate of the latency measurements, events a second
   * @param heapAgents agents logged in for the heap figure; 0 skips it
   * @param heapCalls calls in progress for the heap figure
   * @param rounds rounds of one second each of the engine, the engine with JSON and plain Jackson;
   *     0 skips them
   * @param maxInFlight steps whose events Kafka has not acknowledged at which the simulator waits
   * @param path {@code journal}, {@code direct} or {@code cluster}
   * @param commitIntervalMs {@code cluster}: how long a partition's transaction stays open
   * @param kafka the Kafka cluster to measure against; empty: a broker (or, for {@code cluster},
   *     three) started here
   * @param report {@code text} or {@code json}
   */
  public record Settings(
      int warmup,
      int duration,
      int rate,
      int heapAgents,
      int heapCalls,
      int rounds,
      int maxInFlight,
      String path,
      long commitIntervalMs,
      Optional<String> kafka,
      String report) {}

  /**
   * The warm-up that {@code path}'s targets are for, the default of {@code --warmup}: 60 s, and 180
   * s for {@code cluster}.
   */
  public static int defaultWarmup(String path) {
    return BenchVerdicts.meaningfulWarmup(path);
  }

  private final Settings settings;
  private final TrafficConfig workload;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * @param workload the simulated workload ({@link BenchWorkload})
   * @param out where the report goes
   * @param err where the progress goes
   */
  public Bench(Settings settings, TrafficConfig workload, PrintWriter out, PrintWriter err) {
    this.settings = settings;
    this.workload = workload;
    this.out = out;
    this.err = err;
  }

  /**
   * Runs every measurement and prints the report.
   *
   * @throws HarnessFailure if a path cannot start or stops under load
   */
  public void run() throws IOException, InterruptedException {
    ObjectNode results = Json.mapper().createObjectNode();
    results.put("date", Instant.now().toString());
    results.put("java", Runtime.version().toString());
    results.put("cores", Runtime.getRuntime().availableProcessors());
    results.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    results.put(
        "load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    if (settings.rounds() > 0) {
      new EngineRounds(settings.rounds(), this::say).measure(results);
    }
    Path dir = TemporaryDirectory.create("switchboard-bench-");
    ThroughKafka kafka = new ThroughKafka(settings, workload, this::say);
    try {
      kafka.measure(dir, results);
    } finally {
      TemporaryDirectory.delete(dir);
      kafka.close();
    }
    if (settings.heapAgents() > 0) {
      new HeapFigure(settings.heapAgents(), settings.heapCalls(), this::say).measure(results);
    }
    ObjectNode verdicts = BenchVerdicts.of(results, settings.warmup(), settings.duration());
    results.set("verdicts", verdicts);
    if (settings.report().equals("json")) {
      out.println(Json.mapper().writeValueAsString(results));
    } else {
      out.print(BenchReport.text(results));
      out.println();
      out.print(BenchVerdicts.text(verdicts, settings.warmup(), settings.duration()));
    }
    if (verdicts.path("short_run").asBoolean()) {
      say(
          "warning: a short run: the ratios are not meaningful with a warm-up under "
              + verdicts.path("meaningful_warmup").asInt()
              + " s or a measurement under "
              + BenchVerdicts.MEANINGFUL_DURATION
              + " s");
    }
    out.flush();
  }

  private void say(String what) {
    err.println("bench: " + what);
    err.flush();
  }
}
