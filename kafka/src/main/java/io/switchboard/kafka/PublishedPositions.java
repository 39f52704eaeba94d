package io.switchboard.kafka;

import io.switchboard.verify.SwitchboardRecord;
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
 * and event index of the last record of that journal on it, read from the {@link
 * SwitchboardRecord#EVENT_ID_HEADER} headers ({@code {journal}-{position}-{index}}).
 *
 * <p>A publisher sends the entries of a journal in order and never gives up on a record (it retries
 * without a deadline, and starts over from here after any failure), and Kafka's idempotent producer
 * stores a partition's records in the order sent without gaps. So the records of a journal on a
 * partition are a prefix of what was sent there: every event of the journal meant for that
 * partition up to the position and index found is on it, and none after. The index counts: the
 * records of one entry on one partition may go in two requests, and a crash between them leaves the
 * entry's first events on Kafka without the others.
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
   * The last event of a journal found on a partition.
   *
   * @param position its entry's journal position
   * @param index its index among the entry's events
   */
  record Published(long position, int index) implements Comparable<Published> {

    /** Whether event {@code index} of entry {@code position} is on the partition too. */
    boolean covers(long position, int index) {
      return this.position > position || (this.position == position && this.index >= index);
    }

    @Override
    public int compareTo(Published other) {
      int byPosition = Long.compare(position, other.position);
      return byPosition != 0 ? byPosition : Integer.compare(index, other.index);
    }
  }

  /**
   * The last event of journal {@code journalId} on each of {@code partitions}; a partition without
   * any record of the journal since {@code since} is left out.
   *
   * @param consumer a consumer without a group; it is assigned the partitions one by one
   * @param since the time of the first entry not known to be published
   * @param timeout how long to read one window at most
   * @throws IllegalStateException if a window could not be read in time
   */
  static Map<TopicPartition, Published> find(
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
    Map<TopicPartition, Published> found = new HashMap<>();
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
      Map<TopicPartition, Published> last = read(consumer, open, starts, highs, prefix, timeout);
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

  /** The last event of the journal among the records [start, high) of each partition. */
  private static Map<TopicPartition, Published> read(
      Consumer<String, byte[]> consumer,
      List<TopicPartition> partitions,
      Map<TopicPartition, Long> starts,
      Map<TopicPartition, Long> highs,
      String prefix,
      Duration timeout) {
    Map<TopicPartition, Published> last = new HashMap<>();
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
        Optional<Published> published = published(record, prefix);
        if (published.isPresent()) {
          last.merge(partition, published.get(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
      }
    }
  }

  /** The position and index in a record's event id, if the record comes from that journal. */
  static Optional<Published> published(ConsumerRecord<String, byte[]> record, String prefix) {
    Header header = record.headers().lastHeader(SwitchboardRecord.EVENT_ID_HEADER);
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
          new Published(
              Long.parseLong(id.substring(prefix.length(), dash)),
              Integer.parseInt(id.substring(dash + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
