package io.switchboard.harness;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.EventJson;
import io.switchboard.sim.traffic.CallCycle;
import io.switchboard.sim.traffic.PlainJson;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The engine alone ({@link CallCycle}, one core), the engine with JSON encoding, and plain Jackson
 * writing the same events ({@link PlainJson}): events a second of each, without Kafka.
 */
final class EngineRounds {

  private final int rounds;
  private final Consumer<String> say;

  /** What the rounds produced, kept so that the JIT cannot discard the work. */
  private volatile long consumed;

  /**
   * @param rounds rounds of one second of each
   * @param say told what it does
   */
  EngineRounds(int rounds, Consumer<String> say) {
    this.rounds = rounds;
    this.say = say;
  }

  /**
   * The engine alone, the engine with JSON encoding, and plain Jackson encoding the same events, on
   * this thread, in interleaved rounds of a second, so that a change of load on the machine touches
   * all three alike; the medians are reported.
   */
  void measure(ObjectNode results) {
    say.accept(
        "engine alone, engine with JSON, plain Jackson: " + rounds + " interleaved rounds of 1 s");
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
    Arrays.sort(sorted);
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
