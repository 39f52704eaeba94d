package io.switchboard.kafka.testing;

import io.switchboard.kafka.LocalKafkaCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One three-node Kafka cluster ({@link LocalKafkaCluster}) for all the tests of a JVM: started on
 * first use in a temporary directory, stopped and deleted when the JVM exits.
 *
 * <p>Tests share the cluster, so each test should use its own topic names (or its own tenant and
 * keys). A test may kill, stop and restart nodes; {@link #cluster()} restarts any node an earlier
 * test left down, so every test starts with all three nodes serving.
 */
public final class SharedKafkaCluster {

  /** How many nodes the shared cluster has. */
  public static final int NODES = 3;

  private static LocalKafkaCluster cluster;

  private SharedKafkaCluster() {}

  /** The bootstrap servers of every node of the shared cluster, starting it if needed. */
  public static String bootstrap() {
    return cluster().bootstrap();
  }

  /** The shared cluster with every node serving, starting it or restarting nodes if needed. */
  public static synchronized LocalKafkaCluster cluster() {
    if (cluster == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("switchboard-kafka-cluster-");
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot create a temporary directory for the test cluster", e);
      }
      LocalKafkaCluster started;
      try {
        started = LocalKafkaCluster.start(NODES, dir);
      } catch (RuntimeException e) {
        delete(dir);
        throw e;
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    delete(dir);
                  },
                  "shared-kafka-cluster-shutdown"));
      cluster = started;
    }
    for (int node = 0; node < cluster.size(); node++) {
      if (!cluster.isRunning(node)) {
        cluster.restart(node);
      }
    }
    return cluster;
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
