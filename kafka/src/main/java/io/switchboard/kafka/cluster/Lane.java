package io.switchboard.kafka.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of a shard's two transactional producers, and what its open transaction holds. A shard sends
 * into one lane while the other's transaction commits, so that a commit never holds the steps back
 * (docs/cluster.md, "A step"). Guarded by the shard's transaction lock, except {@link #close}.
 */
final class Lane {

  private static final Logger log = LoggerFactory.getLogger(Lane.class);

  final KafkaProducer<String, byte[]> producer;
  private final String transactionalId;
  private boolean open;
  private int steps;
  private long[] acceptedAt = new long[1024];
  private final List<CompletableFuture<Void>> unacknowledged = new ArrayList<>();
  private final Map<String, Future<RecordMetadata>> snapshots = new HashMap<>();

  Lane(Map<String, Object> config) {
    this.producer = new KafkaProducer<>(config);
    this.transactionalId = String.valueOf(config.get("transactional.id"));
  }

  /** Fences every earlier producer with this lane's transactional id, and aborts what it left. */
  void fence() {
    producer.initTransactions();
  }

  /** Opens a transaction unless one is open; true if it opened one. */
  boolean begin() {
    if (open) {
      return false;
    }
    producer.beginTransaction();
    open = true;
    return true;
  }

  boolean isOpen() {
    return open;
  }

  int steps() {
    return steps;
  }

  /** A step sent into the open transaction: when it was accepted, and its acknowledgement. */
  void sent(long acceptedNanos, CompletableFuture<Void> acknowledged) {
    if (steps == acceptedAt.length) {
      acceptedAt = Arrays.copyOf(acceptedAt, acceptedAt.length * 2);
    }
    acceptedAt[steps++] = acceptedNanos;
    unacknowledged.add(acknowledged);
  }

  /** A tenant's snapshot sent into the open transaction. */
  void snapshot(String tenant, Future<RecordMetadata> sent) {
    snapshots.put(tenant, sent);
  }

  /** The snapshots of the open transaction, by tenant. */
  Map<String, Future<RecordMetadata>> snapshots() {
    return snapshots;
  }

  /**
   * The open transaction committed at {@code nowNanos}: how long each of its steps waited since it
   * was accepted, in {@code waits} (the first {@code steps()} entries, before this call), and the
   * lane is empty again.
   */
  long[] committed(long nowNanos) {
    for (int i = 0; i < steps; i++) {
      acceptedAt[i] = nowNanos - acceptedAt[i];
    }
    long[] waits = Arrays.copyOf(acceptedAt, steps);
    reset();
    return waits;
  }

  /**
   * Fails the steps of the open transaction not acknowledged yet. The transaction itself is left to
   * the fencing of the partition's next owner, which aborts it and adopts the steps it had
   * acknowledged.
   */
  void fail(Throwable cause) {
    for (CompletableFuture<Void> step : unacknowledged) {
      step.completeExceptionally(cause);
    }
    reset();
  }

  private void reset() {
    open = false;
    steps = 0;
    unacknowledged.clear();
    snapshots.clear();
  }

  /** Closes the producer; what it has not sent within {@code timeout} fails. */
  void close(Duration timeout) {
    try {
      producer.close(timeout);
    } catch (RuntimeException e) {
      log.debug("closing the producer {}", transactionalId, e);
    }
  }
}
