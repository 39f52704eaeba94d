package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.journal.DurableTenants;
import io.switchboard.journal.Journal;
import io.switchboard.journal.JournalEntry;
import io.switchboard.journal.JournalReader;
import io.switchboard.journal.JournalSettings;
import io.switchboard.journal.JournaledEvent;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.DNType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal drained to Kafka: order, headers, resuming without duplicates, an absent cluster. */
class JournalPublisherTest {
  @TempDir Path dir;

  static final TenantConfig ACME =
      TenantConfig.of(
          "acme",
          List.of(
              new DirectoryEntry("5001", DNType.Extension),
              new DirectoryEntry("5002", DNType.Extension),
              new DirectoryEntry("5003", DNType.Extension),
              new DirectoryEntry("5004", DNType.Extension)));

  DurableTenants open() {
    return DurableTenants.open(
        JournalSettings.of(dir.resolve("journal")),
        List.of(ACME),
        Clock.systemUTC(),
        t -> IdSource.sequential(System.currentTimeMillis() << 20),
        RecordKeys.keying());
  }

  static JournalPublisher publisher(DurableTenants durable, String bootstrap, TopicNames topics) {
    return JournalPublisher.start(
        durable.journal(), bootstrap, Map.of(), topics, 3, Optional.of((short) 1));
  }

  /** Waits for {@code condition}, failing after a generous minute. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  static void awaitPublished(DurableTenants durable) throws InterruptedException {
    await(
        "the journal is published",
        () -> durable.journal().publishedPosition() == durable.journal().lastPosition());
  }

  @Test
  void aCleanStartWarnsOfNothing() throws Exception {
    TopicNames topics = new TopicNames("jp-quiet-agentstate", "jp-quiet-callthread");
    ch.qos.logback.classic.Logger kafka =
        (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka");
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> warnings =
        new ch.qos.logback.core.read.ListAppender<>();
    warnings.start();
    kafka.addAppender(warnings);
    try (DurableTenants durable = open();
        JournalPublisher publisher = publisher(durable, SharedKafka.bootstrapServers(), topics)) {
      Traffic traffic = new Traffic(durable.tenants(), "acme");
      traffic.login("5002", "1002");
      traffic.call("5001", "5002");
      awaitPublished(durable);
      await("the publisher is connected", () -> publisher.stats().connected());
    } finally {
      kafka.detachAppender(warnings);
    }
    assertThat(warnings.list)
        .filteredOn(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .filteredOn(m -> m.contains("switchboard-publisher"))
        .isEmpty();
  }

  @Test
  void journaledStepsReachKafkaInOrderWithTheirNumbers() throws Exception {
    TopicNames topics = new TopicNames("jp-order-agentstate", "jp-order-callthread");
    try (DurableTenants durable = open();
        JournalPublisher publisher = publisher(durable, SharedKafka.bootstrapServers(), topics)) {
      Traffic traffic = new Traffic(durable.tenants(), "acme");
      traffic.login("5002", "1002");
      traffic.login("5004", "1004");
      for (int i = 0; i < 10; i++) {
        traffic.call("5001", "5002");
        traffic.call("5003", "5004");
      }
      awaitPublished(durable);
      assertThat(publisher.stats().publishedEvents()).isEqualTo(traffic.acked().size());
      assertThat(publisher.stats().errors()).isZero();
      Delivered delivered = Delivered.read(SharedKafka.bootstrapServers(), topics);
      delivered.containsExactly(traffic.acked());
      assertThat(delivered.records()).isEqualTo(traffic.acked().size());
    }
  }

  @Test
  void aRestartPublishesWhatIsLeftAndNothingTwice() throws Exception {
    TopicNames topics = new TopicNames("jp-restart-agentstate", "jp-restart-callthread");
    Traffic first;
    try (DurableTenants durable = open();
        JournalPublisher publisher = publisher(durable, SharedKafka.bootstrapServers(), topics)) {
      first = new Traffic(durable.tenants(), "acme");
      first.login("5002", "1002");
      first.call("5001", "5002");
      awaitPublished(durable);
    }
    // as after a crash before the published position was written down
    Files.delete(dir.resolve("journal").resolve("published"));
    try (DurableTenants durable = open()) {
      assertThat(durable.journal().publishedPosition()).isZero();
      Traffic second = new Traffic(durable.tenants(), "acme");
      second.call("5001", "5002");
      try (JournalPublisher publisher =
          publisher(durable, SharedKafka.bootstrapServers(), topics)) {
        awaitPublished(durable);
        assertThat(publisher.stats().skippedEvents()).isEqualTo(first.acked().size());
        assertThat(publisher.stats().publishedEvents()).isEqualTo(second.acked().size());
      }
      List<Traffic.Acked> all = new java.util.ArrayList<>(first.acked());
      all.addAll(second.acked());
      Delivered delivered = Delivered.read(SharedKafka.bootstrapServers(), topics);
      delivered.containsExactly(all);
      assertThat(delivered.records()).isEqualTo(all.size());
    }
  }

  @Test
  void anEntryHalfOnKafkaAfterACrashIsCompletedNotSkipped() throws Exception {
    TopicNames topics = new TopicNames("jp-half-agentstate", "jp-half-callthread");
    Topics.ensure(SharedKafka.bootstrapServers(), topics, 3, Optional.of((short) 1));
    Traffic traffic;
    try (DurableTenants durable = open()) {
      traffic = new Traffic(durable.tenants(), "acme");
      traffic.login("5002", "1002");
      // as if a crash came between two requests of the publisher: the first of the entry's events
      // on the agent's partition is on Kafka, the next one is not
      Journal journal = durable.journal();
      JournalEntry.Step step;
      try (JournalReader reader = journal.reader(journal.lastPosition())) {
        step = (JournalEntry.Step) JournalEntry.decode(reader.poll().orElseThrow().payload());
      }
      List<JournaledEvent> events = step.events();
      assertThat(events).hasSizeGreaterThanOrEqualTo(2);
      assertThat(events.get(1).key()).isEqualTo(events.get(0).key());
      EventRecords records = new EventRecords(topics);
      try (KafkaProducer<String, byte[]> producer =
          new KafkaProducer<>(PublishedPositionsTest.producerConfig())) {
        producer
            .send(
                records.record(
                    events.get(0),
                    EventRecords.partition(events.get(0).key(), 3),
                    JournaledEvent.eventId(journal.id(), journal.lastPosition(), 0)))
            .get(1, TimeUnit.MINUTES);
      }
    }
    try (DurableTenants durable = open();
        JournalPublisher publisher = publisher(durable, SharedKafka.bootstrapServers(), topics)) {
      awaitPublished(durable);
      assertThat(publisher.stats().skippedEvents()).isEqualTo(1);
    }
    Delivered delivered = Delivered.read(SharedKafka.bootstrapServers(), topics);
    delivered.containsExactly(traffic.acked());
    assertThat(delivered.records()).isEqualTo(traffic.acked().size());
  }

  @Test
  void stepsAreAcknowledgedWhileNoClusterCanBeReached() throws Exception {
    TopicNames topics = new TopicNames("jp-absent-agentstate", "jp-absent-callthread");
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    try (DurableTenants durable = open();
        JournalPublisher publisher = publisher(durable, "127.0.0.1:" + closedPort, topics)) {
      Traffic traffic = new Traffic(durable.tenants(), "acme");
      traffic.login("5002", "1002");
      traffic.call("5001", "5002");
      await("the publisher reports a failure", () -> publisher.stats().errors() > 0);
      assertThat(publisher.stats().connected()).isFalse();
      assertThat(publisher.stats().lastError()).isPresent();
      assertThat(durable.journal().publishedPosition()).isZero();
      assertThat(durable.journal().stats().unpublishedEntries())
          .isEqualTo(durable.journal().lastPosition());
    }
  }

  @Test
  void aRecordKafkaRefusesForGoodStopsPublishingAtOnceAndTheJournalKeepsIt() throws Exception {
    TopicNames topics = new TopicNames("jp-large-agentstate", "jp-large-callthread");
    ConfigResource callThread = new ConfigResource(ConfigResource.Type.TOPIC, topics.callThread());
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.agentState(), 3, (short) 1),
                  new NewTopic(topics.callThread(), 3, (short) 1)
                      .configs(Map.of("max.message.bytes", "2048"))))
          .all()
          .get(1, TimeUnit.MINUTES);
    }
    Traffic traffic;
    try (DurableTenants durable = open();
        JournalPublisher publisher = publisher(durable, SharedKafka.bootstrapServers(), topics)) {
      traffic = new Traffic(durable.tenants(), "acme");
      traffic.login("5002", "1002");
      // the call's events carry 8 KB of user data that does not compress: larger than the topic
      // takes
      traffic.run(
          "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\", \"UserData\":"
              + " {\"Note\": \""
              + incompressible(8000)
              + "\"}}}");
      long refused = durable.journal().lastPosition();
      await("publishing stops", () -> publisher.state() == JournalPublisher.State.FAILED);
      PublisherStats stats = publisher.stats();
      assertThat(stats.failed()).isTrue();
      assertThat(stats.connected()).isFalse();
      assertThat(stats.lastError())
          .hasValueSatisfying(
              error ->
                  assertThat(error)
                      .contains("journal entry " + refused)
                      .contains(topics.callThread())
                      .contains("RecordTooLargeException")
                      .contains("retrying cannot fix this")
                      .contains("max.message.bytes"));
      // nothing accepted is lost: the entry stays in the journal, and steps are still taken
      assertThat(durable.journal().publishedPosition()).isLessThan(refused);
      traffic.run("{\"RequestAgentNotReady\": {\"ThisDN\": \"5002\"}}");
      assertThat(publisher.state()).isEqualTo(JournalPublisher.State.FAILED);
    }
    // the cause fixed, a restart publishes every step, each record once
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  callThread,
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", "1048588"),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get(1, TimeUnit.MINUTES);
    }
    try (DurableTenants durable = open();
        JournalPublisher publisher = publisher(durable, SharedKafka.bootstrapServers(), topics)) {
      awaitPublished(durable);
      assertThat(publisher.state()).isEqualTo(JournalPublisher.State.PUBLISHING);
    }
    Delivered delivered = Delivered.read(SharedKafka.bootstrapServers(), topics);
    delivered.containsExactly(traffic.acked());
    assertThat(delivered.records()).isEqualTo(traffic.acked().size());
  }

  /** {@code length} letters and digits drawn at random (seeded): lz4 gains little on them. */
  private static String incompressible(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    java.util.SplittableRandom random = new java.util.SplittableRandom(12);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
