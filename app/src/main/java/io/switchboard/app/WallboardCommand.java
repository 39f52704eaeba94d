package io.switchboard.app;

import io.switchboard.wallboard.Wallboard;
import io.switchboard.wallboard.WallboardServer;
import io.switchboard.wallboard.WallboardSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard wallboard}: the live wallboard alone, against any Kafka cluster that carries
 * Switchboard's topics. {@code switchboard run} serves the same page at {@code /} by itself.
 */
@Command(
    name = "wallboard",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the live wallboard alone: statistics computed from the topics by Kafka Streams.",
      "Open the printed address in a browser (docs/wallboard.md)."
    })
final class WallboardCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      defaultValue = "127.0.0.1:9092",
      description = "The Kafka cluster to read (default: ${DEFAULT-VALUE}).")
  String bootstrap;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      defaultValue = "8081",
      description = "The HTTP port; 0 picks a free port (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--http-host",
      paramLabel = "HOST",
      defaultValue = "127.0.0.1",
      description = "A loopback address to serve on (default: ${DEFAULT-VALUE}).")
  String httpHost;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "data/wallboard-standalone",
      description = "Where Kafka Streams keeps its local state (default: ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      defaultValue = "switchboard-wallboard-standalone",
      description =
          "The Kafka Streams application id: one running wallboard per id (default:"
              + " ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--agent-state-topic",
      paramLabel = "TOPIC",
      defaultValue = "voice-agentstate",
      description = "The topic of agent and DN events (default: ${DEFAULT-VALUE}).")
  String agentStateTopic;

  @Option(
      names = "--call-thread-topic",
      paramLabel = "TOPIC",
      defaultValue = "voice-callthread",
      description = "The topic of call events (default: ${DEFAULT-VALUE}).")
  String callThreadTopic;

  @Option(
      names = "--interval",
      paramLabel = "MINUTES",
      defaultValue = "15",
      description = "The length of the aligned statistics intervals (default: ${DEFAULT-VALUE}).")
  int intervalMinutes;

  @Option(
      names = "--sl-threshold",
      paramLabel = "SECONDS",
      defaultValue = "20",
      description = "The service-level threshold (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      defaultValue = "UTC",
      description =
          "The time zone whose midnight starts the day's figures (default: ${DEFAULT-VALUE}).")
  String zone;

  @Override
  public Integer call() throws InterruptedException {
    WallboardSettings settings =
        statistics(
            WallboardSettings.of(bootstrap, stateDir)
                .withApplicationId(applicationId)
                .withTopics(agentStateTopic, callThreadTopic),
            Optional.of(intervalMinutes),
            Optional.of(threshold),
            Optional.of(zone),
            "--interval, --sl-threshold, --zone");
    Wallboard wallboard = Wallboard.start(settings);
    WallboardServer server;
    try {
      server = WallboardServer.start(new InetSocketAddress(httpHost, httpPort), wallboard);
    } catch (IOException e) {
      wallboard.close();
      throw new UserError(
          "cannot serve HTTP on "
              + httpHost
              + ":"
              + httpPort
              + ": "
              + e.getMessage()
              + " (is the port in use? --http-port 0 picks a free one)",
          e);
    } catch (IllegalArgumentException e) {
      wallboard.close();
      throw new UserError(e.getMessage(), e);
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.close();
                  wallboard.close();
                  stopped.countDown();
                },
                "wallboard-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Wallboard: " + server.url());
    out.flush();
    stopped.await();
    return 0;
  }

  /** The wallboard of {@code switchboard run}: the service's topics, Kafka settings and data. */
  static WallboardSettings settings(
      String bootstrap, Service.Settings service, ServiceConfig file) {
    Map<String, Object> kafka = service.kafkaProperties();
    return statistics(
        WallboardSettings.of(bootstrap, service.dataDir().resolve("wallboard"))
            .withTopics(service.topics().agentState(), service.topics().callThread())
            .withKafkaProperties(kafka),
        file.integer("/wallboard/intervalMinutes"),
        file.number("/wallboard/serviceLevelSeconds"),
        file.text("/wallboard/zone"),
        "configuration wallboard");
  }

  private static WallboardSettings statistics(
      WallboardSettings base,
      Optional<Integer> minutes,
      Optional<Double> threshold,
      Optional<String> zone,
      String where) {
    try {
      ZoneId zoneId = ZoneId.of(zone.orElse("UTC"));
      Duration interval = Duration.ofMinutes(minutes.orElse(15));
      double seconds = threshold.orElse(20.0);
      if (!(seconds >= 0)) {
        throw new IllegalArgumentException(
            "the service-level threshold must be 0 or more seconds, was " + seconds);
      }
      return base.withStatistics(interval, zoneId, Duration.ofMillis(Math.round(seconds * 1000)));
    } catch (DateTimeException e) {
      throw new UserError(
          where
              + ": unknown time zone "
              + zone.orElse("")
              + " (use a region such as Europe/Paris, or UTC)",
          e);
    } catch (IllegalArgumentException e) {
      throw new UserError(where + ": " + e.getMessage(), e);
    }
  }
}
