package io.switchboard.bench;

import io.switchboard.json.EventJson;
import io.switchboard.sim.traffic.CallCycle;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The engine alone, on one core: complete calls ({@link CallCycle}) per second, and the published
 * events per second they make (the {@code events} counter). {@code callWithJson} also encodes every
 * published event as its Kafka record value, which is the engine's share of the publishing path.
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the allocation per call; divided by the
 * events per call (printed at setup) it is the allocation per event.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
@State(Scope.Thread)
public class EngineBenchmark {

  /** Agents logged in to the queue: the availability index must not slow down with many. */
  @Param({"100", "10000"})
  public int agents;

  private CallCycle cycle;
  private final EventJson json = new EventJson();

  /** Published events, reported per second beside the calls. */
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
  public void setUp() {
    cycle = new CallCycle(agents);
    System.out.println("events per call: " + cycle.run(e -> {}));
  }

  @Benchmark
  public void call(Events counter, Blackhole blackhole) {
    counter.events += cycle.run(blackhole::consume);
  }

  @Benchmark
  public void callWithJson(Events counter, Blackhole blackhole) {
    counter.events += cycle.run(e -> blackhole.consume(json.encode(e)));
  }
}
