package io.switchboard.harness;

import io.switchboard.kafka.EventRecords;
import io.switchboard.kafka.TopicNames;
import io.switchboard.model.Event;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The first records a run publishes (topic, key and value, as the publishing path builds them), for
 * the raw producer to send again: the reference then writes records of the same sizes, keys and
 * compressibility as Switchboard does. Filled by one thread, read after.
 */
final class RecordSample {

  /** One record as sent. */
  record Sampled(String topic, String key, byte[] value) {}

  private final EventRecords records;
  private final int capacity;
  private final List<Sampled> sample = new ArrayList<>();
  private long bytes;

  RecordSample(TopicNames topics, int capacity) {
    this.records = new EventRecords(topics);
    this.capacity = capacity;
  }

  void add(String tenant, List<Event> events) {
    for (Event event : events) {
      if (sample.size() >= capacity) {
        return;
      }
      ProducerRecord<String, byte[]> record = records.record(tenant, event);
      sample.add(new Sampled(record.topic(), record.key(), record.value()));
      bytes += record.value().length;
    }
  }

  /** The sampled records; at least one. */
  List<Sampled> records() {
    if (sample.isEmpty()) {
      throw new IllegalStateException("no record was sampled: the warm-up published nothing");
    }
    return sample;
  }

  double meanValueBytes() {
    return sample.isEmpty() ? 0 : bytes / (double) sample.size();
  }
}
