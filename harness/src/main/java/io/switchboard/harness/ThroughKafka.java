package io.switchboard.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.kafka.EmbeddedKafka;
import io.switchboard.kafka.KafkaEventSink;
import io.switchboard.kafka.LocalKafkaCluster;
import io.switchboard.kafka.TopicNames;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import io.switchboard.sim.traffic.TrafficSimulator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The measurements through Kafka, on one publishing path ({@link PublishingPath}), beside the raw
 * producer on the same brokers: a warm-up that samples the records published; throughput (events
 * and calls a second, CPU time and allocation per event, {@link CpuMeter}); the raw producer
 * sending as many of the sampled records ({@link RawProducer}); then latency at a fixed offered
 * rate, the simulator paced to it, then the raw producer at the same rate.
 */
final class ThroughKafka implements AutoCloseable {

  /** Topics of the benchmark's own: on a real cluster it must not write into the service's. */
  static final TopicNames TOPICS =
      new TopicNames("switchboard-bench-agentstate", "switchboard-bench-callthread");

  private final int warmup;
  private final int duration;
  private final int rate;
  private final int maxInFlight;
  private final String path;
  private final boolean journal;
  private final long commitIntervalMs;
  private final String kafka;
  private final TrafficConfig workload;
  private final Consumer<String> say;

  /**
   * Told, in cluster mode, how long each step waited between its acceptance and the commit that
   * made its events visible to read_committed consumers (nanoseconds).
   */
  private volatile LongConsumer visibleWaits = nanos -> {};

  private final TopicNames topics = TOPICS;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "switchboard-bench-timer");
            t.setDaemon(true);
            return t;
          });

  /**
   * @param say told what it does
   */
  ThroughKafka(Bench.Settings settings, TrafficConfig workload, Consumer<String> say) {
    this.warmup = settings.warmup();
    this.duration = settings.duration();
    this.rate = settings.rate();
    this.maxInFlight = settings.maxInFlight();
    this.path = settings.path();
    this.journal = path.equals("journal");
    this.commitIntervalMs = settings.commitIntervalMs();
    this.kafka = settings.kafka().orElse(null);
    this.workload = workload;
    this.say = say;
  }

  /**
   * Measures the path, the raw producer beside it, and their latency, into {@code results}; the
   * brokers started here keep their files in {@code dir}.
   *
   * @throws HarnessFailure if the path cannot start or stops under load
   */
  void measure(Path dir, ObjectNode results) throws InterruptedException {
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
      ClusteredPath cluster =
          clustered
              ? new ClusteredPath(
                  bootstrap, topics, commitIntervalMs, nanos -> visibleWaits.accept(nanos))
              : null;
      PublishingPath publishing =
          cluster != null
              ? cluster
              : journal
                  ? new JournaledPath(bootstrap, dir, topics, timer, this::say)
                  : PublishingPath.direct(sink);
      // the brokers' own processes, when they are started here: their CPU is in neither side's
      // process figure, and on a machine the brokers share, it is what limits both
      BrokerCpu brokerCpu = new BrokerCpu(brokers);
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
      BrokerCpu.Mark brokersAtFull = brokerCpu.mark();
      ProducerRequests requestsAtFull = ProducerRequests.mark();
      SimulationReport full =
          runFor(
              run(workload, 1),
              publishing,
              duration,
              new TrafficSimulator.Options().maxInFlight(maxInFlight));
      Map<String, Double> cpu = meter.perUnit(full.events());
      Map<String, Double> allocated = meter.allocatedPerUnit(full.events());
      ObjectNode requests = results.putObject("produce_requests");
      requestsAtFull.put(requests.putObject("end_to_end"));
      brokersAtFull.put(results, "end_to_end", full.events());
      publishing.finish();
      if (cluster != null) {
        results.put("transaction_version", cluster.transactionVersion());
      }
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
      BrokerCpu.Mark brokersAtRaw = brokerCpu.mark();
      ProducerRequests requestsAtRaw = ProducerRequests.mark();
      double rawPerSecond = raw.throughput(full.events());
      requestsAtRaw.put(requests.putObject("raw_producer"));
      brokersAtRaw.put(results, "raw_producer", full.events());
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
      BrokerCpu.Mark brokersPaced = brokerCpu.mark();
      ProducerRequests requestsPaced = ProducerRequests.mark();
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
      ObjectNode pacedRequests = results.putObject("paced_produce_requests");
      requestsPaced.put(pacedRequests.putObject("end_to_end"));
      publishing.finish();
      // every acknowledgement is in (the run waits for them); a copy keeps the figures fixed
      Histogram e2eMeasured = e2eLatency.copy();
      ObjectNode latency = results.putObject("latency");
      brokersPaced.putCores(latency, "broker_cores");
      latency.put("offered_events_per_second", rate);
      latency.put("measured_events_per_second", counted.get() / (double) (duration - skip));
      putPercentiles(latency.putObject("end_to_end_ms"), e2eMeasured);
      if (visible.getTotalCount() > 0) {
        // cluster mode: a step is acknowledged once replicated; its events are visible to
        // read_committed consumers at the commit that follows
        putPercentiles(latency.putObject("visible_ms"), visible.copy());
      }

      say("latency: raw producer at " + rate + " records/s for " + duration + " s");
      BrokerCpu.Mark brokersRawPaced = brokerCpu.mark();
      ProducerRequests requestsRawPaced = ProducerRequests.mark();
      Histogram rawLatency = raw.latency(rate, duration, skip);
      requestsRawPaced.put(pacedRequests.putObject("raw_producer"));
      brokersRawPaced.putCores(latency, "raw_producer_broker_cores");
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

  private void say(String what) {
    say.accept(what);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
