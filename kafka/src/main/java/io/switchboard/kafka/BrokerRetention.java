package io.switchboard.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * How much the embedded broker keeps: Kafka's default keeps every record seven days whatever its
 * size, which fills the disk of a service left running. This bounds the service's topics by size
 * and by age, as broker defaults ({@code log.retention.bytes}, {@code log.retention.ms}, {@code
 * log.segment.bytes}) that every topic without settings of its own follows.
 *
 * <p>Kafka bounds each partition on its own, and deletes whole segments only, never the one being
 * written: so {@code totalBytes} is shared out among the partitions of the two topics, and the
 * segments are a quarter of a partition's share (1 MiB to 64 MiB). The disk then holds at most
 * about {@code 1.25 × totalBytes} of events, plus Kafka's indexes and the cluster's metadata;
 * records older than {@code maxAge} go too. Deletion runs every minute.
 *
 * @param totalBytes the most the broker keeps of the service's events, all partitions together
 * @param maxAge the longest it keeps a record
 * @param partitions the partitions of each of the two topics
 */
public record BrokerRetention(long totalBytes, Duration maxAge, int partitions) {

  /** What the embedded broker keeps unless told otherwise: 2 GiB, one day. */
  public static final long DEFAULT_TOTAL_BYTES = 2L << 30;

  /** The longest the embedded broker keeps a record unless told otherwise. */
  public static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);

  /** Kafka's smallest segment. */
  static final long MIN_SEGMENT_BYTES = 1L << 20;

  private static final long MAX_SEGMENT_BYTES = 64L << 20;

  /** How often the broker looks for segments to delete. */
  static final Duration CHECK_EVERY = Duration.ofMinutes(1);

  public BrokerRetention {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
    }
    if (totalBytes < 2L * partitions * 4 * MIN_SEGMENT_BYTES) {
      throw new IllegalArgumentException(
          "the embedded broker's retention of "
              + totalBytes
              + " bytes is too small for "
              + 2 * partitions
              + " partitions: give it at least "
              + (2L * partitions * 4 * MIN_SEGMENT_BYTES >> 20)
              + " MiB (4 MiB a partition)");
    }
    if (maxAge.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException(
          "the embedded broker's retention time must be at least a minute, was " + maxAge);
    }
  }

  /** The most each partition keeps before its oldest segment is deleted. */
  public long partitionBytes() {
    return totalBytes / (2L * partitions);
  }

  /** The size of a segment: a quarter of a partition's share, 1 MiB to 64 MiB. */
  public long segmentBytes() {
    return Math.max(MIN_SEGMENT_BYTES, Math.min(MAX_SEGMENT_BYTES, partitionBytes() / 4));
  }

  /**
   * The broker settings that say it, for {@link EmbeddedKafka#start(java.nio.file.Path, int, Map)}.
   */
  public Map<String, String> brokerSettings() {
    return Map.of(
        "log.retention.bytes", Long.toString(partitionBytes()),
        "log.retention.ms", Long.toString(maxAge.toMillis()),
        "log.segment.bytes", Long.toString(segmentBytes()),
        "log.retention.check.interval.ms", Long.toString(CHECK_EVERY.toMillis()));
  }
}
