package io.switchboard.kafka.testing;

import io.switchboard.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One embedded Kafka broker for all the tests of a JVM: started on first use in a temporary
 * directory, stopped and deleted when the JVM exits.
 *
 * <p>Tests share the broker, so each test should use its own topic names (or its own tenant and
 * keys) and never rely on a topic being empty.
 */
public final class SharedKafka {

  private static EmbeddedKafka broker;

  private SharedKafka() {}

  /** The bootstrap servers of the shared broker, starting it if needed. */
  public static String bootstrapServers() {
    return broker().bootstrapServers();
  }

  /** The shared broker, starting it if needed. */
  public static synchronized EmbeddedKafka broker() {
    if (broker == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("switchboard-kafka-");
      } catch (IOException e) {
        throw new UncheckedIOException(
            "Cannot create a temporary directory for the test broker", e);
      }
      EmbeddedKafka started = EmbeddedKafka.start(dir, 0);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    started.close();
                    delete(dir);
                  },
                  "shared-kafka-shutdown"));
      broker = started;
    }
    return broker;
  }

  private static void delete(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
