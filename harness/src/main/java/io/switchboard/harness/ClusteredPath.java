package io.switchboard.harness;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.cluster.ClusterNode;
import io.switchboard.kafka.cluster.ClusterSettings;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Cluster mode's path: the tenant served by one instance of a cluster of its own (a new step log
 * per run), each step replicated in Kafka with its events before it is acknowledged.
 */
final class ClusteredPath implements PublishingPath {
  private final String bootstrap;
  private final TopicNames topics;
  private final long commitIntervalMs;
  private final LongConsumer visibleWaits;
  private final String name = "bench" + UUID.randomUUID().toString().substring(0, 8);
  private int runs;
  private ClusterNode node;
  private volatile int transactionVersion;

  /**
   * @param commitIntervalMs how long a partition's transaction stays open
   * @param visibleWaits told how long each step waited between its acceptance and the commit that
   *     made its events visible to read_committed consumers (nanoseconds)
   */
  ClusteredPath(
      String bootstrap, TopicNames topics, long commitIntervalMs, LongConsumer visibleWaits) {
    this.bootstrap = bootstrap;
    this.topics = topics;
    this.commitIntervalMs = commitIntervalMs;
    this.visibleWaits = visibleWaits;
  }

  @Override
  public Tenants create(TenantConfig tenant, InstantSource clock, Function<String, IdSource> ids) {
    ClusterSettings settings =
        ClusterSettings.of(name + "-" + ++runs, "bench", bootstrap, topics, "127.0.0.1:0")
            .withPartitions(1)
            .withCommitInterval(java.time.Duration.ofMillis(commitIntervalMs));
    node = ClusterNode.start(settings, List.of(tenant), clock, ids, RecordKeys.keying(), t -> {});
    node.onVisible(nanos -> visibleWaits.accept(nanos));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (node.locate(tenant.tenant()).kind() != ClusterNode.Location.Kind.LOCAL) {
      if (System.nanoTime() > deadline) {
        throw new HarnessFailure(
            "the cluster instance did not take tenant "
                + tenant.tenant()
                + " over within 60 s: "
                + node.health());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    transactionVersion = node.transactionVersion();
    return node.tenants();
  }

  /** Kafka's transaction protocol version, as the last run's instance read it (0: not said). */
  int transactionVersion() {
    return transactionVersion;
  }

  @Override
  public void finish() {
    if (node != null) {
      node.close();
      node = null;
    }
  }
}
