package io.switchboard.kafka;

import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The one place that turns an event into a Kafka record.
 *
 * <ul>
 *   <li>topic: {@link TopicNames#of} the event type's topic;
 *   <li>key: {@link RecordKeys#key};
 *   <li>value: the event as Genesys documents it, in JSON ({@link EventJson#encode});
 *   <li>timestamp: the event's {@code time}, in milliseconds since the epoch;
 *   <li>partition: not set, so the producer's default partitioner picks it from the key's hash;
 *   <li>headers: none yet. Header names starting with {@value #HEADER_PREFIX} are reserved for what
 *       Switchboard adds beside the event (the value itself stays faithful to Genesys).
 * </ul>
 */
public final class EventRecords {

  /** The prefix of every header name Switchboard sets. */
  public static final String HEADER_PREFIX = "switchboard.";

  private final TopicNames topics;
  private final EventJson json = new EventJson();

  /** Builds records for the topics named by {@code topics}. */
  public EventRecords(TopicNames topics) {
    this.topics = Objects.requireNonNull(topics, "topics");
  }

  /** The topic names records go to. */
  public TopicNames topics() {
    return topics;
  }

  /**
   * The record of {@code event} published for {@code tenant}.
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
}
