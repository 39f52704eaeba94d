package io.switchboard.app;

import io.switchboard.kafka.EventRecords;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.kafka.TopicNames;
import io.switchboard.model.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events written as the records they make on Kafka, one {@link RecordLines} line each, in the shape
 * {@code tail} and {@code scenario} print: topic, key, headers and value as {@link EventRecords}
 * builds them; the partition the default partitioner picks among {@code partitions}; and the offset
 * each record would have on fresh topics. Event ids are {@code {journal}-{batch}-{index}}, the same
 * for the same events. For {@code simulate --events}, with or without a broker.
 */
final class RecordFile {
  private final EventRecords records = new EventRecords(TopicNames.defaults());
  private final int partitions;
  private final String journal;
  private final Map<String, Long> seqs = new HashMap<>();
  private final Map<String, Long> offsets = new HashMap<>();
  private long batch;

  /**
   * @param partitions the partitions of each topic
   * @param journal the first part of every event id, e.g. {@code sim1}
   */
  RecordFile(int partitions, String journal) {
    this.partitions = partitions;
    this.journal = journal;
  }

  /** Writes the records of {@code events} of {@code tenant}, one line each, to {@code out}. */
  synchronized void write(String tenant, List<Event> events, OutputStream out) throws IOException {
    batch++;
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      String key = RecordKeys.key(tenant, event);
      long seq = seqs.merge(key, 1L, Long::sum);
      int partition = EventRecords.partition(key, partitions);
      String topic = records.topics().of(event.type().topic());
      long offset = offsets.merge(topic + "/" + partition, 1L, Long::sum) - 1;
      String line =
          RecordLines.line(
              records.consumed(
                  tenant, event, seq, journal + "-" + batch + "-" + i, partition, offset));
      out.write(line.getBytes(StandardCharsets.UTF_8));
      out.write('\n');
    }
  }
}
