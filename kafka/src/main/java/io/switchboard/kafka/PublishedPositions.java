package io.switchboard.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Finds what a journal's earlier run already published: for each partition, the journal position
 * and the event index of the last record of that journal on it, read from the {@link
 * EventRecords#EVENT_ID_HEADER} headers ({@code {journal}-{position}-{index}}). The index counts:
 * an entry's events for one partition may be split among requests, and a crash between two of them
 * leaves the first part on Kafka and not the rest.
 *
 * <p>A publisher sends the entries of a journal in order and never gives up on a record (it retries
 * without a deadline, and starts over from here after any failure), and Kafka's idempotent producer
 * stores a partition's records in the order sent without gaps. So the records of a journal on a
 * partition are a prefix of what was sent there: every event of the journal meant for that
 * partition up to the record found is on it, and none after.
 *
 * <p>Each partition is read backwards from its end, a window at a time, until a record of the
 * journal turns up, but not before the records stamped {@value #SLACK_MINUTES} minutes before the
 * first unpublished entry (records are stamped with their event's time): in a cluster shared with
 * other writers this bounds the reading to what was written since the journal fell behind.
 */
final class PublishedPositions {

  /** How far before the first unpublished entry's time records are looked at (clock steps). */
  static final int SLACK_MINUTES = 10;

  private static final int WINDOW = 500;
  private static final Duration POLL = Duration.ofMillis(200);

  private PublishedPositions() {}

  /**
   * The last record of a journal on a partition: the event {@code index} of the entry at {@code
   * position}.
   */
  record Last(long position, int index) {
    /** Whether the event {@code index} of the entry at {@code position} is on the partition. */
    boolean covers(long position, int index) {
      return this.position > position || (this.position == position && this.index >= index);
    }

    private static Last max(Last a, Last b) {
      return a.covers(b.position, b.index) ? a : b;
    }
  }

  /**
   * The last record of journal {@code journalId} on each of {@code partitions}; a partition without
   * any record of the journal since {@code since} is left out.
   *
   * @param consumer a consumer without a group; it is assigned the partitions one by one
   * @param since the time of the first entry not known to be published
   * @param timeout how long to read one window at most
   * @throws IllegalStateException if a window could not be read in time
   */
  static Map<TopicPartition, Last> find(
      Consumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      String journalId,
      Instant since,
      Duration timeout) {
    // every partition assigned and paused, the ones still searched resumed: offsets asked for
    // partitions that are not assigned make the consumer warn
    consumer.assign(partitions);
    consumer.pause(partitions);
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
    Map<TopicPartition, Long> beginnings = consumer.beginningOffsets(partitions, timeout);
    Map<TopicPartition, Long> times = new HashMap<>();
    long from = since.minus(Duration.ofMinutes(SLACK_MINUTES)).toEpochMilli();
    partitions.forEach(p -> times.put(p, Math.max(0, from)));
    Map<TopicPartition, OffsetAndTimestamp> lows = consumer.offsetsForTimes(times, timeout);
    Map<TopicPartition, Long> floors = new HashMap<>();
    Map<TopicPartition, Long> highs = new HashMap<>();
    for (TopicPartition partition : partitions) {
      long end = ends.getOrDefault(partition, 0L);
      OffsetAndTimestamp low = lows.get(partition);
      floors.put(
          partition,
          Math.max(beginnings.getOrDefault(partition, 0L), low == null ? end : low.offset()));
      highs.put(partition, end);
    }
    String prefix = journalId + "-";
    Map<TopicPartition, Last> found = new HashMap<>();
    List<TopicPartition> open =
        new ArrayList<>(partitions.stream().filter(p -> highs.get(p) > floors.get(p)).toList());
    while (!open.isEmpty()) {
      // one window further back on every partition still searched, read together
      Map<TopicPartition, Long> starts = new HashMap<>();
      for (TopicPartition partition : open) {
        long start = Math.max(floors.get(partition), highs.get(partition) - WINDOW);
        starts.put(partition, start);
        consumer.seek(partition, start);
      }
      Map<TopicPartition, Last> last = read(consumer, open, starts, highs, prefix, timeout);
      List<TopicPartition> next = new ArrayList<>();
      for (TopicPartition partition : open) {
        if (last.containsKey(partition)) {
          found.put(partition, last.get(partition));
        } else if (starts.get(partition) > floors.get(partition)) {
          highs.put(partition, starts.get(partition));
          next.add(partition);
        }
      }
      open = next;
    }
    consumer.unsubscribe();
    return found;
  }

  /** The last record of the journal among the records [start, high) of each partition. */
  private static Map<TopicPartition, Last> read(
      Consumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> highs,
      String prefix,
      Duration timeout) {
    Map<TopicPartition, Last> last = new HashMap<>();
    List<TopicPartition> reading = new ArrayList<>(partitions);
    consumer.resume(reading);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<TopicPartition> done =
          reading.stream().filter(p -> consumer.position(p, timeout) >= highs.get(p)).toList();
      consumer.pause(done);
      reading.removeAll(done);
      if (reading.isEmpty()) {
        return last;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "Could not read the last records of "
                + reading
                + " within "
                + timeout.toMillis()
                + " ms to find what was already published");
      }
      for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < starts.get(partition) || record.offset() >= highs.get(partition)) {
          continue;
        }
        Optional<Last> found = last(record, prefix);
        if (found.isPresent()) {
          last.merge(partition, found.get(), Last::max);
        }
      }
    }
  }

  /** The journal position and event index of a record's event id, if it comes from that journal. */
  static Optional<Last> last(ConsumerRecord<String, byte[]> record, String prefix) {
    Header header = record.headers().lastHeader(EventRecords.EVENT_ID_HEADER);
    if (header == null || header.value() == null) {
      return Optional.empty();
    }
    String id = new String(header.value(), StandardCharsets.UTF_8);
    if (!id.startsWith(prefix)) {
      return Optional.empty();
    }
    int dash = id.indexOf('-', prefix.length());
    if (dash < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Last(
              Long.parseLong(id.substring(prefix.length(), dash)),
              Integer.parseInt(id.substring(dash + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
