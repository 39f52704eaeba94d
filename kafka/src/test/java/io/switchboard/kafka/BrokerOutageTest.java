package io.switchboard.kafka;

import static io.switchboard.kafka.JournalPublisherTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.journal.DurableTenants;
import io.switchboard.journal.JournalSettings;
import io.switchboard.model.Attribute;
import io.switchboard.model.DNType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker stops under load and comes back: steps are acknowledged all along from the journal,
 * and once the broker is back every acknowledged event is on Kafka once, in order per key. With a
 * small bound, steps are refused while the journal is full, and accepted again once it drains.
 */
class BrokerOutageTest {
  @TempDir Path dir;

  static final int PAIRS = 4;

  static TenantConfig tenant() {
    List<DirectoryEntry> directory = new ArrayList<>();
    for (int i = 0; i < 2 * PAIRS; i++) {
      directory.add(new DirectoryEntry(Integer.toString(5001 + i), DNType.Extension));
    }
    return TenantConfig.of("acme", directory);
  }

  DurableTenants open(long maxBytes) {
    return DurableTenants.open(
        JournalSettings.of(dir.resolve("journal")).withMaxBytes(maxBytes),
        List.of(tenant()),
        Clock.systemUTC(),
        t -> IdSource.sequential(System.currentTimeMillis() << 20),
        RecordKeys.keying());
  }

  /** Calls on every pair, from one thread per pair, until {@code stop}. */
  static List<Thread> load(Traffic traffic, AtomicBoolean stop, AtomicReference<Throwable> failed) {
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < PAIRS; p++) {
      String a = Integer.toString(5001 + 2 * p);
      String b = Integer.toString(5002 + 2 * p);
      Thread thread =
          new Thread(
              () -> {
                try {
                  traffic.login(b, "a" + b);
                  while (!stop.get()) {
                    traffic.call(a, b);
                  }
                } catch (Throwable e) {
                  failed.compareAndSet(null, e);
                }
              },
              "load-" + a);
      thread.start();
      threads.add(thread);
    }
    return threads;
  }

  @Test
  void aBrokerOutageUnderLoadLosesNothing() throws Exception {
    TopicNames topics = TopicNames.defaults();
    Path kafkaDir = dir.resolve("kafka");
    EmbeddedKafka broker = EmbeddedKafka.start(kafkaDir, 0);
    int port = broker.port();
    String bootstrap = broker.bootstrapServers();
    try (DurableTenants durable = open(JournalSettings.DEFAULT_MAX_BYTES);
        JournalPublisher publisher =
            JournalPublisher.start(
                durable.journal(), bootstrap, Map.of(), topics, 3, Optional.of((short) 1))) {
      Traffic traffic = new Traffic(durable.tenants(), "acme");
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      List<Thread> threads = load(traffic, stop, failed);
      await("some events are published", () -> publisher.stats().publishedEvents() > 200);

      broker.close();
      long ackedWhenStopped = traffic.acked().size();
      await(
          "steps go on being acknowledged", () -> traffic.acked().size() > ackedWhenStopped + 500);
      long publishedWhileDown = durable.journal().publishedPosition();
      assertThat(durable.journal().lastPosition()).isGreaterThan(publishedWhileDown);

      broker = EmbeddedKafka.start(kafkaDir, port);
      await(
          "steps are acknowledged after the restart",
          () -> traffic.acked().size() > ackedWhenStopped + 1000);
      stop.set(true);
      for (Thread thread : threads) {
        thread.join();
      }
      assertThat(failed.get()).isNull();
      await(
          "the journal is published",
          () -> durable.journal().publishedPosition() == durable.journal().lastPosition());

      Delivered delivered = Delivered.read(bootstrap, topics);
      delivered.containsExactly(traffic.acked());
      assertThat(delivered.records()).isEqualTo(traffic.acked().size());
    } finally {
      broker.close();
    }
  }

  @Test
  void aFullJournalRefusesStepsUntilKafkaIsBack() throws Exception {
    TopicNames topics = TopicNames.defaults();
    Path kafkaDir = dir.resolve("kafka");
    EmbeddedKafka broker = EmbeddedKafka.start(kafkaDir, 0);
    int port = broker.port();
    String bootstrap = broker.bootstrapServers();
    try (DurableTenants durable = open(64 * 1024);
        JournalPublisher publisher =
            JournalPublisher.start(
                durable.journal(), bootstrap, Map.of(), topics, 3, Optional.of((short) 1))) {
      Traffic traffic = new Traffic(durable.tenants(), "acme");
      traffic.login("5002", "a5002");
      traffic.call("5001", "5002");
      await(
          "the first call is published",
          () -> durable.journal().publishedPosition() == durable.journal().lastPosition());
      broker.close();

      Outcome refused = null;
      boolean dnd = false;
      while (refused == null) {
        String request = dnd ? "RequestSetDNDOff" : "RequestSetDNDOn";
        Outcome outcome = traffic.attempt("{\"" + request + "\": {\"ThisDN\": \"5003\"}}");
        if (outcome.rejected()) {
          refused = outcome;
        } else {
          dnd = !dnd;
        }
      }
      assertThat(refused.error().orElseThrow().get(Attribute.ErrorCode, Long.class))
          .contains((long) ErrorCode.JournalFull.code());
      assertThat(durable.journal().stats().full()).isTrue();
      // refused again, and nothing changes
      String flip = dnd ? "RequestSetDNDOff" : "RequestSetDNDOn";
      assertThat(traffic.attempt("{\"" + flip + "\": {\"ThisDN\": \"5003\"}}").rejected()).isTrue();
      assertThat(durable.tenants().view("acme").dns().get(2).dnd()).isEqualTo(dnd);

      broker = EmbeddedKafka.start(kafkaDir, port);
      await("the journal drains", () -> !durable.journal().stats().full());
      traffic.run("{\"" + flip + "\": {\"ThisDN\": \"5003\"}}");
      await(
          "the journal is published",
          () -> durable.journal().publishedPosition() == durable.journal().lastPosition());

      Delivered delivered = Delivered.read(bootstrap, topics);
      delivered.containsExactly(traffic.acked());
      assertThat(traffic.refused()).isEqualTo(2);
    } finally {
      broker.close();
    }
  }
}
