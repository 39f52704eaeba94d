package io.switchboard.kafka;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A record as read back from Kafka.
 *
 * @param topic the topic name
 * @param partition the partition
 * @param offset the offset within the partition
 * @param key the key; empty when the record had none
 * @param headers the headers, in record order, values decoded as UTF-8 (empty values for null
 *     ones); of repeated names the last wins
 * @param value the value bytes (for events, their JSON); empty when the record had none
 * @param timestamp the record timestamp in milliseconds since the epoch (for events, their time)
 */
public record ConsumedRecord(
    String topic,
    int partition,
    long offset,
    String key,
    Map<String, String> headers,
    byte[] value,
    long timestamp) {

  public ConsumedRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    value = value.clone();
  }

  /** The value bytes (a copy). */
  @Override
  public byte[] value() {
    return value.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConsumedRecord other
        && topic.equals(other.topic)
        && partition == other.partition
        && offset == other.offset
        && key.equals(other.key)
        && headers.equals(other.headers)
        && Arrays.equals(value, other.value)
        && timestamp == other.timestamp;
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, partition, offset, key, headers, Arrays.hashCode(value), timestamp);
  }

  @Override
  public String toString() {
    return topic
        + "-"
        + partition
        + "@"
        + offset
        + " (key "
        + key
        + ", "
        + value.length
        + " bytes)";
  }
}
