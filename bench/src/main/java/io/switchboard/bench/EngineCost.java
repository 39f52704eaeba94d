package io.switchboard.bench;

import io.switchboard.sim.traffic.CallCycle;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

/**
 * What one complete call ({@link CallCycle}) costs the engine on its thread: CPU time and bytes
 * allocated, read from the JVM's per-thread accounting. A busy machine changes how fast a call goes
 * far more than what it costs, so this compares two versions of the engine where the JMH throughput
 * cannot: {@code java -cp bench/target/benchmarks.jar io.switchboard.bench.EngineCost 100}, run
 * alternately for each version.
 */
public final class EngineCost {
  private static final int WARM_UP = 300_000;
  private static final int ROUNDS = 10;
  private static final int PER_ROUND = 100_000;

  private static long events;

  private EngineCost() {}

  /** {@code args[0]}: the agents logged in to the queue (default 100). */
  public static void main(String[] args) {
    int agents = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    CallCycle cycle = new CallCycle(agents);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    for (int i = 0; i < WARM_UP; i++) {
      events += cycle.run(e -> events++);
    }
    double[] cpu = new double[ROUNDS];
    long allocated = threads.getThreadAllocatedBytes(thread);
    for (int round = 0; round < ROUNDS; round++) {
      long start = threads.getCurrentThreadCpuTime();
      for (int i = 0; i < PER_ROUND; i++) {
        events += cycle.run(e -> events++);
      }
      cpu[round] = (threads.getCurrentThreadCpuTime() - start) / (double) PER_ROUND;
    }
    allocated = threads.getThreadAllocatedBytes(thread) - allocated;
    Arrays.sort(cpu);
    System.out.printf(
        "%d agents: CPU per call %.0f ns (median of %d rounds; %.0f to %.0f), %.0f B allocated"
            + " per call (%d events)%n",
        agents,
        (cpu[ROUNDS / 2 - 1] + cpu[ROUNDS / 2]) / 2,
        ROUNDS,
        cpu[0],
        cpu[ROUNDS - 1],
        allocated / (double) (ROUNDS * PER_ROUND),
        events);
  }
}
