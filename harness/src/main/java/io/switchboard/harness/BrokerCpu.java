package io.switchboard.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.kafka.LocalKafkaCluster;

/**
 * The CPU time of the brokers' processes that the benchmark started ({@link LocalKafkaCluster}):
 * what Kafka spent on a run, which neither side's {@link CpuMeter} counts.
 */
final class BrokerCpu {

  private final LocalKafkaCluster brokers;

  BrokerCpu(LocalKafkaCluster brokers) {
    this.brokers = brokers;
  }

  /** From now on. */
  Mark mark() {
    return new Mark(brokers.cpuTime().toNanos(), System.nanoTime());
  }

  /** A starting point: the brokers' CPU time and the wall clock then. */
  final class Mark {
    private final long cpuStart;
    private final long wallStart;

    private Mark(long cpuStart, long wallStart) {
      this.cpuStart = cpuStart;
      this.wallStart = wallStart;
    }

    /** The cores the brokers kept busy since the mark, on average. */
    double cores() {
      return (brokers.cpuTime().toNanos() - cpuStart)
          / (double) Math.max(1, System.nanoTime() - wallStart);
    }

    /** Puts the brokers' CPU since the mark into {@code node}: µs per unit, and cores. */
    void put(ObjectNode node, long units) {
      long cpu = brokers.cpuTime().toNanos() - cpuStart;
      long wall = Math.max(1, System.nanoTime() - wallStart);
      node.put("us", cpu / 1e3 / Math.max(1, units));
      node.put("cores", cpu / (double) wall);
    }
  }
}
