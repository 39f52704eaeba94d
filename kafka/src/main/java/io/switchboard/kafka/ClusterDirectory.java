package io.switchboard.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.Uuid;

/**
 * The files that make the data directory of a {@link LocalKafkaCluster} one cluster: its id and its
 * size, written once.
 */
final class ClusterDirectory {
  private static final String CLUSTER_ID_FILE = "cluster.id";
  private static final String NODES_FILE = "nodes";

  private ClusterDirectory() {}

  /**
   * The cluster id stored in {@code dir}, or a new one stored there when {@code dir} is new or
   * empty.
   *
   * @throws IllegalArgumentException if {@code dir} holds a cluster of another size, or other files
   */
  static String clusterId(Path dir, int nodes) {
    Path idFile = dir.resolve(CLUSTER_ID_FILE);
    Path nodesFile = dir.resolve(NODES_FILE);
    try {
      Files.createDirectories(dir);
      if (Files.exists(idFile)) {
        String id = Files.readString(idFile, StandardCharsets.UTF_8).strip();
        String size =
            Files.exists(nodesFile)
                ? Files.readString(nodesFile, StandardCharsets.UTF_8).strip()
                : "";
        if (id.isEmpty() || !size.matches("[0-9]+")) {
          throw new IllegalStateException(
              dir
                  + " holds a damaged local Kafka cluster ("
                  + CLUSTER_ID_FILE
                  + " or "
                  + NODES_FILE
                  + " is empty or missing): delete the directory to start afresh");
        }
        if (Integer.parseInt(size) != nodes) {
          throw new IllegalArgumentException(
              dir
                  + " holds a local Kafka cluster of "
                  + size
                  + " node(s), not "
                  + nodes
                  + ": start it with "
                  + size
                  + " node(s), or use another data directory");
        }
        return id;
      }
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              dir
                  + " is not empty and holds no local Kafka cluster: choose an empty or new"
                  + " directory");
        }
      }
      String id = Uuid.randomUuid().toString();
      Files.writeString(nodesFile, nodes + "\n", StandardCharsets.UTF_8);
      Files.writeString(idFile, id + "\n", StandardCharsets.UTF_8);
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the cluster files in " + dir, e);
    }
  }
}
