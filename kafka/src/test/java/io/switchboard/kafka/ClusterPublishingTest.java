package io.switchboard.kafka;

import static io.switchboard.kafka.JournalPublisherTest.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.engine.IdSource;
import io.switchboard.journal.DurableTenants;
import io.switchboard.journal.JournalSettings;
import io.switchboard.kafka.testing.SharedKafkaCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Publishing to a cluster of three brokers: the topics Switchboard creates are replicated as the
 * brokers say, and the journal publisher loses nothing while a broker is killed under load.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterPublishingTest {
  @TempDir Path dir;

  static TopicDescription describe(Admin admin, String topic) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      } catch (java.util.concurrent.ExecutionException e) {
        // a topic just created may not be in every broker's metadata yet
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  static List<Integer> replicas(Admin admin, String topic) throws Exception {
    return describe(admin, topic).partitions().stream()
        .map(TopicPartitionInfo::replicas)
        .map(List::size)
        .toList();
  }

  @Test
  void createdTopicsGetTheBrokersReplicationFactorUnlessOneIsSet() throws Exception {
    String bootstrap = SharedKafkaCluster.bootstrap();
    TopicNames byDefault = TestEvents.topicsFor("cluster-default-factor");
    TopicNames explicit = TestEvents.topicsFor("cluster-explicit-factor");
    TopicNames single = TestEvents.topicsFor("cluster-single-replica");
    Logger topicsLog = (Logger) LoggerFactory.getLogger(Topics.class);
    ListAppender<ILoggingEvent> logged = new ListAppender<>();
    logged.start();
    topicsLog.addAppender(logged);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      Topics.ensure(admin, byDefault, 3, Optional.empty());
      Topics.ensure(admin, explicit, 2, Optional.of((short) 2));
      assertThat(logged.list).noneMatch(e -> e.getLevel() == Level.WARN);
      Topics.ensure(admin, single, 1, Optional.of((short) 1));

      for (String topic : byDefault.all()) {
        assertThat(replicas(admin, topic)).as(topic).containsExactly(3, 3, 3);
      }
      for (String topic : explicit.all()) {
        assertThat(replicas(admin, topic)).as(topic).containsExactly(2, 2);
      }
      assertThat(logged.list)
          .filteredOn(e -> e.getLevel() == Level.WARN)
          .singleElement()
          .extracting(ILoggingEvent::getFormattedMessage)
          .asString()
          .contains(single.agentState(), "single replica on a cluster of 3 brokers");
    } finally {
      topicsLog.detachAppender(logged);
    }
  }

  @Test
  void theJournalPublisherLosesNothingWhileABrokerIsKilled() throws Exception {
    LocalKafkaCluster cluster = SharedKafkaCluster.cluster();
    TopicNames topics = TestEvents.topicsFor("cluster-publisher");
    try (DurableTenants durable =
            DurableTenants.open(
                JournalSettings.of(dir.resolve("journal")),
                List.of(BrokerOutageTest.tenant()),
                Clock.systemUTC(),
                t -> IdSource.sequential(System.currentTimeMillis() << 20),
                RecordKeys.keying());
        JournalPublisher publisher =
            JournalPublisher.start(
                durable.journal(), cluster.bootstrap(), Map.of(), topics, 3, Optional.empty())) {
      Traffic traffic = new Traffic(durable.tenants(), "acme");
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Throwable> failed = new AtomicReference<>();
      List<Thread> threads = BrokerOutageTest.load(traffic, stop, failed);
      try {
        await("some events are published", () -> publisher.stats().publishedEvents() > 200);
        int victim;
        try (Admin admin =
            Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()))) {
          assertThat(replicas(admin, topics.callThread())).containsOnly(3);
          // the broker that leads the first call-thread partition
          victim = describe(admin, topics.callThread()).partitions().get(0).leader().id() - 1;
        }
        cluster.kill(victim);
        long publishedAtKill = publisher.stats().publishedEvents();
        // two replicas of three are left, as many as min.insync.replicas asks
        await(
            "events are published while broker " + victim + " is down",
            () -> publisher.stats().publishedEvents() > publishedAtKill + 1000);
        assertThat(cluster.isRunning(victim)).isFalse();
        cluster.restart(victim);
        long publishedAtRestart = publisher.stats().publishedEvents();
        await(
            "events are published after the restart",
            () -> publisher.stats().publishedEvents() > publishedAtRestart + 500);
      } finally {
        stop.set(true);
        for (Thread thread : threads) {
          thread.join(TimeUnit.SECONDS.toMillis(60));
        }
      }
      assertThat(failed.get()).isNull();
      await(
          "the journal is published",
          () -> durable.journal().publishedPosition() == durable.journal().lastPosition());

      Delivered delivered = Delivered.read(cluster.bootstrap(), topics);
      delivered.containsExactly(traffic.acked());
      assertThat(delivered.records()).isEqualTo(traffic.acked().size());
    }
  }
}
