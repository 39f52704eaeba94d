package io.switchboard.kafka;

import static io.switchboard.kafka.TestEvents.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.json.EventJson;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.Event;
import io.switchboard.model.Timestamp;
import io.switchboard.verify.SwitchboardRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaEventSinkTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
  private static final EventJson JSON = new EventJson();

  private static String bootstrap;
  private static KafkaEventSink sink;

  @BeforeAll
  static void openSink() {
    bootstrap = SharedKafka.bootstrapServers();
    TopicNames topics = TestEvents.topicsFor("sink");
    Topics.ensure(bootstrap, TestEvents.topicsFor("sink-rejected"), 1, Optional.of((short) 1));
    sink = KafkaEventSink.open(bootstrap, topics, 4, Optional.of((short) 1), Map.of());
  }

  @AfterAll
  static void closeSink() {
    sink.close();
  }

  @Test
  void manyEventsAcrossKeysAreStoredInOrderPerKey() {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      Timestamp time = new Timestamp(1_700_000_000L + i, (i * 7_919) % 1_000_000);
      events.add(
          i % 2 == 0
              ? TestEvents.login("50" + (i % 10), "agent-" + (i % 7), time)
              : TestEvents.ringing("ct-" + (i % 11), i, "50" + (i % 10), time));
    }
    List<PublishedRecord> published = new ArrayList<>();
    List<CompletableFuture<List<PublishedRecord>>> calls = new ArrayList<>();
    for (int from = 0; from < events.size(); from += 25) {
      calls.add(sink.send(TENANT, events.subList(from, from + 25)));
    }
    calls.forEach(call -> published.addAll(call.join()));

    List<ConsumedRecord> read = RecordReader.read(bootstrap, published, READ_TIMEOUT);

    assertThat(read).hasSize(events.size());
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      ConsumedRecord record = read.get(i);
      assertThat(JSON.decode(record.value())).isEqualTo(event);
      assertThat(record.key())
          .isEqualTo(RecordKeys.key(TENANT, event))
          .isEqualTo(published.get(i).key());
      assertThat(record.topic()).isEqualTo(published.get(i).topic());
      assertThat(record.timestamp()).isEqualTo(event.time().toEpochMilli());
      assertThat(record.headers())
          .containsOnlyKeys(
              SwitchboardRecord.SEQ_HEADER,
              SwitchboardRecord.EVENT_ID_HEADER,
              CloudEventHeaders.SPECVERSION,
              CloudEventHeaders.ID,
              CloudEventHeaders.SOURCE,
              CloudEventHeaders.TYPE,
              CloudEventHeaders.TIME,
              CloudEventHeaders.SUBJECT,
              CloudEventHeaders.DATASCHEMA,
              CloudEventHeaders.CONTENT_TYPE);
      CloudEventsOnKafkaTest.assertCloudEvent(record.headers(), TENANT, event);
    }
    Map<String, List<Long>> seqs = new LinkedHashMap<>();
    read.forEach(
        r ->
            seqs.computeIfAbsent(r.topic() + " " + r.key(), k -> new ArrayList<>())
                .add(Long.parseLong(r.headers().get(SwitchboardRecord.SEQ_HEADER))));
    seqs.forEach(
        (key, numbers) ->
            assertThat(numbers)
                .as(key)
                .isEqualTo(
                    java.util.stream.LongStream.rangeClosed(1, numbers.size()).boxed().toList()));
    assertThat(read)
        .extracting(r -> r.headers().get(SwitchboardRecord.EVENT_ID_HEADER))
        .doesNotHaveDuplicates();
    Map<String, List<PublishedRecord>> byKey = new LinkedHashMap<>();
    published.forEach(p -> byKey.computeIfAbsent(p.key(), k -> new ArrayList<>()).add(p));
    assertThat(byKey).hasSize(7 + 11);
    byKey.forEach(
        (key, records) -> {
          assertThat(records)
              .extracting(PublishedRecord::partition)
              .as(key)
              .containsOnly(records.get(0).partition());
          assertThat(records)
              .extracting(PublishedRecord::offset)
              .as(key)
              .isSorted()
              .doesNotHaveDuplicates();
        });
  }

  @Test
  void aBatchWithAnUnpublishedEventIsRejectedBeforeAnythingIsSent() {
    TopicNames topics = TestEvents.topicsFor("sink-rejected");
    try (KafkaEventSink rejecting = new KafkaEventSink(bootstrap, topics, Map.of())) {
      Event ringing = TestEvents.ringing("ct-r", 1L, "5001", TestEvents.TIME);

      CompletableFuture<Void> rejected =
          rejecting.publish(TENANT, List.of(ringing, TestEvents.error(TestEvents.TIME)));

      assertThatThrownBy(rejected::join)
          .isInstanceOf(CompletionException.class)
          .hasCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("EventError");
      List<PublishedRecord> marker = rejecting.send(TENANT, List.of(ringing)).join();
      assertThat(marker).singleElement().extracting(PublishedRecord::offset).isEqualTo(0L);
    }
  }

  @Test
  void publishCompletesOnceAcknowledged() {
    Event dnd = TestEvents.dndOn("5009", TestEvents.TIME);

    assertThat(sink.publish(TENANT, List.of(dnd, dnd))).succeedsWithin(READ_TIMEOUT);
    assertThat(sink.send(TENANT, List.of()).join()).isEmpty();
  }

  @Test
  void orderingAndDurabilitySettingsCannotBeOverridden() {
    assertThatThrownBy(
            () -> KafkaEventSink.producerConfig(bootstrap, Map.of(ProducerConfig.ACKS_CONFIG, "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("acks=1 is not allowed")
        .hasMessageContaining("acks=all");
    assertThatThrownBy(
            () ->
                KafkaEventSink.producerConfig(
                    bootstrap, Map.of(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 6)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("max.in.flight.requests.per.connection=6");
    assertThat(
            KafkaEventSink.producerConfig(
                bootstrap,
                Map.of(ProducerConfig.ACKS_CONFIG, "-1", ProducerConfig.LINGER_MS_CONFIG, 20)))
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.LINGER_MS_CONFIG, 20)
        .containsEntry(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
  }
}
