package io.switchboard.kafka;

import io.switchboard.journal.JournaledEvent;
import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Topic;
import io.switchboard.verify.SwitchboardRecord;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;

/**
 * The one place that turns an event into a Kafka record.
 *
 * <ul>
 *   <li>topic: {@link TopicNames#of} the event type's topic;
 *   <li>key: {@link RecordKeys#key};
 *   <li>value: the event as Genesys documents it, in JSON ({@link EventJson#encode});
 *   <li>timestamp: the event's {@code time}, in milliseconds since the epoch;
 *   <li>partition: the one the producer's default partitioner picks from the key's hash ({@link
 *       #partition}); the journal's publisher sets it explicitly, so that it knows where each event
 *       goes;
 *   <li>headers: {@code switchboard.seq}, the event's number among the events of its key (1, 2,
 *       3... without gaps, in decimal), and {@code switchboard.event-id}, an id that is unique and
 *       the same each time the event is published, so that a consumer can drop a duplicate (their
 *       names are defined once, on the consumers' side: {@link SwitchboardRecord#SEQ_HEADER},
 *       {@link SwitchboardRecord#EVENT_ID_HEADER}). Header names starting with {@code switchboard.}
 *       are reserved for what Switchboard adds beside the event (the value itself stays faithful to
 *       Genesys); and the CloudEvents headers ({@link CloudEventHeaders}: {@code ce_id}, {@code
 *       ce_type}, {@code ce_dataschema}...), so that CloudEvents SDKs and routers read the records
 *       as CloudEvents in binary mode.
 * </ul>
 */
public final class EventRecords {

  private final TopicNames topics;
  private final EventJson json = new EventJson();
  private final CloudEventHeaders cloudEvents = new CloudEventHeaders();

  /** Builds records for the topics named by {@code topics}. */
  public EventRecords(TopicNames topics) {
    this.topics = Objects.requireNonNull(topics, "topics");
  }

  /** The topic names records go to. */
  public TopicNames topics() {
    return topics;
  }

  /**
   * The record of {@code event} published for {@code tenant}, without the headers: for tools that
   * measure or sample records; what Switchboard publishes always carries them ({@link
   * #record(String, Event, long, String)}).
   *
   * @throws IllegalArgumentException if the event is never published or the key cannot be built
   *     (see {@link RecordKeys#key})
   */
  public ProducerRecord<String, byte[]> record(String tenant, Event event) {
    String key = RecordKeys.key(tenant, event);
    return new ProducerRecord<>(
        topics.of(event.type().topic()),
        null,
        event.time().toEpochMilli(),
        key,
        json.encode(event),
        new RecordHeaders());
  }

  /**
   * The record of {@code event} published for {@code tenant}, with its sequence number and id.
   *
   * @throws IllegalArgumentException if the event is never published or the key cannot be built
   *     (see {@link RecordKeys#key})
   */
  public ProducerRecord<String, byte[]> record(
      String tenant, Event event, long seq, String eventId) {
    String key = RecordKeys.key(tenant, event);
    return new ProducerRecord<>(
        topics.of(event.type().topic()),
        null,
        event.time().toEpochMilli(),
        key,
        json.encode(event),
        headers(event.type(), key, event.time().toEpochMilli(), seq, eventId));
  }

  /**
   * The record of a journaled event, for partition {@code partition} of its topic.
   *
   * @throws IllegalArgumentException if the event has no key or its topic is not a published one
   */
  public ProducerRecord<String, byte[]> record(
      JournaledEvent event, int partition, String eventId) {
    if (event.key().isEmpty()) {
      throw new IllegalArgumentException("a journaled event without a key is never published");
    }
    return new ProducerRecord<>(
        topics.of(Topic.valueOf(event.topic())),
        partition,
        event.timestamp(),
        event.key(),
        event.valueBytes(),
        headers(
            CloudEventHeaders.typeOf(event.valueBytes()),
            event.key(),
            event.timestamp(),
            event.seq(),
            eventId));
  }

  /**
   * The record of a journaled event, for the partition the producer picks from its key.
   *
   * @throws IllegalArgumentException if the event has no key or its topic is not a published one
   */
  public ProducerRecord<String, byte[]> record(JournaledEvent event, String eventId) {
    if (event.key().isEmpty()) {
      throw new IllegalArgumentException("a journaled event without a key is never published");
    }
    return new ProducerRecord<>(
        topics.of(Topic.valueOf(event.topic())),
        null,
        event.timestamp(),
        event.key(),
        event.valueBytes(),
        headers(
            CloudEventHeaders.typeOf(event.valueBytes()),
            event.key(),
            event.timestamp(),
            event.seq(),
            eventId));
  }

  /**
   * The record of {@code event} as a consumer would read it at {@code offset} of {@code partition}:
   * what {@link #record(String, Event, long, String)} publishes, headers decoded, for tools that
   * show records without a broker.
   *
   * @throws IllegalArgumentException if the event is never published or the key cannot be built
   */
  public ConsumedRecord consumed(
      String tenant, Event event, long seq, String eventId, int partition, long offset) {
    ProducerRecord<String, byte[]> record = record(tenant, event, seq, eventId);
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return new ConsumedRecord(
        record.topic(),
        partition,
        offset,
        record.key(),
        headers,
        record.value(),
        record.timestamp());
  }

  /**
   * The partition of {@code key} among {@code partitions}: the one Kafka's default partitioner
   * picks (murmur2 of the key's UTF-8 bytes).
   */
  public static int partition(String key, int partitions) {
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    return Utils.toPositive(Utils.murmur2(bytes)) % partitions;
  }

  private RecordHeaders headers(
      EventType type, String key, long timestamp, long seq, String eventId) {
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        SwitchboardRecord.SEQ_HEADER, Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
    headers.add(SwitchboardRecord.EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
    cloudEvents.add(headers, type, key, timestamp, eventId);
    return headers;
  }
}
