package io.switchboard.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.journal.DurableTenants;
import io.switchboard.journal.JournalSettings;
import io.switchboard.journal.JournalSink;
import io.switchboard.json.EventJson;
import io.switchboard.json.Json;
import io.switchboard.kafka.EmbeddedKafka;
import io.switchboard.kafka.JournalPublisher;
import io.switchboard.kafka.KafkaEventSink;
import io.switchboard.kafka.LocalKafkaCluster;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.cluster.ClusterNode;
import io.switchboard.kafka.cluster.ClusterSettings;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.DNType;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.request.InboundCall;
import io.switchboard.model.request.RequestAgentLogin;
import io.switchboard.model.request.RequestAnswerCall;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.sim.traffic.CallCycle;
import io.switchboard.sim.traffic.Distribution;
import io.switchboard.sim.traffic.PlainJson;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import io.switchboard.sim.traffic.TrafficSimulator;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

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

  private final int warmup;
  private final int duration;
  private final int rate;
  private final int heapAgents;
  private final int heapCalls;
  private final int rounds;
  private final int maxInFlight;
  private final String path;
  private final boolean journal;
  private final long commitIntervalMs;
  private final String kafka;
  private final String report;
  private final TrafficConfig workload;
  private final PrintWriter out;
  private final PrintWriter err;

  /**
   * @param workload the simulated workload ({@link #defaultWorkload}, or {@link #workload(Path)})
   * @param out where the report goes
   * @param err where the progress goes
   */
  public Bench(Settings settings, TrafficConfig workload, PrintWriter out, PrintWriter err) {
    this.warmup = settings.warmup();
    this.duration = settings.duration();
    this.rate = settings.rate();
    this.heapAgents = settings.heapAgents();
    this.heapCalls = settings.heapCalls();
    this.rounds = settings.rounds();
    this.maxInFlight = settings.maxInFlight();
    this.path = settings.path();
    this.journal = path.equals("journal");
    this.commitIntervalMs = settings.commitIntervalMs();
    this.kafka = settings.kafka().orElse(null);
    this.report = settings.report();
    this.workload = workload;
    this.out = out;
    this.err = err;
  }

  /**
   * Told, in cluster mode, how long each step waited between its acceptance and the commit that
   * made its events visible to read_committed consumers (nanoseconds).
   */
  private volatile java.util.function.LongConsumer visibleWaits = nanos -> {};

  /** What the encoding rounds produced, kept so that the JIT cannot discard the work. */
  private volatile long consumed;

  /** Topics of the benchmark's own: on a real cluster it must not write into the service's. */
  static final TopicNames TOPICS =
      new TopicNames("switchboard-bench-agentstate", "switchboard-bench-callthread");

  private final TopicNames topics = TOPICS;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "switchboard-bench-timer");
            t.setDaemon(true);
            return t;
          });

  /**
   * The default workload: 1,000 agents in 10 queues at about 90% occupancy, an IVR treatment in
   * front, impatient callers, after-call work, and some holds, transfers and conferences.
   */
  public static TrafficConfig defaultWorkload() {
    List<TrafficConfig.QueueConfig> queues = new ArrayList<>();
    List<TrafficConfig.AgentGroup> agents = new ArrayList<>();
    for (int q = 0; q < 10; q++) {
      queues.add(
          new TrafficConfig.QueueConfig(
              "q" + (q + 1),
              1_800,
              new Distribution.LogNormal(170, 0.8),
              Optional.of(new Distribution.Exponential(120))));
      agents.add(new TrafficConfig.AgentGroup(100, List.of("q" + (q + 1))));
    }
    return TrafficConfig.defaults().toBuilder()
        .tenant("bench")
        .queues(queues)
        .agents(agents)
        .supervisors(20)
        .afterCallWork(Optional.of(new Distribution.Exponential(10)))
        .holdShare(0.1)
        .transferShare(0.05)
        .conferenceShare(0.02)
        .calls(0)
        .duration(Optional.of(Duration.ofDays(36_500)))
        .build();
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
    if (rounds > 0) {
      encoding(results);
    }
    Path dir = TemporaryDirectory.create("switchboard-bench-");
    try {
      kafka(workload, dir, results);
    } finally {
      TemporaryDirectory.delete(dir);
      timer.shutdownNow();
    }
    if (heapAgents > 0) {
      heap(results);
    }
    ObjectNode verdicts = BenchVerdicts.of(results, warmup, duration);
    results.set("verdicts", verdicts);
    if (report.equals("json")) {
      out.println(Json.mapper().writeValueAsString(results));
    } else {
      out.print(text(results));
      out.println();
      out.print(BenchVerdicts.text(verdicts, warmup, duration));
    }
    if (verdicts.path("short_run").asBoolean()) {
      say(
          "warning: a short run: the ratios are not meaningful with a warm-up under "
              + BenchVerdicts.MEANINGFUL_WARMUP
              + " s or a measurement under "
              + BenchVerdicts.MEANINGFUL_DURATION
              + " s");
    }
    out.flush();
  }

  /**
   * The workload of {@code file} (docs/simulator.md), its arrivals without end: the measurements
   * stop the simulator by time, so arrivals must not run out first.
   *
   * @throws IllegalArgumentException if the file is not a valid workload; the message says why
   */
  public static TrafficConfig workload(Path file) throws IOException {
    TrafficConfig read = TrafficConfig.read(file);
    return read.toBuilder().calls(0).duration(Optional.of(Duration.ofDays(36_500))).build();
  }

  // ---------------------------------------------------------------- through Kafka

  private void kafka(TrafficConfig workload, Path dir, ObjectNode results)
      throws InterruptedException {
    boolean clustered = path.equals("cluster");
    if (kafka == null) {
      say(
          clustered
              ? "starting a three-broker Kafka cluster on loopback"
              : "starting the embedded Kafka broker");
    }
    try (EmbeddedKafka broker =
            kafka == null && !clustered ? EmbeddedKafka.start(dir.resolve("kafka"), 0) : null;
        LocalKafkaCluster brokers =
            kafka == null && clustered ? LocalKafkaCluster.start(3, dir.resolve("cluster")) : null;
        KafkaEventSink sink =
            KafkaEventSink.open(
                kafka != null ? kafka : clustered ? brokers.bootstrap() : broker.bootstrapServers(),
                topics,
                6,
                Optional.empty(),
                Map.of())) {
      String bootstrap =
          kafka != null ? kafka : clustered ? brokers.bootstrap() : broker.bootstrapServers();
      Publishing publishing =
          clustered
              ? new Clustered(bootstrap)
              : journal
                  ? new Journaled(bootstrap, dir)
                  : (tenant, clock, ids) -> new Tenants(List.of(tenant), clock, ids, sink);
      results.put("path", path);
      if (path.equals("cluster")) {
        results.put("commit_interval_ms", commitIntervalMs);
      }
      RecordSample sample = new RecordSample(topics, 100_000);
      say("warming up for " + warmup + " s (simulator at full speed into Kafka)");
      runFor(
          run(workload, 0),
          publishing.listened((t, step, outcome) -> sample.add(t, outcome.published())),
          warmup,
          new TrafficSimulator.Options().maxInFlight(maxInFlight));
      publishing.finish();

      say("throughput: simulator at full speed into Kafka for " + duration + " s");
      CpuMeter meter = new CpuMeter("simulator and engine").start();
      SimulationReport full =
          runFor(
              run(workload, 1),
              publishing,
              duration,
              new TrafficSimulator.Options().maxInFlight(maxInFlight));
      Map<String, Double> cpu = meter.perUnit(full.events());
      Map<String, Double> allocated = meter.allocatedPerUnit(full.events());
      publishing.finish();
      double eventsPerSecond = full.events() / full.wallSeconds();
      ObjectNode e2e = results.putObject("end_to_end");
      e2e.put("events", full.events());
      e2e.put("seconds", full.wallSeconds());
      e2e.put("events_per_second", eventsPerSecond);
      e2e.put("calls_per_second", full.callsPerSecond());
      e2e.put("events_per_call", full.events() / Math.max(1.0, full.offered()));
      e2e.put("steps_per_second", full.steps() / full.wallSeconds());
      e2e.put("rejected", full.rejected());
      e2e.put("mean_record_bytes", sample.meanValueBytes());

      RawProducer raw = new RawProducer(bootstrap, sample, run(workload, 0).start().toEpochMilli());
      say("throughput: raw producer, " + full.events() + " records as fast as it can");
      CpuMeter rawMeter = new CpuMeter("raw producer").start();
      double rawPerSecond = raw.throughput(full.events());
      Map<String, Double> rawCpu = rawMeter.perUnit(full.events());
      Map<String, Double> rawAllocated = rawMeter.allocatedPerUnit(full.events());
      ObjectNode reference = results.putObject("raw_producer");
      reference.put("records_per_second", rawPerSecond);
      ObjectNode cpuNode = results.putObject("cpu_us_per_event");
      cpu.forEach(cpuNode.putObject("end_to_end")::put);
      rawCpu.forEach(cpuNode.putObject("raw_producer")::put);
      cpuNode.put("ratio", rawCpu.get("process") / cpu.get("process"));
      ObjectNode allocationNode = results.putObject("allocated_bytes_per_event");
      allocated.forEach(allocationNode.putObject("end_to_end")::put);
      rawAllocated.forEach(allocationNode.putObject("raw_producer")::put);
      results.put("throughput_ratio", eventsPerSecond / rawPerSecond);

      double virtualRate = full.events() / full.virtualSeconds();
      double speed = rate / virtualRate;
      say(
          String.format(
              Locale.ROOT,
              "latency: simulator paced to %,d events/s (speed %.1f) for %d s",
              rate,
              speed,
              duration));
      Histogram e2eLatency = new ConcurrentHistogram(3);
      Histogram visible = new ConcurrentHistogram(3);
      AtomicBoolean measuring = new AtomicBoolean();
      visibleWaits =
          nanos -> {
            if (measuring.get()) {
              visible.recordValue(nanos);
            }
          };
      AtomicLong counted = new AtomicLong();
      long skip = Math.min(5, duration / 4);
      timer.schedule(() -> measuring.set(true), skip, TimeUnit.SECONDS);
      runFor(
          run(workload, 2),
          publishing.listened(
              (t, step, outcome) -> {
                if (measuring.get()) {
                  counted.addAndGet(outcome.published().size());
                }
              }),
          duration,
          new TrafficSimulator.Options()
              .maxInFlight(maxInFlight)
              .speed(speed)
              .latency(
                  nanos -> {
                    if (measuring.get()) {
                      e2eLatency.recordValue(nanos);
                    }
                  }));
      measuring.set(false);
      publishing.finish();
      // every acknowledgement is in (the run waits for them); a copy keeps the figures fixed
      Histogram e2eMeasured = e2eLatency.copy();
      ObjectNode latency = results.putObject("latency");
      latency.put("offered_events_per_second", rate);
      latency.put("measured_events_per_second", counted.get() / (double) (duration - skip));
      putPercentiles(latency.putObject("end_to_end_ms"), e2eMeasured);
      if (visible.getTotalCount() > 0) {
        // cluster mode: a step is acknowledged once replicated; its events are visible to
        // read_committed consumers at the commit that follows
        putPercentiles(latency.putObject("visible_ms"), visible.copy());
      }

      say("latency: raw producer at " + rate + " records/s for " + duration + " s");
      Histogram rawLatency = raw.latency(rate, duration, skip);
      putPercentiles(latency.putObject("raw_producer_ms"), rawLatency);
      latency.put(
          "p99_ratio",
          e2eMeasured.getValueAtPercentile(99) / (double) rawLatency.getValueAtPercentile(99));
      raw.close();
    }
  }

  /**
   * Run {@code n} of the workload: a seed of its own, and a start at least a week in the past. A
   * run at full speed covers hours of virtual time in a minute, and Kafka refuses records more than
   * an hour ahead of its clock.
   */
  private static TrafficConfig run(TrafficConfig workload, int n) {
    Instant latest = Instant.now().minus(Duration.ofDays(7));
    return workload.toBuilder()
        .seed(workload.seed() + n)
        .start(workload.start().isAfter(latest) ? latest : workload.start())
        .build();
  }

  /** The publishing path of a run: builds the simulator's tenants on it, and ends it. */
  private interface Publishing extends TrafficSimulator.TenantsFactory {
    /** Ends what the last run opened; nothing by default. */
    default void finish() {}

    /** The same path, with {@code listener} told of every step of the run. */
    default TrafficSimulator.TenantsFactory listened(Tenants.Listener listener) {
      return (tenant, clock, ids) -> {
        Tenants tenants = create(tenant, clock, ids);
        tenants.addListener(listener);
        return tenants;
      };
    }
  }

  /**
   * The service's path: every step journaled and synced ({@link DurableTenants}), then published
   * from the journal ({@link JournalPublisher}). A step counts as acknowledged once its events are
   * on Kafka. Each run has a journal of its own.
   */
  private final class Journaled implements Publishing {
    private final String bootstrap;
    private final Path dir;
    private int runs;
    private DurableTenants durable;
    private JournalPublisher publisher;
    private ScheduledFuture<?> watch;

    Journaled(String bootstrap, Path dir) {
      this.bootstrap = bootstrap;
      this.dir = dir;
    }

    @Override
    public Tenants create(
        TenantConfig tenant, InstantSource clock, Function<String, IdSource> ids) {
      durable =
          DurableTenants.open(
              JournalSettings.of(dir.resolve("journal-" + ++runs)),
              List.of(tenant),
              clock,
              ids,
              RecordKeys.keying());
      durable.sink().acknowledge(JournalSink.Acknowledge.PUBLISHED);
      publisher =
          JournalPublisher.start(
              durable.journal(), bootstrap, Map.of(), topics, 6, Optional.empty());
      // connected before the first step: a publisher that starts with steps in its journal looks
      // for them on Kafka first (after a crash they may be there), which a benchmark need not pay
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!publisher.stats().connected()) {
        if (System.nanoTime() > deadline) {
          throw new HarnessFailure(
              "the journal's publisher cannot reach Kafka at "
                  + bootstrap
                  + ": "
                  + publisher.stats().lastError().orElse("no answer in 60 s"));
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      JournalPublisher watched = publisher;
      AtomicLong errors = new AtomicLong();
      // the run waits for Kafka's acknowledgements: say so if they stop coming
      watch =
          timer.scheduleWithFixedDelay(
              () -> {
                long now = watched.stats().errors();
                if (now > errors.getAndSet(now)) {
                  say(
                      "the journal's publisher failed, retrying: "
                          + watched.stats().lastError().orElse("?"));
                }
              },
              1,
              1,
              TimeUnit.SECONDS);
      return durable.tenants();
    }

    @Override
    public void finish() {
      if (publisher != null) {
        watch.cancel(false);
        publisher.close();
        durable.close();
        publisher = null;
        durable = null;
      }
    }
  }

  /**
   * Cluster mode's path: the tenant served by one instance of a cluster of its own (a new step log
   * per run), each step replicated in Kafka with its events before it is acknowledged.
   */
  private final class Clustered implements Publishing {
    private final String bootstrap;
    private final String name = "bench" + UUID.randomUUID().toString().substring(0, 8);
    private int runs;
    private ClusterNode node;

    Clustered(String bootstrap) {
      this.bootstrap = bootstrap;
    }

    @Override
    public Tenants create(
        TenantConfig tenant, InstantSource clock, Function<String, IdSource> ids) {
      ClusterSettings settings =
          ClusterSettings.of(name + "-" + ++runs, "bench", bootstrap, topics, "127.0.0.1:0")
              .withPartitions(1)
              .withCommitInterval(java.time.Duration.ofMillis(commitIntervalMs));
      node = ClusterNode.start(settings, List.of(tenant), clock, ids, RecordKeys.keying(), t -> {});
      node.onVisible(nanos -> visibleWaits.accept(nanos));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (node.locate(tenant.tenant()).kind() != ClusterNode.Location.Kind.LOCAL) {
        if (System.nanoTime() > deadline) {
          throw new HarnessFailure(
              "the cluster instance did not take tenant "
                  + tenant.tenant()
                  + " over within 60 s: "
                  + node.health());
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
      }
      return node.tenants();
    }

    @Override
    public void finish() {
      if (node != null) {
        node.close();
        node = null;
      }
    }
  }

  private SimulationReport runFor(
      TrafficConfig workload,
      TrafficSimulator.TenantsFactory tenants,
      int seconds,
      TrafficSimulator.Options options) {
    TrafficSimulator simulator = TrafficSimulator.standalone(workload, tenants, options);
    timer.schedule(simulator::stop, seconds, TimeUnit.SECONDS);
    try {
      return simulator.run();
    } catch (IllegalStateException e) {
      throw new HarnessFailure("the benchmark stopped: " + e.getMessage(), e);
    }
  }

  private static void putPercentiles(ObjectNode node, Histogram h) {
    node.put("count", h.getTotalCount());
    node.put("p50", h.getValueAtPercentile(50) / 1e6);
    node.put("p99", h.getValueAtPercentile(99) / 1e6);
    node.put("p99_9", h.getValueAtPercentile(99.9) / 1e6);
    node.put("max", h.getMaxValue() / 1e6);
  }

  // ---------------------------------------------------------------- the engine alone

  /**
   * The engine alone, the engine with JSON encoding, and plain Jackson encoding the same events, on
   * this thread, in interleaved rounds of a second, so that a change of load on the machine touches
   * all three alike; the medians are reported.
   */
  private void encoding(ObjectNode results) {
    say("engine alone, engine with JSON, plain Jackson: " + rounds + " interleaved rounds of 1 s");
    CallCycle cycle = new CallCycle(1_000);
    EventJson json = new EventJson();
    ObjectMapper jackson = new ObjectMapper();
    List<Map<String, Object>> plain = cycle.events().stream().map(PlainJson::of).toList();
    long[] sink = {0};
    LongSupplier engineRound = () -> cycle.run(e -> sink[0]++);
    LongSupplier jsonRound = () -> cycle.run(e -> sink[0] += json.encode(e).length);
    LongSupplier jacksonRound =
        () -> {
          try {
            for (Map<String, Object> event : plain) {
              sink[0] += jackson.writeValueAsBytes(event).length;
            }
          } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain Jackson failed", e);
          }
          return plain.size();
        };
    List<LongSupplier> kinds = List.of(engineRound, jsonRound, jacksonRound);
    int warm = Math.max(3, rounds / 3);
    double[][] rates = new double[3][rounds];
    for (int r = -warm; r < rounds; r++) {
      for (int k = 0; k < 3; k++) {
        double rate = eventsPerSecond(kinds.get(k), 1_000_000_000L);
        if (r >= 0) {
          rates[k][r] = rate;
        }
      }
    }
    ObjectNode node = results.putObject("engine");
    node.put("events_per_call", plain.size());
    node.put("engine_events_per_second", median(rates[0]));
    node.put("engine_with_json_events_per_second", median(rates[1]));
    node.put("plain_jackson_events_per_second", median(rates[2]));
    node.put("json_ratio", median(rates[1]) / median(rates[2]));
    consumed = sink[0];
  }

  /** Runs {@code round} (which returns the events it made) for {@code nanos}; events a second. */
  private static double eventsPerSecond(LongSupplier round, long nanos) {
    long start = System.nanoTime();
    long end = start + nanos;
    long events = 0;
    long now;
    do {
      events += round.getAsLong();
      now = System.nanoTime();
    } while (now < end);
    return events / ((now - start) / 1e9);
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  // ---------------------------------------------------------------- heap

  private void heap(ObjectNode results) {
    say("heap: " + heapAgents + " agents logged in, " + heapCalls + " calls in progress");
    int queues = 10;
    List<DirectoryEntry> directory = new ArrayList<>();
    for (int q = 0; q < queues; q++) {
      directory.add(new DirectoryEntry(Integer.toString(7001 + q), DNType.ACDQueue));
    }
    for (int a = 0; a < heapAgents; a++) {
      directory.add(new DirectoryEntry(Integer.toString(1_000_000 + a), DNType.Extension));
    }
    long before = usedAfterGc();
    long start = System.nanoTime();
    Tenants tenants =
        new Tenants(
            List.of(TenantConfig.of("heap", directory)),
            Clock.systemUTC(),
            t -> IdSource.sequential(1L << 40),
            (tenant, events) -> CompletableFuture.completedFuture(null));
    for (int a = 0; a < heapAgents; a++) {
      tenants.submit(
          "heap",
          new RequestAgentLogin(
              Integer.toString(1_000_000 + a),
              "agent" + (a + 1),
              Optional.of(Integer.toString(7001 + a % queues)),
              AgentWorkMode.AutoIn,
              RequestAttributes.NONE));
    }
    KVList userData = KVList.of("Segment", "Gold", "AccountNumber", "4400123", "Reason", "billing");
    int inProgress = 0;
    for (int c = 0; c < heapCalls; c++) {
      Outcome arrived =
          tenants
              .submit(
                  "heap",
                  new InboundCall(
                      "+1" + (4_155_550_000L + c), Integer.toString(7001 + c % queues), userData))
              .join();
      Optional<String> agent =
          arrived.deliveries().stream()
              .filter(d -> d.event().type() == EventType.EventRinging)
              .map(Delivery::party)
              .findFirst();
      if (agent.isPresent() && arrived.connId().isPresent()) {
        Outcome answered =
            tenants
                .submit(
                    "heap",
                    new RequestAnswerCall(
                        agent.get(), arrived.connId().get(), RequestAttributes.NONE))
                .join();
        if (!answered.rejected()) {
          inProgress++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    long after = usedAfterGc();
    int calls = tenants.engine("heap").orElseThrow().callsInProgress();
    ObjectNode heap = results.putObject("heap");
    heap.put("agents", heapAgents);
    heap.put("calls_in_progress", calls);
    heap.put("answered", inProgress);
    heap.put("state_mib", (after - before) / (double) (1 << 20));
    heap.put("used_after_gc_mib", after / (double) (1 << 20));
    heap.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
    heap.put("setup_seconds", seconds);
    // keep the state reachable until it has been measured
    java.lang.ref.Reference.reachabilityFence(tenants);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  // ---------------------------------------------------------------- output

  private String text(ObjectNode r) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Switchboard bench, %s, Java %s, %d cores, max heap %d MiB, load average %.2f at start%n%n",
            r.path("date").asText(),
            r.path("java").asText(),
            r.path("cores").asInt(),
            r.path("max_heap_mib").asLong(),
            r.path("load_average").asDouble()));
    if (r.has("engine")) {
      var e = r.path("engine");
      row(
          s,
          "engine alone, events/s (1 core)",
          "%,.0f; with JSON %,.0f",
          e.path("engine_events_per_second").asDouble(),
          e.path("engine_with_json_events_per_second").asDouble(),
          "plain Jackson on the same events %,.0f; ratio %.2f (target >= 0.50)",
          e.path("plain_jackson_events_per_second").asDouble(),
          e.path("json_ratio").asDouble());
    }
    if (r.has("end_to_end")) {
      var e = r.path("end_to_end");
      var raw = r.path("raw_producer");
      var l = r.path("latency");
      s.append(
          String.format(
              Locale.ROOT,
              "path: %s%n",
              switch (r.path("path").asText()) {
                case "journal" ->
                    "journal (every step journaled and synced, then published from the journal)";
                case "cluster" ->
                    "cluster (every step replicated in Kafka with its events before it is"
                        + " acknowledged, committed every "
                        + r.path("commit_interval_ms").asLong()
                        + " ms in shared transactions)";
                default -> "direct (events sent to Kafka as the engine makes them, no journal)";
              }));
      row(
          s,
          "end to end, events/s",
          "%,.0f",
          e.path("events_per_second").asDouble(),
          "raw producer %,.0f records/s; ratio %.2f (target >= 0.80)",
          raw.path("records_per_second").asDouble(),
          r.path("throughput_ratio").asDouble());
      row(
          s,
          "end to end, calls/s",
          "%,.0f",
          e.path("calls_per_second").asDouble(),
          "%.1f events a call, %.0f bytes a record (target >= 5,000 calls/s)",
          e.path("events_per_call").asDouble(),
          e.path("mean_record_bytes").asDouble());
      var c = r.path("cpu_us_per_event");
      row(
          s,
          "CPU, µs an event",
          "%.1f (%.2f cores)",
          c.path("end_to_end").path("process").asDouble(),
          c.path("end_to_end").path("cores").asDouble(),
          "raw producer %.1f a record (%.2f cores); ratio %.2f",
          c.path("raw_producer").path("process").asDouble(),
          c.path("raw_producer").path("cores").asDouble(),
          c.path("ratio").asDouble());
      for (String side : List.of("end_to_end", "raw_producer")) {
        StringBuilder parts = new StringBuilder();
        c.path(side)
            .fields()
            .forEachRemaining(
                f -> {
                  if (!f.getKey().equals("process") && !f.getKey().equals("cores")) {
                    parts.append(
                        String.format(
                            Locale.ROOT,
                            "%s%s %.2f",
                            parts.length() == 0 ? "" : ", ",
                            f.getKey(),
                            f.getValue().asDouble()));
                  }
                });
        s.append(String.format(Locale.ROOT, "  %s: %s%n", side.replace('_', ' '), parts));
      }
      var a = r.path("allocated_bytes_per_event");
      row(
          s,
          "allocated, bytes an event",
          "%,.0f",
          a.path("end_to_end").path("total").asDouble(),
          "raw producer %,.0f a record",
          a.path("raw_producer").path("total").asDouble());
      var el = l.path("end_to_end_ms");
      var rl = l.path("raw_producer_ms");
      row(
          s,
          String.format(
              Locale.ROOT,
              "latency at %,d events/s, ms",
              l.path("offered_events_per_second").asInt()),
          "p50 %.2f, p99 %.2f, p99.9 %.2f",
          el.path("p50").asDouble(),
          el.path("p99").asDouble(),
          el.path("p99_9").asDouble(),
          "raw producer p50 %.2f, p99 %.2f, p99.9 %.2f; p99 ratio %.2f (target <= 1.5)",
          rl.path("p50").asDouble(),
          rl.path("p99").asDouble(),
          rl.path("p99_9").asDouble(),
          l.path("p99_ratio").asDouble());
      if (l.has("visible_ms")) {
        var vl = l.path("visible_ms");
        s.append(
            String.format(
                Locale.ROOT,
                "  events visible to read_committed consumers after, ms: p50 %.2f, p99 %.2f,"
                    + " p99.9 %.2f (accepted to committed)%n",
                vl.path("p50").asDouble(),
                vl.path("p99").asDouble(),
                vl.path("p99_9").asDouble()));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "  (measured %,.0f events/s offered by the paced simulator)%n",
              l.path("measured_events_per_second").asDouble()));
    }
    if (r.has("heap")) {
      var h = r.path("heap");
      row(
          s,
          String.format(
              Locale.ROOT,
              "heap, %,d agents + %,d calls",
              h.path("agents").asInt(),
              h.path("calls_in_progress").asInt()),
          "%.0f MiB",
          h.path("state_mib").asDouble(),
          "used after GC %.0f of %d MiB (target: within 1,024 MiB)",
          h.path("used_after_gc_mib").asDouble(),
          h.path("max_heap_mib").asLong());
    }
    return s.toString();
  }

  private static void row(StringBuilder s, String label, String format, Object... args) {
    int split = count(format);
    Object[] first = java.util.Arrays.copyOfRange(args, 0, split);
    String rest = (String) args[split];
    Object[] second = java.util.Arrays.copyOfRange(args, split + 1, args.length);
    s.append(
        String.format(
            Locale.ROOT, "%-34s %s%n", label + ":", String.format(Locale.ROOT, format, first)));
    s.append(
        String.format(Locale.ROOT, "%-34s %s%n", "", String.format(Locale.ROOT, rest, second)));
  }

  private static int count(String format) {
    int n = 0;
    for (int i = 0; i < format.length(); i++) {
      if (format.charAt(i) == '%' && i + 1 < format.length() && format.charAt(i + 1) != '%') {
        n++;
      }
    }
    return n;
  }

  private void say(String what) {
    err.println("bench: " + what);
    err.flush();
  }
}
