package io.switchboard.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a journal's entries in order from a given position, across segments, seeing only durable
 * entries (those on disk). Not thread-safe: one reader per consumer.
 */
public final class JournalReader implements AutoCloseable {

  private final Journal journal;
  private long next;
  private Journal.Segment segment;
  private FileChannel channel;
  private SegmentScanner scanner;

  JournalReader(Journal journal, long position) {
    this.journal = journal;
    this.next = position;
  }

  /** The position of the entry {@link #next} returns next. */
  public long nextPosition() {
    return next;
  }

  /**
   * The next entry, waiting up to {@code wait} for it to become durable.
   *
   * @return the entry, or empty if none became durable in time (or the journal closed or failed)
   * @throws IllegalStateException if the journal is damaged where the entry should be
   * @throws UncheckedIOException if the journal cannot be read
   */
  public Optional<Journal.Entry> next(Duration wait) throws InterruptedException {
    if (journal.durablePosition() < next && !journal.awaitDurable(next, wait)) {
      return Optional.empty();
    }
    try {
      return Optional.of(read());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the journal in " + journal.dir() + ": " + e, e);
    }
  }

  /** The next entry if one is durable now, else empty. */
  public Optional<Journal.Entry> poll() {
    try {
      return next(Duration.ZERO);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Journal.Entry read() throws IOException {
    if (scanner == null) {
      open(next);
    }
    SegmentScanner.Result result = scanner.next();
    if (result.entry().isEmpty() && result.problem().isEmpty()) {
      // the end of a segment: the entry is the first of the next one
      open(next);
      result = scanner.next();
    }
    if (result.entry().isEmpty()) {
      throw new IllegalStateException(
          "The journal segment "
              + segment.path()
              + " is damaged before position "
              + next
              + ": "
              + (result.problem().isEmpty() ? "it ends early" : result.problem())
              + ". Restore it from a backup.");
    }
    Journal.Entry entry = result.entry().get();
    next = entry.position() + 1;
    return new Journal.Entry(
        entry.position(), entry.payload(), segment.globalStart() + entry.endOffset());
  }

  /** Opens the segment holding {@code position} and moves to the entry. */
  private void open(long position) throws IOException {
    closeChannel();
    Map.Entry<Long, Journal.Segment> holder = journal.segments().floorEntry(position);
    if (holder == null) {
      throw new IllegalStateException(
          "The journal in "
              + journal.dir()
              + " holds no segment with position "
              + position
              + "; it starts at "
              + journal.firstPosition());
    }
    segment = holder.getValue();
    channel = FileChannel.open(segment.path(), StandardOpenOption.READ);
    scanner = new SegmentScanner(channel, segment.base());
    while (scanner.expected() < position) {
      SegmentScanner.Result skipped = scanner.next();
      if (skipped.entry().isEmpty()) {
        throw new IllegalStateException(
            "The journal segment "
                + segment.path()
                + " ends before position "
                + position
                + (skipped.problem().isEmpty() ? "" : " (" + skipped.problem() + ")"));
      }
    }
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
      scanner = null;
    }
  }

  @Override
  public void close() {
    try {
      closeChannel();
    } catch (IOException e) {
      // a read-only channel has nothing to lose
    }
  }
}
