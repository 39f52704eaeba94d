package io.switchboard.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory claimed by one user at a time, across processes and within one: an OS lock on a file
 * in it, held until {@link #close()} (or until the process ends, however it ends). The journal and
 * the embedded Kafka broker each claim their directory with one.
 */
public final class DirectoryLock implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DirectoryLock.class);

  private final Path file;
  private final FileChannel channel;

  private DirectoryLock(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Claims {@code dir} by locking {@code dir/fileName} (created when missing).
   *
   * @param inUse the message when another user holds it: what it is and what to do
   * @throws IllegalStateException with {@code inUse} if the directory is claimed already, by this
   *     process or another one
   * @throws UncheckedIOException if the lock file cannot be opened
   */
  public static DirectoryLock claim(Path dir, String fileName, String inUse) {
    Path file = dir.resolve(fileName);
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot open the lock file " + file + ": check the directory's permissions", e);
    }
    FileLock claimed;
    try {
      claimed = channel.tryLock();
    } catch (OverlappingFileLockException | IOException e) {
      claimed = null;
    }
    DirectoryLock lock = new DirectoryLock(file, channel);
    if (claimed == null) {
      lock.close();
      throw new IllegalStateException(inUse);
    }
    return lock;
  }

  /** The lock file. */
  public Path file() {
    return file;
  }

  /** Releases the directory. Calling it again does nothing. */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      log.warn("Cannot release the lock {}: {}", file, e.toString());
    }
  }
}
