package io.switchboard.harness;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time spent by this process during a measurement, in total (garbage collection and the JIT
 * included) and by group of Java threads: the figure of a benchmark that a busy machine disturbs
 * least, since it counts what the work costs rather than how long it waited for a core.
 */
final class CpuMeter {

  /** The groups of threads, by the start of their names; the first that matches wins. */
  private static final Map<String, String> GROUPS = new LinkedHashMap<>();

  static {
    GROUPS.put("switchboard-journal-writer", "journal writer");
    GROUPS.put("switchboard-journal-acks", "journal acknowledgements");
    GROUPS.put("switchboard-publisher", "journal publisher");
    GROUPS.put("switchboard-kafka-acks", "sink acknowledgements");
    GROUPS.put("switchboard-commit", "cluster committers");
    GROUPS.put("switchboard-membership", "cluster membership");
    GROUPS.put("switchboard-takeover", "cluster membership");
    GROUPS.put("switchboard-instances", "cluster membership");
    GROUPS.put("switchboard-cluster-view", "cluster membership");
    GROUPS.put("kafka-producer-network-thread", "producer network thread");
    GROUPS.put("data-plane-kafka", "broker");
    GROUPS.put("kafka-", "broker");
    GROUPS.put("broker-", "broker");
    GROUPS.put("controller-", "broker");
    GROUPS.put("quorum-", "broker");
    GROUPS.put("raft-", "broker");
    GROUPS.put("ExpirationReaper", "broker");
  }

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final String caller;
  private long processStart;
  private long wallStart;
  private Map<Long, Long> threadStart = new HashMap<>();
  private Map<Long, Long> allocatedStart = new HashMap<>();

  /**
   * @param caller the group name of the thread that drives the measurement (the simulator's or the
   *     raw producer's)
   */
  CpuMeter(String caller) {
    this.caller = caller;
  }

  /** Starts (or restarts) measuring. */
  CpuMeter start() {
    wallStart = System.nanoTime();
    processStart = processCpuNanos();
    threadStart = threadCpu();
    allocatedStart = allocated();
    return this;
  }

  /**
   * The CPU time since {@link #start()}: the whole process's, then each group's, in microseconds
   * per unit of work; "other" holds what no Java thread accounts for (garbage collection, the JIT).
   */
  Map<String, Double> perUnit(long units) {
    long wall = System.nanoTime() - wallStart;
    long process = processCpuNanos() - processStart;
    Map<String, Long> byGroup = byGroup(threadStart, threadCpu());
    long javaThreads = byGroup.values().stream().mapToLong(Long::longValue).sum();
    Map<String, Double> result = new LinkedHashMap<>();
    result.put("cores", process / (double) wall);
    result.put("process", process / 1e3 / units);
    byGroup.forEach((group, nanos) -> result.put(group, nanos / 1e3 / units));
    result.put("other (GC, JIT, ended threads)", Math.max(0, process - javaThreads) / 1e3 / units);
    return result;
  }

  /**
   * What each group of live threads added between {@code start} and {@code now} (figures by thread
   * id), largest first.
   */
  private Map<String, Long> byGroup(Map<Long, Long> start, Map<Long, Long> now) {
    Map<String, Long> byGroup = new HashMap<>();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      Long end = info == null ? null : now.get(info.getThreadId());
      if (end != null) {
        long used = end - start.getOrDefault(info.getThreadId(), 0L);
        byGroup.merge(group(info.getThreadName()), used, Long::sum);
      }
    }
    Map<String, Long> sorted = new LinkedHashMap<>();
    byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> sorted.put(e.getKey(), e.getValue()));
    return sorted;
  }

  private String group(String thread) {
    if (thread.equals(Thread.currentThread().getName())) {
      return caller;
    }
    for (Map.Entry<String, String> g : GROUPS.entrySet()) {
      if (thread.startsWith(g.getKey())) {
        return g.getValue();
      }
    }
    return "other threads";
  }

  /** The bytes each group of threads allocated since {@link #start()}, per unit of work. */
  Map<String, Double> allocatedPerUnit(long units) {
    Map<String, Long> byGroup = byGroup(allocatedStart, allocated());
    Map<String, Double> result = new LinkedHashMap<>();
    result.put(
        "total", byGroup.values().stream().mapToLong(Long::longValue).sum() / (double) units);
    byGroup.forEach((group, bytes) -> result.put(group, bytes / (double) units));
    return result;
  }

  private Map<Long, Long> allocated() {
    Map<Long, Long> bytes = new HashMap<>();
    if (threads instanceof com.sun.management.ThreadMXBean sun) {
      for (long id : threads.getAllThreadIds()) {
        long b = sun.getThreadAllocatedBytes(id);
        if (b >= 0) {
          bytes.put(id, b);
        }
      }
    }
    return bytes;
  }

  private Map<Long, Long> threadCpu() {
    Map<Long, Long> cpu = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long t = threads.getThreadCpuTime(id);
      if (t >= 0) {
        cpu.put(id, t);
      }
    }
    return cpu;
  }

  private static long processCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }
}
