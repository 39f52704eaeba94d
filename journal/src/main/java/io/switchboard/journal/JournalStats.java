package io.switchboard.journal;

import java.util.Optional;

/**
 * A journal's figures at one moment.
 *
 * @param id the journal's id
 * @param firstPosition the oldest entry kept
 * @param lastPosition the newest entry appended
 * @param durablePosition the newest entry on disk
 * @param publishedPosition the newest entry up to which everything is published
 * @param bytes the bytes of the segments kept
 * @param unpublishedBytes the bytes beyond the published position
 * @param maxBytes the bound on {@code unpublishedBytes}
 * @param segments the segment files
 * @param appends entries appended since the journal was opened
 * @param syncs syncs to disk since then (one per group commit)
 * @param failure why the journal stopped writing, if it did
 */
public record JournalStats(
    String id,
    long firstPosition,
    long lastPosition,
    long durablePosition,
    long publishedPosition,
    long bytes,
    long unpublishedBytes,
    long maxBytes,
    int segments,
    long appends,
    long syncs,
    Optional<String> failure) {

  /** Entries appended but not yet published. */
  public long unpublishedEntries() {
    return Math.max(0, lastPosition - publishedPosition);
  }

  /** Whether the bound is reached: new steps are refused. */
  public boolean full() {
    return unpublishedBytes >= maxBytes;
  }
}
