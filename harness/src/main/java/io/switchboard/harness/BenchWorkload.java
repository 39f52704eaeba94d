package io.switchboard.harness;

import io.switchboard.sim.traffic.Distribution;
import io.switchboard.sim.traffic.TrafficConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The simulated workload of {@code switchboard bench} and {@code switchboard wallboard-bench}:
 * theirs by default, or a file's. Its arrivals have no end: the measurements stop the simulator by
 * time.
 */
public final class BenchWorkload {

  private BenchWorkload() {}

  /**
   * The default workload: 1,000 agents in 10 queues at about 90% occupancy, an IVR treatment in
   * front, impatient callers, after-call work, and some holds, transfers and conferences.
   */
  public static TrafficConfig defaults() {
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
   * The workload of {@code file} (docs/simulator.md), its arrivals without end: the measurements
   * stop the simulator by time, so arrivals must not run out first.
   *
   * @throws IllegalArgumentException if the file is not a valid workload; the message says why
   */
  public static TrafficConfig read(Path file) throws IOException {
    TrafficConfig read = TrafficConfig.read(file);
    return read.toBuilder().calls(0).duration(Optional.of(Duration.ofDays(36_500))).build();
  }
}
