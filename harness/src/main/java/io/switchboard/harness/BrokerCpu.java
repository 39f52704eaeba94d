package io.switchboard.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.kafka.LocalKafkaCluster;

/**
 * The CPU time of the brokers' processes that the benchmark started ({@link LocalKafkaCluster}):
 * what Kafka spent on a run, which neither side's {@link CpuMeter} counts. Brokers it did not start
 * are not its to read: then every figure is left out.
 */
final class BrokerCpu {

  private final LocalKafkaCluster brokers;

  /**
   * @param brokers the brokers the benchmark started; null when it did not start them
   */
  BrokerCpu(LocalKafkaCluster brokers) {
    this.brokers = brokers;
  }

  /** From now on. */
  Mark mark() {
    return new Mark(cpuNanos(), System.nanoTime());
  }

  private long cpuNanos() {
    return brokers == null ? 0 : brokers.cpuTime().toNanos();
  }

  /** A starting point: the brokers' CPU time and the wall clock then. */
  final class Mark {
    private final long cpuStart;
    private final long wallStart;

    private Mark(long cpuStart, long wallStart) {
      this.cpuStart = cpuStart;
      this.wallStart = wallStart;
    }

    /** Puts the cores the brokers kept busy since the mark, on average, as {@code field}. */
    void putCores(ObjectNode node, String field) {
      if (brokers != null) {
        node.put(field, cores(cpuNanos() - cpuStart));
      }
    }

    /**
     * Puts the brokers' CPU since the mark, in µs per unit and in cores, as {@code
     * broker_cpu.<side>} of {@code results}.
     */
    void put(ObjectNode results, String side, long units) {
      if (brokers != null) {
        long cpu = cpuNanos() - cpuStart;
        ObjectNode node = results.with("broker_cpu").putObject(side);
        node.put("us", cpu / 1e3 / Math.max(1, units));
        node.put("cores", cores(cpu));
      }
    }

    private double cores(long cpu) {
      return cpu / (double) Math.max(1, System.nanoTime() - wallStart);
    }
  }
}
