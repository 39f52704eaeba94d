package io.switchboard.kafka.cluster;

import io.switchboard.journal.KeySequences;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a shard keeps of each of its tenants beside the engine: the numbering of its published
 * events, how many steps it has taken, how many since its last snapshot, and where that snapshot
 * is. Rebuilt by {@link StepLogReader}, advanced by {@link Shard}.
 */
final class ShardTenants {

  /** Each tenant's per-key sequence numbers of published events. */
  final Map<String, KeySequences> sequences = new ConcurrentHashMap<>();

  /** Each tenant's number of steps taken, the number of its latest step. */
  final Map<String, Long> stepNumbers = new ConcurrentHashMap<>();

  /** Each tenant's steps since its latest snapshot. */
  final Map<String, Long> sinceSnapshot = new ConcurrentHashMap<>();

  /** The offset of each tenant's latest committed snapshot in the step log. */
  final Map<String, Long> snapshotOffsets = new ConcurrentHashMap<>();

  /** The tenants held. */
  Set<String> tenants() {
    return Set.copyOf(sequences.keySet());
  }

  /** Forgets a tenant that was removed. */
  void forget(String tenant) {
    sequences.remove(tenant);
    stepNumbers.remove(tenant);
    sinceSnapshot.remove(tenant);
    snapshotOffsets.remove(tenant);
  }

  /** Forgets every tenant. */
  void clear() {
    sequences.clear();
    stepNumbers.clear();
    sinceSnapshot.clear();
    snapshotOffsets.clear();
  }
}
