package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.kafka.testing.SharedKafkaCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three-node cluster serves replicated, transactional writes and read_committed reads, keeps
 * serving them while a node is killed, and takes the node back when it is restarted.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LocalKafkaClusterTest {

  @TempDir Path dir;

  static Admin admin(LocalKafkaCluster cluster) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrap()));
  }

  static KafkaProducer<String, String> producer(String bootstrap, String transactionalId) {
    KafkaProducer<String, String> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                transactionalId,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                60_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName()));
    producer.initTransactions();
    return producer;
  }

  /**
   * Writes {@code values} in one committed transaction, and {@code "aborted"} in an aborted one.
   */
  static void write(KafkaProducer<String, String> producer, String topic, List<String> values)
      throws Exception {
    producer.beginTransaction();
    producer.send(new ProducerRecord<>(topic, "k", "aborted")).get();
    producer.abortTransaction();
    producer.beginTransaction();
    for (String value : values) {
      producer.send(new ProducerRecord<>(topic, "k", value));
    }
    producer.commitTransaction();
  }

  /** Everything committed on {@code topic}, read with read_committed. */
  static List<String> readCommitted(String bootstrap, String topic) {
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class.getName()))) {
      TopicPartition partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition), Duration.ofSeconds(30)).get(partition);
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (consumer.position(partition, Duration.ofSeconds(30)) < end) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("gave up reading " + topic + " up to offset " + end);
        }
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          values.add(record.value());
        }
      }
      return values;
    }
  }

  static TopicDescription create(Admin admin, String topic) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty()))).all().get();
    // a topic just created may not be known to every broker yet
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      try {
        return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause()
                instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  static List<String> values(String prefix, int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(prefix + i);
    }
    return values;
  }

  @Test
  void threeNodesServeReplicatedTransactionalWritesAndReadCommittedReads() throws Exception {
    LocalKafkaCluster cluster = SharedKafkaCluster.cluster();
    assertThat(cluster.size()).isEqualTo(3);
    assertThat(cluster.bootstrap().split(",")).hasSize(3).allMatch(s -> s.startsWith("127.0.0.1:"));
    try (Admin admin = admin(cluster)) {
      assertThat(admin.describeCluster().nodes().get()).extracting(Node::id).contains(1, 2, 3);
      TopicDescription topic = create(admin, "cluster-transactions");
      assertThat(topic.partitions().get(0).replicas()).hasSize(3);
      assertThat(topic.partitions().get(0).isr()).hasSize(3);
    }
    try (KafkaProducer<String, String> producer = producer(cluster.bootstrap(), "cluster-tx")) {
      write(producer, "cluster-transactions", values("v", 20));
    }
    assertThat(readCommitted(cluster.bootstrap(), "cluster-transactions"))
        .isEqualTo(values("v", 20));
    for (int node = 0; node < 3; node++) {
      assertThat(cluster.isRunning(node)).isTrue();
      assertThat(cluster.logFile(node)).exists();
    }
    // the brokers are processes of their own, and their CPU time is read from the system
    assertThat(cluster.cpuTime()).isPositive();
  }

  @Test
  void writesGoOnWhileANodeIsKilledAndTheNodeComesBack() throws Exception {
    LocalKafkaCluster cluster = SharedKafkaCluster.cluster();
    String topic = "cluster-kill";
    int leader;
    try (Admin admin = admin(cluster)) {
      leader = create(admin, topic).partitions().get(0).leader().id() - 1;
    }
    try (KafkaProducer<String, String> producer = producer(cluster.bootstrap(), "cluster-kill")) {
      write(producer, topic, values("before", 5));
      cluster.kill(leader);
      assertThat(cluster.isRunning(leader)).isFalse();
      // two replicas of three are left: min.insync.replicas=2 still accepts acks=all
      write(producer, topic, values("during", 5));
      cluster.restart(leader);
      assertThat(cluster.isRunning(leader)).isTrue();
      write(producer, topic, values("after", 5));
    }
    List<String> expected = new ArrayList<>(values("before", 5));
    expected.addAll(values("during", 5));
    expected.addAll(values("after", 5));
    assertThat(readCommitted(cluster.bootstrap(), topic)).isEqualTo(expected);
    try (Admin admin = admin(cluster)) {
      Set<Integer> brokers =
          admin.describeCluster().nodes().get().stream().map(Node::id).collect(Collectors.toSet());
      assertThat(brokers).containsExactlyInAnyOrder(1, 2, 3);
      // the restarted node catches up and is in sync again
      JournalPublisherTest.await(
          "node " + leader + " is back in sync",
          () -> {
            try {
              return admin
                      .describeTopics(List.of(topic))
                      .allTopicNames()
                      .get()
                      .get(topic)
                      .partitions()
                      .get(0)
                      .isr()
                      .size()
                  == 3;
            } catch (Exception e) {
              return false;
            }
          });
    }
  }

  @Test
  void aClusterStartsAgainOnItsDataWithItsRecords() throws Exception {
    Path data = dir.resolve("cluster");
    String id;
    try (LocalKafkaCluster cluster = LocalKafkaCluster.start(1, data)) {
      id = cluster.clusterId();
      assertThat(cluster.size()).isEqualTo(1);
      try (Admin admin = admin(cluster)) {
        assertThat(create(admin, "kept").partitions().get(0).replicas()).hasSize(1);
      }
      try (KafkaProducer<String, String> producer = producer(cluster.bootstrap(), "kept")) {
        write(producer, "kept", values("v", 3));
      }
      cluster.stop(0);
      assertThat(cluster.isRunning(0)).isFalse();
    }
    try (LocalKafkaCluster cluster = LocalKafkaCluster.start(1, data)) {
      assertThat(cluster.clusterId()).isEqualTo(id);
      assertThat(readCommitted(cluster.bootstrap(), "kept")).isEqualTo(values("v", 3));
      assertThat(Files.readString(cluster.logFile(0))).contains("starting node 0");
    }
    assertThatThrownBy(() -> LocalKafkaCluster.start(3, data))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds a local Kafka cluster of 1 node(s), not 3");
  }

  @Test
  void aNodeThatCannotStartNamesItsLogFile() throws Exception {
    Path data = dir.resolve("broken");
    String id = org.apache.kafka.common.Uuid.randomUuid().toString();
    Files.createDirectories(data.resolve("node-0").resolve("logs"));
    Files.writeString(data.resolve("cluster.id"), id + "\n");
    Files.writeString(data.resolve("nodes"), "1\n");
    // a log directory of another node: Kafka refuses to start on it
    Files.writeString(
        data.resolve("node-0").resolve("logs").resolve("meta.properties"),
        "version=1\nnode.id=7\ncluster.id="
            + id
            + "\ndirectory.id="
            + org.apache.kafka.common.Uuid.randomUuid()
            + "\n");
    assertThatThrownBy(() -> LocalKafkaCluster.start(1, data))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Local Kafka node 0 did not start")
        .hasMessageContaining(data.resolve("node-0").resolve("node.log").toString())
        .hasMessageContaining("7");
    assertThatThrownBy(() -> LocalKafkaCluster.start(0, dir.resolve("none")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 to 9 nodes");
  }
}
