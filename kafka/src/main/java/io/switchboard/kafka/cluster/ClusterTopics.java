package io.switchboard.kafka.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The topics a cluster needs, created when missing, every one with the brokers' default replication
 * factor and {@code min.insync.replicas} (never a replication factor chosen here): the step log
 * (kept whole by retention; what the tenants' snapshots cover is deleted at takeovers), the
 * compacted index of the snapshots, the compacted instances topic, and the two published topics.
 */
final class ClusterTopics {

  private static final Logger log = LoggerFactory.getLogger(ClusterTopics.class);

  /**
   * The largest record of the step log: a tenant's snapshot is one record, as large as its state,
   * which an entry may hold ({@link io.switchboard.journal.Journal#MAX_PAYLOAD}) with room for the
   * record's own fields.
   */
  static final int MAX_RECORD_BYTES = io.switchboard.journal.Journal.MAX_PAYLOAD + (1 << 20);

  private ClusterTopics() {}

  /**
   * Creates the missing topics.
   *
   * @return the number of partitions of the step log (the existing topic's, if it existed)
   * @throws IllegalStateException if the cluster cannot be reached or refuses a topic
   */
  static int ensure(Admin admin, ClusterSettings settings) {
    long timeout = settings.commitTimeout().toMillis() * 3;
    try {
      Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
      List<NewTopic> missing = new ArrayList<>();
      missing.add(
          new NewTopic(settings.stepsTopic(), Optional.of(settings.partitions()), Optional.empty())
              .configs(
                  Map.of(
                      "cleanup.policy",
                      "delete",
                      "retention.ms",
                      "-1",
                      "max.message.bytes",
                      Integer.toString(MAX_RECORD_BYTES))));
      missing.add(
          new NewTopic(settings.instancesTopic(), Optional.of(1), Optional.empty())
              .configs(Map.of("cleanup.policy", "compact")));
      for (String topic : settings.topics().all()) {
        missing.add(new NewTopic(topic, Optional.of(settings.partitions()), Optional.empty()));
      }
      createMissing(admin, existing, missing, timeout);
      // the index of the snapshots has the partitions of the step log, whoever created it
      int partitions = describe(admin, settings.stepsTopic(), timeout).partitions().size();
      createMissing(
          admin,
          existing,
          List.of(
              new NewTopic(settings.snapshotsTopic(), Optional.of(partitions), Optional.empty())
                  .configs(Map.of("cleanup.policy", "compact"))),
          timeout);
      return partitions;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating the cluster's topics", e);
    } catch (Exception e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new IllegalStateException(
          "Could not prepare the topics of cluster "
              + settings.cluster()
              + " on Kafka at "
              + settings.bootstrap()
              + ": "
              + cause
              + ". Check that the bootstrap servers are right and the cluster is up.",
          cause);
    }
  }

  private static void createMissing(
      Admin admin, Set<String> existing, List<NewTopic> topics, long timeout) throws Exception {
    for (NewTopic topic : topics) {
      if (existing.contains(topic.name())) {
        continue;
      }
      try {
        admin.createTopics(List.of(topic)).all().get(timeout, TimeUnit.MILLISECONDS);
        log.info("Created Kafka topic {} with the brokers' default replication", topic.name());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /** The topic's description, waiting while a topic just created is not known to every broker. */
  private static TopicDescription describe(Admin admin, String topic, long timeout)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
    while (true) {
      try {
        return admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(timeout, TimeUnit.MILLISECONDS)
            .get(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
