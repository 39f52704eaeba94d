package io.switchboard.harness;

import io.switchboard.kafka.KafkaEventSink;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import io.switchboard.sim.traffic.TrafficSimulator;
import io.switchboard.wallboard.Wallboard;
import io.switchboard.wallboard.WallboardSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * {@code switchboard wallboard-bench}: how fast the wallboard's statistics consume the topics, on
 * the broker it is given. Two phases, with the workload of {@code switchboard bench}:
 *
 * <ol>
 *   <li><b>Catch-up</b>: the simulator publishes {@code --calls} calls at full speed; then the
 *       statistics start and read them all. Events per second consumed, from the first event
 *       applied to the last.
 *   <li><b>Live</b>: the simulator in real time at {@code --scale} times the workload's rate
 *       (agents and arrivals both) for {@code --live} seconds; for every event, the lag from its
 *       time to the instant the statistics applied it (the first 5 s dropped).
 * </ol>
 */
public final class WallboardBench {

  private final long calls;
  private final int liveSeconds;
  private final int scale;
  private final PrintWriter out;

  /**
   * @param calls calls published before the statistics start
   * @param liveSeconds the length of the live phase
   * @param scale the live traffic: that many times the workload of {@code switchboard bench}
   * @param out where the figures, and what it does, are printed
   */
  public WallboardBench(long calls, int liveSeconds, int scale, PrintWriter out) {
    this.calls = calls;
    this.liveSeconds = liveSeconds;
    this.scale = scale;
    this.out = out;
  }

  /**
   * Runs both phases on the broker at {@code bootstrap}, publishing through {@code sink} (asked
   * when the first phase starts), the statistics' state in {@code stateDir}.
   *
   * @throws HarnessFailure if the statistics fall behind, or the live simulation does not stop
   */
  public void run(String bootstrap, Supplier<KafkaEventSink> sink, Path stateDir)
      throws InterruptedException {
    out.printf(Locale.ROOT, "load average at the start: %.2f%n", loadAverage());
    // catch-up: publish, then read it all
    TrafficConfig catchUp =
        BenchWorkload.defaults().toBuilder()
            .tenant("bench-catchup")
            .start(Instant.now().minus(Duration.ofHours(6)))
            .calls(calls)
            .duration(Optional.empty())
            .build();
    say(out, "publishing " + calls + " calls at full speed");
    SimulationReport published =
        TrafficSimulator.standalone(
                catchUp, sink.get(), new TrafficSimulator.Options().maxInFlight(50_000))
            .run();
    sink.get().flush();
    say(
        out,
        String.format(
            Locale.ROOT, "%,d events on Kafka; starting the statistics", published.events()));
    AtomicLong first = new AtomicLong();
    AtomicLong last = new AtomicLong();
    WallboardSettings settings = WallboardSettings.of(bootstrap, stateDir);
    try (Wallboard wallboard = Wallboard.start(settings)) {
      wallboard.observe(
          (tenant, time) -> {
            long now = System.nanoTime();
            first.compareAndSet(0, now);
            last.set(now);
          });
      waitFor(wallboard, published.events(), Duration.ofMinutes(20));
      double seconds = (last.get() - first.get()) / 1e9;
      out.printf(
          Locale.ROOT,
          "catch-up: %,d events applied in %.1f s: %,.0f events/s (%,.0f calls/s)%n",
          wallboard.eventsApplied(),
          seconds,
          published.events() / seconds,
          published.offered() / seconds);

      // live: real time, lag from event time to applied
      TrafficConfig base = BenchWorkload.defaults();
      TrafficConfig live =
          base.toBuilder()
              .tenant("bench-live")
              .start(Instant.now())
              .queues(
                  base.queues().stream()
                      .map(
                          q ->
                              new TrafficConfig.QueueConfig(
                                  q.name(), q.callsPerHour() * scale, q.handleTime(), q.patience()))
                      .toList())
              .agents(
                  base.agents().stream()
                      .map(g -> new TrafficConfig.AgentGroup(g.count() * scale, g.queues()))
                      .toList())
              .calls(0)
              .build();
      long[] lags = new long[1 << 22];
      AtomicLong count = new AtomicLong();
      long measureFrom = System.currentTimeMillis() + 5_000;
      wallboard.observe(
          (tenant, time) -> {
            long now = System.currentTimeMillis();
            if (tenant.equals("bench-live") && now >= measureFrom) {
              int i = (int) count.getAndIncrement();
              if (i < lags.length) {
                lags[i] = now - time;
              }
            }
          });
      long before = wallboard.eventsApplied();
      say(
          out,
          String.format(
              Locale.ROOT,
              "live: %,d agents, %,d calls an hour, in real time for %d s",
              live.agentCount(),
              Math.round(
                  live.queues().stream()
                      .mapToDouble(TrafficConfig.QueueConfig::callsPerHour)
                      .sum()),
              liveSeconds));
      // the calls of a real-time run last minutes: stop it (arrivals and all) after the phase
      TrafficSimulator liveSimulator =
          TrafficSimulator.standalone(
              live, sink.get(), new TrafficSimulator.Options().speed(1).maxInFlight(50_000));
      java.util.concurrent.CompletableFuture<SimulationReport> running =
          java.util.concurrent.CompletableFuture.supplyAsync(liveSimulator::run);
      Thread.sleep(liveSeconds * 1000L);
      liveSimulator.stop();
      SimulationReport liveReport;
      try {
        liveReport = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new HarnessFailure("the live simulation did not stop: " + e, e);
      }
      sink.get().flush();
      waitFor(wallboard, before + liveReport.events(), Duration.ofMinutes(2));
      int n = (int) Math.min(count.get(), lags.length);
      long[] sorted = Arrays.copyOf(lags, n);
      Arrays.sort(sorted);
      out.printf(
          Locale.ROOT,
          "live: %,d events (%,.0f events/s); lag from event time to applied, ms: p50 %d, p99 %d,"
              + " p99.9 %d, max %d%n",
          liveReport.events(),
          liveReport.events() / (double) liveSeconds,
          percentile(sorted, 0.50),
          percentile(sorted, 0.99),
          percentile(sorted, 0.999),
          n == 0 ? 0 : sorted[n - 1]);
    }
  }

  private static void waitFor(Wallboard wallboard, long events, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (wallboard.eventsApplied() < events) {
      if (System.nanoTime() > deadline) {
        throw new HarnessFailure(
            "the statistics applied "
                + wallboard.eventsApplied()
                + " of "
                + events
                + " events in "
                + limit.toSeconds()
                + " s (status "
                + wallboard.status()
                + ")");
      }
      Thread.sleep(50);
    }
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.floor(p * sorted.length))];
  }

  private static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static void say(PrintWriter out, String text) {
    out.println(text);
    out.flush();
  }
}
