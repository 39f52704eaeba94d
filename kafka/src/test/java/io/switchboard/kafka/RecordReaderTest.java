package io.switchboard.kafka;

import static io.switchboard.kafka.TestEvents.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.json.EventJson;
import io.switchboard.kafka.testing.KafkaTail;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.Event;
import io.switchboard.verify.KafkaUnreachableException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.management.MBeanServer;
import javax.management.ObjectName;
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
    try (KafkaEventSink sink =
        KafkaEventSink.open(bootstrap, TOPICS, 2, Optional.of((short) 1), Map.of())) {
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
  void aTailStartedBeforeItsTopicsExistReadsThemFromTheirBeginning() throws Exception {
    TopicNames later = TestEvents.topicsFor("reader-later");
    CountDownLatch waiting = new CountDownLatch(1);
    List<String> notices = new CopyOnWriteArrayList<>();
    List<ConsumedRecord> seen = new CopyOnWriteArrayList<>();
    long deadline = System.nanoTime() + KafkaTail.PATIENCE.toNanos();
    CompletableFuture<Void> tail =
        CompletableFuture.runAsync(
            () ->
                RecordReader.tail(
                    new RecordReader.Tail(
                        bootstrap,
                        Map.of(),
                        later.all(),
                        false,
                        TIMEOUT,
                        notice -> {
                          notices.add(notice);
                          waiting.countDown();
                        }),
                    seen::add,
                    () -> seen.size() >= 3 || System.nanoTime() - deadline > 0));
    assertThat(waiting.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(notices.get(0))
        .contains("waiting for " + later.agentState() + ", " + later.callThread())
        .contains("read from their beginning");
    // the topics appear after the tail started: their first records are not missed
    try (KafkaEventSink sink =
        KafkaEventSink.open(bootstrap, later, 2, Optional.of((short) 1), Map.of())) {
      sink.send(TENANT, events.subList(0, 3)).join();
    }
    tail.get(KafkaTail.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    EventJson json = new EventJson();
    assertThat(seen)
        .extracting(r -> json.decode(r.value()))
        .containsExactlyInAnyOrderElementsOf(events.subList(0, 3));
  }

  @Test
  void aTailIsNamedAfterItsRole() throws Exception {
    MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
    ObjectName tailMetrics =
        new ObjectName("kafka.consumer:type=consumer-metrics,client-id=" + ClientIds.TAIL);
    AtomicBoolean named = new AtomicBoolean();
    RecordReader.tail(
        bootstrap,
        TOPICS.all(),
        true,
        r -> {},
        () -> {
          named.set(!beans.queryNames(tailMetrics, null).isEmpty());
          return true;
        });
    assertThat(named).isTrue();
  }

  @Test
  void anUnreachableClusterIsNamed() throws Exception {
    String nowhere;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      nowhere = "127.0.0.1:" + free.getLocalPort();
    }
    String address = nowhere;
    assertThatThrownBy(
            () ->
                RecordReader.tail(
                    new RecordReader.Tail(
                        address, Map.of(), TOPICS.all(), true, Duration.ofSeconds(1), n -> {}),
                    r -> {},
                    () -> true))
        .isInstanceOf(KafkaUnreachableException.class)
        .hasMessageContaining("Kafka at " + address + " cannot be reached");
  }
}
