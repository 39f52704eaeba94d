package io.switchboard.kafka;

/**
 * Where the broker stored a published event.
 *
 * @param topic the topic name
 * @param partition the partition
 * @param offset the offset within the partition
 * @param key the record key
 */
public record PublishedRecord(String topic, int partition, long offset, String key) {

  @Override
  public String toString() {
    return topic + "-" + partition + "@" + offset + " (key " + key + ")";
  }
}
