package io.switchboard.app;

import picocli.CommandLine.Option;

/** The options that say which Kafka to use: an external cluster, or the embedded broker's port. */
final class KafkaOptions {
  @Option(
      names = "--kafka",
      paramLabel = "BOOTSTRAP",
      description =
          "An external Kafka cluster (host:port[,host:port...]) instead of the embedded broker.")
  String bootstrap;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      description =
          "The embedded broker's port; 0 picks a free port (default: 9092 for run, a free port"
              + " for scenario).")
  Integer port;
}
