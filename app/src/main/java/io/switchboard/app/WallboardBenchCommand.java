package io.switchboard.app;

import io.switchboard.harness.TemporaryDirectory;
import io.switchboard.harness.WallboardBench;
import io.switchboard.kafka.TopicNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard wallboard-bench}: how fast the wallboard's statistics consume the topics, on
 * the embedded broker, started here in a temporary directory. The phases and figures are {@link
 * WallboardBench}'s.
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
  public Integer call() throws InterruptedException {
    if (calls < 1 || liveSeconds < 10 || scale < 1) {
      throw new UserError("--calls must be 1 or more, --live 10 or more, --scale 1 or more");
    }
    Path dir = TemporaryDirectory.create("switchboard-wallboard-bench-");
    try (KafkaConnection kafka =
        KafkaConnection.open(
            Optional.empty(),
            dir.resolve("kafka"),
            0,
            Map.of(),
            TopicNames.defaults(),
            6,
            Optional.empty())) {
      new WallboardBench(calls, liveSeconds, scale, spec.commandLine().getOut())
          .run(kafka.bootstrap(), kafka::sink, dir.resolve("wallboard"));
    } finally {
      TemporaryDirectory.delete(dir);
    }
    return 0;
  }
}
