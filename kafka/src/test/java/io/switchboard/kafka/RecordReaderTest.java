package io.switchboard.kafka;

import static io.switchboard.kafka.TestEvents.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.json.EventJson;
import io.switchboard.kafka.testing.KafkaTail;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RecordReaderTest {

  private static final TopicNames TOPICS = TestEvents.topicsFor("reader");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static String bootstrap;
  private static List<Event> events;
  private static List<PublishedRecord> published;

  @BeforeAll
  static void publish() {
    bootstrap = SharedKafka.bootstrapServers();
    events = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      events.add(
          i % 2 == 0
              ? TestEvents.dndOn("60" + (i % 4), TestEvents.TIME)
              : TestEvents.ringing("ct-" + (i % 3), i, "6001", TestEvents.TIME));
    }
    try (KafkaEventSink sink = KafkaEventSink.open(bootstrap, TOPICS, 2, (short) 1, Map.of())) {
      published = sink.send(TENANT, events).join();
    }
  }

  @Test
  void recordsComeBackInTheOrderAskedFor() {
    List<PublishedRecord> reversed = new ArrayList<>(published);
    Collections.reverse(reversed);

    List<ConsumedRecord> read = RecordReader.read(bootstrap, reversed, TIMEOUT);

    assertThat(read)
        .extracting(r -> new PublishedRecord(r.topic(), r.partition(), r.offset(), r.key()))
        .containsExactlyElementsOf(reversed);
  }

  @Test
  void recordsThatCannotBeReadAreNamed() {
    PublishedRecord present = published.get(0);
    PublishedRecord absent = new PublishedRecord(TOPICS.agentState(), 0, 1_000_000L, "acme:6000");

    assertThatThrownBy(
            () -> RecordReader.read(bootstrap, List.of(present, absent), Duration.ofMillis(500)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Read 1 of 2 records from " + bootstrap)
        .hasMessageContaining("missing: " + TOPICS.agentState() + "-0@1000000 (key acme:6000)")
        .hasMessageContaining("longer timeout");
  }

  @Test
  void tailingFromTheBeginningSeesEveryRecordOnce() {
    List<ConsumedRecord> seen = KafkaTail.fromBeginning(bootstrap, TOPICS.all(), events.size());

    EventJson json = new EventJson();
    assertThat(seen)
        .extracting(r -> json.decode(r.value()))
        .containsExactlyInAnyOrderElementsOf(events);
  }

  @Test
  void tailingAMissingTopicFails() {
    assertThatThrownBy(
            () -> RecordReader.tail(bootstrap, List.of("no-such-topic"), true, r -> {}, () -> true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'no-such-topic' does not exist");
  }
}
