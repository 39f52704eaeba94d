package io.switchboard.app;

import io.switchboard.kafka.TopicNames;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import io.switchboard.sim.traffic.TrafficSimulator;
import io.switchboard.wallboard.Wallboard;
import io.switchboard.wallboard.WallboardSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard wallboard-bench}: how fast the wallboard's statistics consume the topics, on
 * the embedded broker. Two phases, with the workload of {@code switchboard bench}:
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
@Command(
    name = "wallboard-bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures how fast the wallboard's statistics keep up with the topics.",
      "On the embedded broker: events/s consumed when catching up, and the lag behind live",
      "traffic (docs/BENCHMARKS.md)."
    })
final class WallboardBenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--calls",
      paramLabel = "N",
      defaultValue = "50000",
      description = "Calls published before the statistics start (default: ${DEFAULT-VALUE}).")
  long calls;

  @Option(
      names = "--live",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "Length of the live phase (default: ${DEFAULT-VALUE}).")
  int liveSeconds;

  @Option(
      names = "--scale",
      paramLabel = "K",
      defaultValue = "1",
      description =
          "The live traffic: K times the workload of 'switchboard bench' (1,000 agents, 18,000"
              + " calls an hour); default: ${DEFAULT-VALUE}.")
  int scale;

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (calls < 1 || liveSeconds < 10 || scale < 1) {
      throw new UserError("--calls must be 1 or more, --live 10 or more, --scale 1 or more");
    }
    PrintWriter out = spec.commandLine().getOut();
    Path dir = TemporaryDirectory.create("switchboard-wallboard-bench-");
    TopicNames topics = TopicNames.defaults();
    try (KafkaConnection kafka =
        KafkaConnection.open(
            Optional.empty(),
            dir.resolve("kafka"),
            0,
            Map.of(),
            topics,
            6,
            java.util.Optional.empty())) {
      out.printf(Locale.ROOT, "load average at the start: %.2f%n", loadAverage());
      // catch-up: publish, then read it all
      TrafficConfig catchUp =
          BenchCommand.defaultWorkload().toBuilder()
              .tenant("bench-catchup")
              .start(Instant.now().minus(Duration.ofHours(6)))
              .calls(calls)
              .duration(Optional.empty())
              .build();
      say(out, "publishing " + calls + " calls at full speed");
      SimulationReport published =
          TrafficSimulator.standalone(
                  catchUp, kafka.sink(), new TrafficSimulator.Options().maxInFlight(50_000))
              .run();
      kafka.sink().flush();
      say(
          out,
          String.format(
              Locale.ROOT, "%,d events on Kafka; starting the statistics", published.events()));
      AtomicLong first = new AtomicLong();
      AtomicLong last = new AtomicLong();
      WallboardSettings settings =
          WallboardSettings.of(kafka.bootstrap(), dir.resolve("wallboard"));
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
        TrafficConfig base = BenchCommand.defaultWorkload();
        TrafficConfig live =
            base.toBuilder()
                .tenant("bench-live")
                .start(Instant.now())
                .queues(
                    base.queues().stream()
                        .map(
                            q ->
                                new TrafficConfig.QueueConfig(
                                    q.name(),
                                    q.callsPerHour() * scale,
                                    q.handleTime(),
                                    q.patience()))
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
                live, kafka.sink(), new TrafficSimulator.Options().speed(1).maxInFlight(50_000));
        java.util.concurrent.CompletableFuture<SimulationReport> running =
            java.util.concurrent.CompletableFuture.supplyAsync(liveSimulator::run);
        Thread.sleep(liveSeconds * 1000L);
        liveSimulator.stop();
        SimulationReport liveReport;
        try {
          liveReport = running.get(60, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException
            | java.util.concurrent.TimeoutException e) {
          throw new UserError("the live simulation did not stop: " + e, e);
        }
        kafka.sink().flush();
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
    } finally {
      TemporaryDirectory.delete(dir);
    }
    return 0;
  }

  private static void waitFor(Wallboard wallboard, long events, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (wallboard.eventsApplied() < events) {
      if (System.nanoTime() > deadline) {
        throw new UserError(
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
