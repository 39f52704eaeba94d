package io.switchboard.kafka.cluster;

import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.HandledStep;
import io.switchboard.engine.Refusal;
import io.switchboard.engine.TenantConfig;
import io.switchboard.journal.JournalEntry;
import io.switchboard.model.Event;
import io.switchboard.model.request.Step;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToIntFunction;

/**
 * The engines' sink in cluster mode: each tenant's steps, and the changes of its configuration, go
 * to the shard of its partition, if this instance owns it.
 */
final class ShardSink implements EventSink {

  private final Map<Integer, Shard> shards;
  private final ToIntFunction<String> partitionOf;
  private final Map<String, TenantConfig> configured;

  ShardSink(
      Map<Integer, Shard> shards,
      ToIntFunction<String> partitionOf,
      Map<String, TenantConfig> configured) {
    this.shards = shards;
    this.partitionOf = partitionOf;
    this.configured = configured;
  }

  @Override
  public CompletableFuture<Void> publish(String tenant, List<Event> events) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException("the cluster takes whole steps: use Tenants.submit"));
  }

  @Override
  public Optional<Refusal> admit(String tenant, Step step) {
    Shard shard = shards.get(partitionOf.applyAsInt(tenant));
    if (shard == null) {
      return Optional.of(
          new Refusal(
              ErrorCode.ClusterUnavailable,
              "tenant '" + tenant + "' moved to another instance; retry, on any instance"));
    }
    return shard.refusal(tenant);
  }

  @Override
  public CompletableFuture<Void> accept(HandledStep step) {
    Shard shard = shards.get(partitionOf.applyAsInt(step.tenant()));
    if (shard == null) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("tenant '" + step.tenant() + "' moved before it committed"));
    }
    return shard.accept(step);
  }

  @Override
  public void configured(TenantConfig config) {
    Shard shard = shards.get(partitionOf.applyAsInt(config.tenant()));
    if (shard == null) {
      throw new IllegalStateException(
          "tenant '" + config.tenant() + "' is not served by this instance");
    }
    // while a shard is rebuilt it records the configuration itself, once, at the end
    if (shard.state() != Shard.State.RECOVERING) {
      shard.record(new JournalEntry.Configured(config));
      configured.put(config.tenant(), config);
    }
  }

  @Override
  public void removed(String tenant) {
    Shard shard = shards.get(partitionOf.applyAsInt(tenant));
    if (shard == null) {
      throw new IllegalStateException("tenant '" + tenant + "' is not served by this instance");
    }
    if (shard.state() != Shard.State.RECOVERING) {
      shard.record(new JournalEntry.Removed(tenant));
    }
  }
}
