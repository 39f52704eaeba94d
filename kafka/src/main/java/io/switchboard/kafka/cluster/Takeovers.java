package io.switchboard.kafka.cluster;

import java.util.Collection;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An instance's figures of its takeovers and of the partitions it served: what {@link
 * ClusterNode#stats} reports, the figures of the shards it no longer owns included.
 */
final class Takeovers {

  private final AtomicLong takeovers = new AtomicLong();
  private final AtomicLong lastMillis = new AtomicLong();
  private final AtomicLong maxMillis = new AtomicLong();
  private final AtomicLong rebuiltRecords = new AtomicLong();
  private final AtomicLong replayedSteps = new AtomicLong();
  private final AtomicLong adoptedSteps = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong retiredSteps = new AtomicLong();
  private final AtomicLong retiredTransactions = new AtomicLong();

  /** A shard was taken over in {@code millis}. */
  void tookOver(Shard shard, long millis) {
    takeovers.incrementAndGet();
    lastMillis.set(millis);
    maxMillis.accumulateAndGet(millis, Math::max);
    shard
        .rebuild()
        .ifPresent(
            r -> {
              rebuiltRecords.addAndGet(r.records());
              replayedSteps.addAndGet(r.steps());
              adoptedSteps.addAndGet(r.adopted());
            });
  }

  /** A takeover, a record or a commit failed. */
  void failed() {
    failures.incrementAndGet();
  }

  /** A shard is no longer owned: its figures are kept. */
  void retired(Shard shard) {
    retiredSteps.addAndGet(shard.committedSteps());
    retiredTransactions.addAndGet(shard.transactions());
  }

  /** The figures now, with those of the shards owned now. */
  ClusterNode.Stats stats(Collection<Shard> owned) {
    long steps = retiredSteps.get();
    long transactions = retiredTransactions.get();
    int tenants = 0;
    for (Shard shard : owned) {
      steps += shard.committedSteps();
      transactions += shard.transactions();
      tenants += shard.tenants().size();
    }
    return new ClusterNode.Stats(
        owned.size(),
        tenants,
        takeovers.get(),
        lastMillis.get(),
        maxMillis.get(),
        rebuiltRecords.get(),
        replayedSteps.get(),
        adoptedSteps.get(),
        steps,
        transactions,
        failures.get());
  }
}
