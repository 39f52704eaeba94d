package io.switchboard.wallboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SplittableRandom;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The statistics computed from the records of a simulated run equal the simulator's own report for
 * the same run: offered, answered and abandoned exactly; the average speed of answer and the
 * service level to the rounding. The run has two queues, an IVR, callers who give up (some while
 * ringing), holds, conferences and after-call work; transfers are left out because the simulator
 * reports a transferred call once, at its first queue, where the queue statistics count it at each
 * queue.
 */
@Timeout(180)
class StatisticsGroundTruthTest {

  private static final TrafficConfig RUN =
      TrafficConfig.demo().toBuilder()
          .transferShare(0)
          .duration(Optional.empty())
          .calls(2_000)
          .build();

  @TempDir Path stateDir;

  @Test
  void theFiguresFromTheTopicsEqualTheSimulatorsReport() throws IOException {
    SimulatedRun run = SimulatedRun.of(RUN);
    SimulationReport report = run.report();
    assertThat(report.rejected()).isZero();
    assertThat(report.abandoned()).isPositive();

    try (TopologyTestDriver driver = driver()) {
      pipe(driver, run.records(), 0);
      Totals totals = totals(driver);

      assertThat(totals.queues).containsExactlyInAnyOrder("7001", "7002");
      assertThat(totals.offered).isEqualTo(report.offered());
      assertThat(totals.answered).isEqualTo(report.answered());
      assertThat(totals.abandoned).isEqualTo(report.abandoned());
      assertThat(totals.abandonedWhileRinging).isPositive().isLessThan(totals.abandoned);
      assertThat(totals.waitMicros / 1e6 / totals.answered)
          .isCloseTo(report.asaSeconds(), within(0.0005));
      assertThat(totals.within / (double) totals.offered)
          .isCloseTo(report.serviceLevel(), within(0.0005));
      assertThat(totals.waiting).as("calls still waiting at the end").isZero();
      assertThat(totals.callsInProgress).as("calls in progress at the end").isZero();
      assertThat(totals.handledByAgents).isEqualTo(report.answered());
      assertThat(totals.talking).as("agents still talking at the end").isZero();
    }
  }

  @Test
  void duplicatedRecordsChangeNothing() throws IOException {
    SimulatedRun run = SimulatedRun.of(RUN.withCalls(500));
    Totals once;
    try (TopologyTestDriver driver = driver()) {
      pipe(driver, run.records(), 0);
      once = totals(driver);
    }
    Totals twice;
    try (TopologyTestDriver driver =
        new TopologyTestDriver(topology(), config(stateDir.resolve("b")))) {
      // a tenth of the records published again right after themselves, as a producer's retry does
      pipe(driver, run.records(), 0.1);
      twice = totals(driver);
    }
    assertThat(once.offered).isEqualTo(run.report().offered());
    assertThat(twice).isEqualTo(once);
  }

  @Test
  void voiceStatsHoldsTheLatestFiguresOfEveryAgentQueueAndCall() throws IOException {
    SimulatedRun run = SimulatedRun.of(RUN.withCalls(300));
    try (TopologyTestDriver driver = driver()) {
      TestOutputTopic<String, byte[]> stats =
          driver.createOutputTopic(
              "voice-stats", new StringDeserializer(), new ByteArrayDeserializer());
      pipe(driver, run.records(), 0);
      Map<String, byte[]> latest = new HashMap<>();
      for (KeyValue<String, byte[]> kv : stats.readKeyValuesToList()) {
        latest.put(kv.key, kv.value);
      }
      // compaction keeps the last value per key: ended calls are tombstones
      assertThat(latest.entrySet().stream().filter(e -> e.getKey().startsWith("sim:call:")))
          .allSatisfy(e -> assertThat(e.getValue()).isNull());
      JsonNode queue = Mapper.JSON.readTree(latest.get("sim:queue:7001"));
      assertThat(queue.get("type").asText()).isEqualTo("queue");
      assertThat(queue.get("kind").asText()).isEqualTo("Queue");
      assertThat(queue.get("today").get("offered").asLong()).isPositive();
      JsonNode routingPoint = Mapper.JSON.readTree(latest.get("sim:queue:3000"));
      assertThat(routingPoint.get("kind").asText()).isEqualTo("RoutingPoint");
      JsonNode agent = Mapper.JSON.readTree(latest.get("sim:agent:agent1"));
      assertThat(agent.get("dn").asText()).isEqualTo("1000000");
      assertThat(agent.get("callsHandled").asLong()).isPositive();
      assertThat(latest.keySet()).anyMatch(k -> k.startsWith("sim:interval:7001:2026-01-05T08:"));
    }
  }

  private TopologyTestDriver driver() {
    return new TopologyTestDriver(topology(), config(stateDir.resolve("a")));
  }

  private static org.apache.kafka.streams.Topology topology() {
    return StatsTopology.build(
        WallboardSettings.of("unused:9092", Path.of("unused")), StatsListener.NONE);
  }

  private static Properties config(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wallboard-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    return p;
  }

  /** Pipes the records in order; {@code duplicates} of them are sent twice. */
  static void pipe(
      TopologyTestDriver driver, List<ProducerRecord<String, byte[]>> records, double duplicates) {
    Map<String, TestInputTopic<String, byte[]>> topics = new HashMap<>();
    SplittableRandom random = new SplittableRandom(7);
    for (ProducerRecord<String, byte[]> r : records) {
      TestInputTopic<String, byte[]> topic =
          topics.computeIfAbsent(
              r.topic(),
              name ->
                  driver.createInputTopic(name, new StringSerializer(), new ByteArraySerializer()));
      TestRecord<String, byte[]> record =
          new TestRecord<>(r.key(), r.value(), r.headers(), r.timestamp());
      topic.pipeInput(record);
      if (duplicates > 0 && random.nextDouble() < duplicates) {
        topic.pipeInput(record);
      }
    }
  }

  record Totals(
      List<String> queues,
      long offered,
      long answered,
      long abandoned,
      long abandonedWhileRinging,
      long within,
      long waitMicros,
      long waiting,
      long callsInProgress,
      long handledByAgents,
      long talking) {}

  static Totals totals(TopologyTestDriver driver) {
    KeyValueStore<String, byte[]> queues = driver.getKeyValueStore(StatsTopology.QUEUES_STORE);
    List<String> names = new ArrayList<>();
    long offered = 0, answered = 0, abandoned = 0, ringing = 0, within = 0, wait = 0, waiting = 0;
    try (KeyValueIterator<String, byte[]> all = queues.all()) {
      while (all.hasNext()) {
        QueueStats q = StatsProcessor.read(all.next().value, QueueStats.class);
        if (!q.kind.equals(QueueStats.QUEUE)) {
          continue;
        }
        names.add(q.queue);
        offered += q.today.offered;
        answered += q.today.answered;
        abandoned += q.today.abandoned;
        ringing += q.today.abandonedWhileRinging;
        within += q.today.answeredWithinThreshold;
        wait += q.today.waitMicros;
        waiting += q.waiting.size();
      }
    }
    long calls = 0;
    try (KeyValueIterator<String, byte[]> all =
        driver.<String, byte[]>getKeyValueStore(StatsTopology.CALLS_STORE).all()) {
      while (all.hasNext()) {
        all.next();
        calls++;
      }
    }
    long handled = 0, talking = 0;
    try (KeyValueIterator<String, byte[]> all =
        driver.<String, byte[]>getKeyValueStore(StatsTopology.AGENTS_STORE).all()) {
      while (all.hasNext()) {
        AgentStats a = StatsProcessor.read(all.next().value, AgentStats.class);
        handled += a.handled;
        if (!a.calls.isEmpty()) {
          talking++;
        }
      }
    }
    names.sort(null);
    return new Totals(
        names, offered, answered, abandoned, ringing, within, wait, waiting, calls, handled,
        talking);
  }
}
