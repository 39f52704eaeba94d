package io.switchboard.app;

import io.switchboard.kafka.EmbeddedKafka;
import io.switchboard.kafka.KafkaEventSink;
import io.switchboard.kafka.TopicNames;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka a command publishes to: an external cluster, or an embedded single-node KRaft broker
 * started here; and the event sink over it. Closing stops the sink, then the broker.
 */
final class KafkaConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaConnection.class);

  private final EmbeddedKafka broker;
  private final String bootstrap;
  private final Map<String, Object> properties;
  private final KafkaEventSink sink;
  private final TopicNames topics;

  private KafkaConnection(
      EmbeddedKafka broker,
      String bootstrap,
      Map<String, Object> properties,
      TopicNames topics,
      int partitions,
      short replicationFactor) {
    this.broker = broker;
    this.bootstrap = bootstrap;
    this.properties = properties;
    this.topics = topics;
    try {
      this.sink = KafkaEventSink.open(bootstrap, topics, partitions, replicationFactor, properties);
    } catch (RuntimeException e) {
      if (broker != null) {
        broker.close();
      }
      throw new UserError("cannot use Kafka at " + bootstrap + ": " + e.getMessage(), e);
    }
  }

  /**
   * Connects to {@code external} when given, else starts the embedded broker in {@code dataDir} on
   * {@code port}.
   */
  static KafkaConnection open(
      Optional<String> external,
      Path dataDir,
      int port,
      Map<String, Object> properties,
      TopicNames topics,
      int partitions,
      short replicationFactor) {
    if (external.isPresent()) {
      LOG.info("publishing to the Kafka cluster at {}", external.get());
      return new KafkaConnection(
          null, external.get(), properties, topics, partitions, replicationFactor);
    }
    EmbeddedKafka broker;
    try {
      broker = EmbeddedKafka.start(dataDir, port);
    } catch (RuntimeException e) {
      throw new UserError(
          "cannot start the embedded Kafka broker on port "
              + port
              + " in "
              + dataDir
              + ": "
              + e.getMessage()
              + (port != 0 ? " (is the port in use? --kafka-port 0 picks a free one)" : ""),
          e);
    }
    LOG.info(
        "embedded Kafka broker started at {} (data in {})", broker.bootstrapServers(), dataDir);
    return new KafkaConnection(
        broker, broker.bootstrapServers(), properties, topics, Math.max(1, partitions), (short) 1);
  }

  String bootstrap() {
    return bootstrap;
  }

  Map<String, Object> properties() {
    return properties;
  }

  KafkaEventSink sink() {
    return sink;
  }

  TopicNames topics() {
    return topics;
  }

  Optional<EmbeddedKafka> broker() {
    return Optional.ofNullable(broker);
  }

  @Override
  public void close() {
    try {
      sink.close();
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }
}
