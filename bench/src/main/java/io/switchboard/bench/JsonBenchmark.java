package io.switchboard.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import io.switchboard.sim.traffic.CallCycle;
import io.switchboard.sim.traffic.PlainJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Encoding the events of a call (the {@link CallCycle}'s) as JSON: with {@link EventJson}, as
 * Switchboard publishes them, and with plain Jackson databind writing the same content held in
 * ordinary maps (the reference: Jackson alone, with nothing of ours). Both give byte-for-byte the
 * same JSON; setup checks it. The {@code events} counter is events per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class JsonBenchmark {

  private List<Event> events;
  private List<Map<String, Object>> plain;
  private final EventJson json = new EventJson();
  private final ObjectMapper jackson = new ObjectMapper();

  /** Events encoded, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Events {
    public long events;

    @Setup(Level.Iteration)
    public void reset() {
      events = 0;
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws JsonProcessingException {
    events = new CallCycle(10).events();
    plain = new ArrayList<>();
    for (Event event : events) {
      Map<String, Object> map = PlainJson.of(event);
      if (!Arrays.equals(json.encode(event), jackson.writeValueAsBytes(map))) {
        throw new IllegalStateException(
            "the reference does not write the same JSON for " + event.name());
      }
      plain.add(map);
    }
    System.out.println("events per call: " + events.size());
  }

  @Benchmark
  public void eventJson(Events counter, Blackhole blackhole) {
    for (int i = 0; i < events.size(); i++) {
      blackhole.consume(json.encode(events.get(i)));
    }
    counter.events += events.size();
  }

  @Benchmark
  public void plainJackson(Events counter, Blackhole blackhole) throws JsonProcessingException {
    for (int i = 0; i < plain.size(); i++) {
      blackhole.consume(jackson.writeValueAsBytes(plain.get(i)));
    }
    counter.events += plain.size();
  }
}
