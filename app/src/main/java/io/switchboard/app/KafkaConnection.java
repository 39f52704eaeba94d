package io.switchboard.app;

import io.switchboard.journal.Journal;
import io.switchboard.kafka.EmbeddedKafka;
import io.switchboard.kafka.JournalPublisher;
import io.switchboard.kafka.KafkaEventSink;
import io.switchboard.kafka.TopicNames;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka a command publishes to: an external cluster, or an embedded single-node KRaft broker
 * started here; and what publishes there: a direct event sink (scenarios), or a publisher that
 * drains the service's journal. Closing stops the publisher, then the sink, then the broker.
 */
final class KafkaConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);

  private final EmbeddedKafka broker;
  private final String bootstrap;
  private final Map<String, Object> properties;
  private final TopicNames topics;
  private final int partitions;
  private final Optional<Short> replicationFactor;
  private KafkaEventSink sink;
  private JournalPublisher publisher;

  private KafkaConnection(
      EmbeddedKafka broker,
      String bootstrap,
      Map<String, Object> properties,
      TopicNames topics,
      int partitions,
      Optional<Short> replicationFactor) {
    this.broker = broker;
    this.bootstrap = bootstrap;
    this.properties = properties;
    this.topics = topics;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
  }

  /**
   * Connects to {@code external} when given, else starts the embedded broker in {@code dataDir} on
   * {@code port}. An external cluster is not contacted yet: see {@link #sink()} and {@link
   * #publish}.
   */
  static KafkaConnection open(
      Optional<String> external,
      Path dataDir,
      int port,
      Map<String, Object> properties,
      TopicNames topics,
      int partitions,
      Optional<Short> replicationFactor) {
    return open(
        external, dataDir, port, properties, topics, partitions, replicationFactor, Map.of());
  }

  /**
   * Connects as {@link #open(Optional, Path, int, Map, TopicNames, int, Optional)} does, the
   * embedded broker started with {@code brokerSettings} (its retention, say).
   */
  static KafkaConnection open(
      Optional<String> external,
      Path dataDir,
      int port,
      Map<String, Object> properties,
      TopicNames topics,
      int partitions,
      Optional<Short> replicationFactor,
      Map<String, String> brokerSettings) {
    if (external.isPresent()) {
      LOG.info("publishing to the Kafka cluster at {}", external.get());
      return new KafkaConnection(
          null, external.get(), properties, topics, partitions, replicationFactor);
    }
    Ports.requireFree(
        new InetSocketAddress(EmbeddedKafka.HOST, port), "the Kafka port", "--kafka-port");
    EmbeddedKafka broker;
    try {
      broker = EmbeddedKafka.start(dataDir, port, brokerSettings);
    } catch (RuntimeException e) {
      throw new UserError(
          "cannot start the embedded Kafka broker on port "
              + port
              + " in "
              + dataDir
              + ": "
              + e.getMessage(),
          e);
    }
    LOG.info(
        "embedded Kafka broker started at {} (data in {})", broker.bootstrapServers(), dataDir);
    return new KafkaConnection(
        broker,
        broker.bootstrapServers(),
        properties,
        topics,
        Math.max(1, partitions),
        Optional.of((short) 1));
  }

  String bootstrap() {
    return bootstrap;
  }

  Map<String, Object> properties() {
    return properties;
  }

  /**
   * A sink that publishes events directly, created on first use (with the topics when missing).
   *
   * @throws UserError if the cluster cannot be used
   */
  synchronized KafkaEventSink sink() {
    if (sink == null) {
      try {
        sink = KafkaEventSink.open(bootstrap, topics, partitions, replicationFactor, properties);
      } catch (RuntimeException e) {
        throw new UserError("cannot use Kafka at " + bootstrap + ": " + e.getMessage(), e);
      }
    }
    return sink;
  }

  /**
   * Starts publishing {@code journal}, telling {@code observer} how it goes; the publisher retries
   * in the background while the cluster cannot be reached, and is stopped when this connection
   * closes.
   *
   * @throws UserError if the Kafka properties contradict a fixed producer setting
   */
  synchronized JournalPublisher publish(Journal journal, JournalPublisher.Observer observer) {
    if (publisher != null) {
      throw new IllegalStateException("this connection already publishes a journal");
    }
    try {
      publisher =
          JournalPublisher.start(
              journal, bootstrap, properties, topics, partitions, replicationFactor, observer);
    } catch (IllegalArgumentException e) {
      throw new UserError("cannot use Kafka at " + bootstrap + ": " + e.getMessage(), e);
    }
    return publisher;
  }

  TopicNames topics() {
    return topics;
  }

  Optional<EmbeddedKafka> broker() {
    return Optional.ofNullable(broker);
  }

  @Override
  public synchronized void close() {
    try {
      if (publisher != null) {
        publisher.close();
      }
      if (sink != null) {
        sink.close();
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }
}
