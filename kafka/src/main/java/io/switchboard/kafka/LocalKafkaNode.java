package io.switchboard.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * The main class of one node of a {@link LocalKafkaCluster}, run in a JVM of its own: {@code
 * LocalKafkaNode CONFIG READY_FILE}.
 *
 * <p>It starts a KRaft node (broker and controller) from the configuration file, writes its process
 * id into {@code READY_FILE} once the node serves, and shuts the node down in order on SIGTERM. It
 * ends at once when its standard input closes: the cluster that started it holds the other end, so
 * a node never outlives its cluster's process, even one killed with {@code kill -9}.
 */
public final class LocalKafkaNode {

  private LocalKafkaNode() {}

  /**
   * Runs the node until it is stopped.
   *
   * @param args the node's configuration file and the file to write once it serves
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      System.err.println("usage: LocalKafkaNode CONFIG_FILE READY_FILE");
      System.exit(2);
    }
    Path configFile = Path.of(args[0]);
    Path readyFile = Path.of(args[1]);
    watchParent();
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(configFile)) {
      props.load(in);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  server.shutdown();
                  server.awaitShutdown();
                },
                "kafka-node-shutdown"));
    try {
      server.startup();
    } catch (RuntimeException e) {
      System.err.println("Kafka node " + props.getProperty("node.id") + " failed to start:");
      e.printStackTrace();
      Runtime.getRuntime().halt(1);
    }
    Path tmp = readyFile.resolveSibling(readyFile.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()), StandardCharsets.UTF_8);
    Files.move(tmp, readyFile, StandardCopyOption.REPLACE_EXISTING);
    System.out.println(
        "Kafka node " + props.getProperty("node.id") + " serves " + props.getProperty("listeners"));
    server.awaitShutdown();
  }

  /** Ends this JVM at once when standard input closes, that is when the starting process ends. */
  private static void watchParent() {
    Thread watcher =
        new Thread(
            () -> {
              try {
                while (System.in.read() >= 0) {
                  // nothing is ever sent; only the end of the stream matters
                }
              } catch (IOException e) {
                // the same: the other end is gone
              }
              System.err.println("Kafka node: the process that started it ended; stopping now");
              Runtime.getRuntime().halt(1);
            },
            "kafka-node-parent-watch");
    watcher.setDaemon(true);
    watcher.start();
  }
}
