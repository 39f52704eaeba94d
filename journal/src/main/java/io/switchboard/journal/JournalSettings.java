package io.switchboard.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a journal is kept.
 *
 * @param dir the directory of the journal's files
 * @param maxBytes the most the journal may hold of entries not yet published (to Kafka): when it
 *     holds that much, new steps are refused until publishing catches up
 * @param segmentBytes the size past which a segment file is closed and a new one started; deleting
 *     what is no longer needed happens a whole segment at a time
 * @param snapshotEntries how many entries the journal grows by between two snapshots (when the
 *     engine can write its state: see {@link EngineCodec})
 */
public record JournalSettings(Path dir, long maxBytes, long segmentBytes, long snapshotEntries) {

  /** The default bound on unpublished entries: 1 GiB. */
  public static final long DEFAULT_MAX_BYTES = 1L << 30;

  /** The default segment size: 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  /** The default number of entries between two snapshots: 100,000 (about 100 MiB of journal). */
  public static final long DEFAULT_SNAPSHOT_ENTRIES = 100_000;

  public JournalSettings {
    Objects.requireNonNull(dir, "dir");
    if (maxBytes < 1) {
      throw new IllegalArgumentException(
          "the journal bound must be at least 1 byte, was " + maxBytes);
    }
    if (segmentBytes < 1) {
      throw new IllegalArgumentException(
          "the journal segment size must be at least 1 byte, was " + segmentBytes);
    }
    if (snapshotEntries < 1) {
      throw new IllegalArgumentException(
          "the entries between two snapshots must be at least 1, was " + snapshotEntries);
    }
  }

  /** A journal in {@code dir} with the default bound and segment size. */
  public static JournalSettings of(Path dir) {
    return new JournalSettings(
        dir, DEFAULT_MAX_BYTES, DEFAULT_SEGMENT_BYTES, DEFAULT_SNAPSHOT_ENTRIES);
  }

  /** These settings with the bound {@code maxBytes}. */
  public JournalSettings withMaxBytes(long maxBytes) {
    return new JournalSettings(dir, maxBytes, segmentBytes, snapshotEntries);
  }

  /** These settings with segments of {@code segmentBytes}. */
  public JournalSettings withSegmentBytes(long segmentBytes) {
    return new JournalSettings(dir, maxBytes, segmentBytes, snapshotEntries);
  }

  /** These settings with a snapshot every {@code snapshotEntries} entries. */
  public JournalSettings withSnapshotEntries(long snapshotEntries) {
    return new JournalSettings(dir, maxBytes, segmentBytes, snapshotEntries);
  }
}
