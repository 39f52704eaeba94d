package io.switchboard.kafka.cluster;

import io.switchboard.verify.GrouplessConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The configurations of the Kafka clients of one cluster instance, each named after its role. */
final class ClientConfigs {

  private final ClusterSettings settings;

  ClientConfigs(ClusterSettings settings) {
    this.settings = settings;
  }

  /**
   * The producer of one partition of the step log: transactional (its id fences the previous
   * owner), {@code acks=all}, every wait bounded by the commit timeout so that a Kafka outage
   * refuses steps within that time instead of holding them.
   */
  Map<String, Object> transactionalProducer(int partition, int lane) {
    Map<String, Object> config = base(ProducerConfig.configNames());
    int timeout = (int) settings.commitTimeout().toMillis();
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId("commit-" + partition + "-" + lane));
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId(partition, lane));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    // a step's records wait up to 5 ms for others (Kafka's own default since 4.0, and the raw
    // producer's in bench) unless kafka.properties sets linger.ms: with 0, each batch held a few
    // records, and the brokers, not the service, were what limited throughput and p99 (measured,
    // docs/BENCHMARKS.md); a lane switch flushes at once whatever is lingering
    config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
    config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
    // a tenant's snapshot is one record: as large as its state (compressed)
    config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ClusterTopics.MAX_RECORD_BYTES);
    // lz4 unless kafka.properties sets compression.type: without it the brokers take about twice
    // the bytes and the answers' p99 rose by half or more (measured, docs/BENCHMARKS.md), though
    // each batch's lz4 buffers are most of what the service allocates
    config.putIfAbsent(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1_000, timeout / 2));
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
    // a transaction's first records wait while the coordinator completes the one before (it
    // answers CONCURRENT_TRANSACTIONS meanwhile): retry soon, not after the default 100 ms
    config.put(ProducerConfig.RETRY_BACKOFF_MS_CONFIG, 10);
    // an owner that dies with a transaction open holds back read_committed consumers until its
    // successor fences it, or at the latest until this timeout
    config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.max(15_000, timeout * 2));
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return config;
  }

  /** The plain producer that says where this instance's API is. */
  Map<String, Object> announcer() {
    Map<String, Object> config = base(ProducerConfig.configNames());
    config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId("announce"));
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.commitTimeout().toMillis());
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return config;
  }

  /** A consumer without a group that reads what is committed (a rebuild, the instances topic). */
  Map<String, Object> reader() {
    Map<String, Object> config =
        GrouplessConsumer.config(
            settings.bootstrap(), settings.clientProperties(), clientId("rebuild"));
    config.put(
        ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.commitTimeout().toMillis());
    return config;
  }

  /**
   * A consumer without a group that reads every record, committed or not: a takeover's second pass,
   * which finds the steps acknowledged in a transaction that never committed.
   */
  Map<String, Object> uncommittedReader() {
    Map<String, Object> config = reader();
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId("adopt"));
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    return config;
  }

  /** The group member: static membership, cooperative rebalancing, reads nothing itself. */
  Map<String, Object> member() {
    Map<String, Object> config = reader();
    int session = (int) settings.sessionTimeout().toMillis();
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId("member"));
    config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.group());
    config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instance());
    config.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    config.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, session);
    config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Math.max(300, session / 4));
    return config;
  }

  /** An admin client. */
  Map<String, Object> admin() {
    Map<String, Object> config = base(AdminClientConfig.configNames());
    config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId("admin"));
    config.put(
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) settings.commitTimeout().toMillis());
    config.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) settings.commitTimeout().toMillis());
    return config;
  }

  private String clientId(String role) {
    return "switchboard-" + settings.cluster() + "-" + settings.instance() + "-" + role;
  }

  private Map<String, Object> base(Set<String> known) {
    Map<String, Object> config = new HashMap<>();
    settings
        .clientProperties()
        .forEach(
            (name, value) -> {
              if (known.contains(name)) {
                config.put(name, value);
              }
            });
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    return config;
  }
}
