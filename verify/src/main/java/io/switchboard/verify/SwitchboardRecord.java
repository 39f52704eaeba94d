package io.switchboard.verify;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * A Switchboard record as a consumer reads it: where it is, its key, its sequence number and event
 * id (from the headers), its value (the Genesys event as JSON) and its timestamp (the event time).
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the offset
 * @param key the key ({@code {tenant}:{agent or DN}} or {@code {tenant}:{call thread}})
 * @param seq the record's number within its key; empty for a record without the header
 * @param eventId the event id; empty for a record without the header
 * @param value the value bytes
 * @param timestamp the timestamp in milliseconds since the epoch
 */
public record SwitchboardRecord(
    String topic,
    int partition,
    long offset,
    String key,
    OptionalLong seq,
    Optional<String> eventId,
    byte[] value,
    long timestamp) {

  // The header names are defined here once, for the publishing side (io.switchboard.kafka) and the
  // consumers alike. They are built with concat, so they are not compile-time constants: every use
  // reads these fields instead of a copy of the text, and the architecture test can check that no
  // class spells a name out again.

  /**
   * The prefix of every header name Switchboard sets: names starting with it are reserved for what
   * Switchboard adds beside the event (the value itself stays faithful to Genesys).
   */
  public static final String HEADER_PREFIX = "switchboard.";

  /** The header of the sequence number, in decimal: {@code switchboard.seq}. */
  public static final String SEQ_HEADER = HEADER_PREFIX.concat("seq");

  /** The header of the event id: {@code switchboard.event-id}. */
  public static final String EVENT_ID_HEADER = HEADER_PREFIX.concat("event-id");

  public SwitchboardRecord {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(seq, "seq");
    Objects.requireNonNull(eventId, "eventId");
    value = value.clone();
  }

  /** The record a Kafka consumer read (String keys, byte-array values). */
  public static SwitchboardRecord of(ConsumerRecord<String, byte[]> record) {
    OptionalLong seq = OptionalLong.empty();
    Header seqHeader = record.headers().lastHeader(SEQ_HEADER);
    if (seqHeader != null && seqHeader.value() != null) {
      try {
        seq =
            OptionalLong.of(
                Long.parseLong(new String(seqHeader.value(), StandardCharsets.US_ASCII)));
      } catch (NumberFormatException e) {
        seq = OptionalLong.empty();
      }
    }
    Header idHeader = record.headers().lastHeader(EVENT_ID_HEADER);
    Optional<String> eventId =
        idHeader == null || idHeader.value() == null
            ? Optional.empty()
            : Optional.of(new String(idHeader.value(), StandardCharsets.UTF_8));
    return new SwitchboardRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.key() == null ? "" : record.key(),
        seq,
        eventId,
        record.value() == null ? new byte[0] : record.value(),
        record.timestamp());
  }

  /** The value (a copy). */
  @Override
  public byte[] value() {
    return value.clone();
  }

  /** The value as text. */
  public String valueText() {
    return new String(value, StandardCharsets.UTF_8);
  }

  /**
   * The part of the event id before its first {@code -}: the journal (or publisher run) that
   * numbered the record. Numbers of one key start again at 1 when it changes (a new journal).
   */
  public String origin() {
    return eventId
        .map(id -> id.indexOf('-') < 0 ? id : id.substring(0, id.indexOf('-')))
        .orElse("");
  }

  /** Where the record is: {@code topic-partition@offset}. */
  public String where() {
    return topic + "-" + partition + "@" + offset;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SwitchboardRecord other
        && topic.equals(other.topic)
        && partition == other.partition
        && offset == other.offset
        && key.equals(other.key)
        && seq.equals(other.seq)
        && eventId.equals(other.eventId)
        && Arrays.equals(value, other.value)
        && timestamp == other.timestamp;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        topic, partition, offset, key, seq, eventId, Arrays.hashCode(value), timestamp);
  }

  @Override
  public String toString() {
    return where() + " key " + key + " seq " + (seq.isPresent() ? seq.getAsLong() : "-");
  }
}
