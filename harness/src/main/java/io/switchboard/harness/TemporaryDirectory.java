package io.switchboard.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary directories the commands work in ({@code chaos}, {@code scenario}, the benches):
 * made in the system's temporary directory ({@code java.io.tmpdir}, read when one is made), and
 * deleted with what they hold once the command is done with them.
 */
public final class TemporaryDirectory {
  private TemporaryDirectory() {}

  /**
   * A new directory named {@code prefix} and a random number.
   *
   * @throws UncheckedIOException if it cannot be made
   */
  public static Path create(String prefix) {
    Path root = Path.of(System.getProperty("java.io.tmpdir"));
    try {
      return Files.createTempDirectory(root, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory in " + root, e);
    }
  }

  /** Deletes {@code dir} and what it holds; what cannot be deleted is left (it is temporary). */
  public static void delete(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary directory is harmless
    }
  }
}
