package io.switchboard.journal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A published event as the journal keeps it: everything its Kafka record needs, fixed when the step
 * ran, so that publishing it again gives the same record.
 *
 * @param topic the logical topic, a {@link io.switchboard.model.Topic} name ({@code AGENT_STATE} or
 *     {@code CALL_THREAD})
 * @param key the record key; empty if none could be built (the event is then never published)
 * @param seq its number among the events of its key: 1, 2, 3... without gaps; 0 when unkeyed
 * @param timestamp the event time in milliseconds since the epoch
 * @param value the record value: the event as JSON, UTF-8; the event takes the array as it is, not
 *     a copy (events are made by the hundred thousand a second): the caller must not change it
 */
public record JournaledEvent(String topic, String key, long seq, long timestamp, byte[] value) {

  public JournaledEvent {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
  }

  /** The value (a copy). */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The value itself, not a copy, for publishing it: do not change it. */
  public byte[] valueBytes() {
    return value;
  }

  /** The value as text. */
  public String valueText() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /**
   * The id of the event at {@code index} (0-based, among the published events) of the entry at
   * {@code position} of journal {@code journalId}: {@code {journalId}-{position}-{index}}, unique
   * and the same each time the event is published.
   */
  public static String eventId(String journalId, long position, int index) {
    return journalId + "-" + position + "-" + index;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JournaledEvent other
        && topic.equals(other.topic)
        && key.equals(other.key)
        && seq == other.seq
        && timestamp == other.timestamp
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(topic, key, seq, timestamp, Arrays.hashCode(value));
  }

  @Override
  public String toString() {
    return topic + " " + key + " #" + seq + " " + valueText();
  }
}
