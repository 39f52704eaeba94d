package io.switchboard.kafka.cluster;

import io.switchboard.journal.JournalEntry;
import io.switchboard.kafka.ProducerObserver;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * The transactions of one shard: its two lanes, the records sent into the open one, and the
 * committer that commits it every commit interval (docs/cluster.md, "A step" and "Two lanes").
 *
 * <p>A step's records go into the current lane's open transaction at once and the step is
 * acknowledged when Kafka has replicated them all. Every {@link ClusterSettings#commitInterval}
 * (sooner when {@link #MAX_STEPS_PER_TRANSACTION} steps are in it), the current lane stops taking
 * records, is flushed, and the other lane takes over; the flushed lane then commits while the steps
 * go on in the other. The steps that come while a lane is flushed wait, in order, for the other
 * one: their records must follow the flushed ones in every partition.
 *
 * <p>Locks: {@code txn} guards the lanes and what they hold, and is held while records are sent and
 * while the lanes switch; the producer's callbacks never take it. {@code commits} keeps the commits
 * one at a time and in order, and is never held under {@code txn}. Acknowledgements are completed
 * on a thread of their own, never the producer's network thread: the callers' continuations (and
 * their next steps) would otherwise run on the thread that a commit needs.
 */
final class StepLogWriter {

  /** The most steps a transaction takes before it commits, whatever the interval. */
  static final int MAX_STEPS_PER_TRANSACTION = 20_000;

  /** What the writer needs of the shard it writes for. */
  interface Owner {
    /** The shard's state now: records are taken while it serves, committed while it closes. */
    Shard.State state();

    /** Why the shard does not serve, when it does not. */
    String why();

    /**
     * The committer failed (a record refused, a commit that did not complete); not under a lock.
     */
    void failed(RuntimeException cause);

    /** A transaction committed; the snapshots it held are at these offsets of the step log. */
    void committed(Map<String, Long> snapshotOffsets, long[] waitedNanos);

    /** Told of the lanes' producers as they start and close. */
    ProducerObserver producers();
  }

  /** A step's records, built before they are sent (whichever lane takes them). */
  record Outgoing(
      ProducerRecord<String, byte[]> step, List<ProducerRecord<String, byte[]>> events) {}

  /**
   * A step ({@link Outgoing}, with its acknowledgement) or a snapshot ({@link
   * JournalEntry.Snapshot}) accepted while the lanes switch, to be sent once they have.
   */
  private record Deferred(Object entry, long accepted, CompletableFuture<Void> acknowledged) {}

  private final int partition;
  private final ClusterSettings settings;
  private final ClientConfigs configs;
  private final Owner owner;
  private final AtomicLong committedSteps = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final ExecutorService acknowledger;
  private Thread committer;

  private final Object txn = new Object();
  private final ReentrantLock commits = new ReentrantLock();
  private final Lane[] lanes = new Lane[ClusterSettings.LANES];
  private Lane current;
  private boolean switching;
  private final List<Deferred> deferred = new ArrayList<>();
  // when the current lane's transaction began (System.nanoTime), 0 when none is open
  private volatile long openedAt;

  // Wakes the committer: a record failed, a transaction is full, the shard closes. Never held
  // while waiting on Kafka, so that the producer's callbacks can take it.
  private final Object signal = new Object();
  private volatile boolean commitWanted;
  // the first record Kafka refused: the cause of the failure that follows
  private volatile Exception firstRefusal;

  StepLogWriter(int partition, ClusterSettings settings, ClientConfigs configs, Owner owner) {
    this.partition = partition;
    this.settings = settings;
    this.configs = configs;
    this.owner = owner;
    this.acknowledger =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "switchboard-acknowledge-" + partition);
              t.setDaemon(true);
              return t;
            });
  }

  long committedSteps() {
    return committedSteps.get();
  }

  long transactions() {
    return transactions.get();
  }

  /** The first record Kafka refused, if one was. */
  Exception firstRefusal() {
    return firstRefusal;
  }

  /**
   * Makes the lanes' producers and fences every earlier producer of their transactional ids: what
   * they left open is aborted, and nothing they send from now on is taken.
   */
  void fence() {
    for (int lane = 0; lane < lanes.length; lane++) {
      lanes[lane] = new Lane(configs.transactionalProducer(partition, lane));
      owner.producers().producerStarted(lanes[lane].producer);
      lanes[lane].fence();
    }
    current = lanes[0];
  }

  /**
   * A takeover's first transaction, committed before this returns: the adopted steps, the changes
   * of configuration and a snapshot of every tenant.
   */
  void first(
      List<Outgoing> adopted,
      List<ProducerRecord<String, byte[]>> changes,
      List<JournalEntry.Snapshot> snapshots) {
    synchronized (txn) {
      begin();
      for (Outgoing step : adopted) {
        send(step, System.nanoTime(), new CompletableFuture<>());
      }
      for (ProducerRecord<String, byte[]> change : changes) {
        current.producer.send(change);
      }
      snapshots.forEach(this::sendSnapshot);
    }
    commitCurrent();
  }

  /** Starts the committer; once the shard serves. */
  void start() {
    committer = new Thread(this::commitLoop, "switchboard-commit-" + partition);
    committer.setDaemon(true);
    committer.start();
  }

  /**
   * Sends a step's records into the open transaction, then the tenant's snapshot when one is due
   * (it follows the step in the log). The future completes once Kafka has replicated the step's
   * records, or fails with the first refusal; it fails at once if the shard does not serve.
   */
  CompletableFuture<Void> send(
      Outgoing step, long accepted, Optional<JournalEntry.Snapshot> snapshot) {
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    synchronized (txn) {
      if (owner.state() != Shard.State.SERVING) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("partition " + partition + " is not served: " + owner.why()));
      }
      try {
        if (switching) {
          deferred.add(new Deferred(step, accepted, acknowledged));
          snapshot.ifPresent(s -> deferred.add(new Deferred(s, accepted, null)));
        } else {
          begin();
          send(step, accepted, acknowledged);
          snapshot.ifPresent(this::sendSnapshot);
        }
      } catch (RuntimeException e) {
        refused(e);
        return CompletableFuture.failedFuture(e);
      }
    }
    return acknowledged;
  }

  /**
   * Commits a record alone: the transaction open before it commits first, then one with the record
   * only. Under {@code commits}, so no commit of the committer comes between.
   *
   * @throws KafkaException if it cannot be committed
   */
  void commitAlone(ProducerRecord<String, byte[]> record) {
    commits.lock();
    try {
      commitCurrent();
      synchronized (txn) {
        begin();
        current.producer.send(record);
      }
      commitCurrent();
    } finally {
      commits.unlock();
    }
  }

  /** Wakes the committer: the shard closes or failed. */
  void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** Waits for the committer to end (a graceful close commits what is open first). */
  void awaitCommitter() {
    Thread thread = committer;
    if (thread == null) {
      return;
    }
    try {
      thread.join(settings.commitTimeout().toMillis() + 1_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }

  /**
   * Closes the producers (what they have not sent within {@code timeout} fails), fails the steps
   * not acknowledged yet with {@code cause}, and stops acknowledging. The open transactions are
   * left to the fencing of the partition's next owner, which aborts them and adopts the steps they
   * had acknowledged.
   */
  void close(Duration timeout, Throwable cause) {
    for (Lane lane : lanes) {
      if (lane != null) {
        lane.close(timeout);
        owner.producers().producerClosed(lane.producer);
      }
    }
    synchronized (txn) {
      for (Lane lane : lanes) {
        if (lane != null) {
          lane.fail(cause);
        }
      }
      for (Deferred held : deferred) {
        if (held.acknowledged() != null) {
          held.acknowledged().completeExceptionally(cause);
        }
      }
      deferred.clear();
      switching = false;
      openedAt = 0;
    }
    acknowledger.shutdown();
  }

  // ------------------------------------------------------------------ under txn

  /** Opens a transaction in the current lane if none is open. */
  private void begin() {
    if (current.begin()) {
      openedAt = System.nanoTime();
    }
  }

  private void send(Outgoing outgoing, long accepted, CompletableFuture<Void> acknowledged) {
    Acks acks = new Acks(1 + outgoing.events().size(), acknowledged);
    KafkaProducer<String, byte[]> producer = current.producer;
    producer.send(outgoing.step(), acks);
    for (ProducerRecord<String, byte[]> event : outgoing.events()) {
      producer.send(event, acks);
    }
    current.sent(accepted, acknowledged);
    if (current.steps() >= MAX_STEPS_PER_TRANSACTION) {
      commitWanted = true;
      wake();
    }
  }

  private void sendSnapshot(JournalEntry.Snapshot snapshot) {
    current.snapshot(
        snapshot.tenant(),
        current.producer.send(
            StepLogReader.record(settings, partition, snapshot, OptionalLong.empty()),
            (metadata, e) -> {
              if (e != null) {
                refused(e);
              }
            }));
  }

  // ------------------------------------------------------------------ the commits

  /**
   * Commits the current lane's transaction, if one is open, while the steps that come meanwhile go
   * into the other lane; under {@code commits}, not {@code txn}.
   *
   * <p>The committing lane takes no more records: the steps that come are held back. The index of
   * its snapshots is sent (it never points at a snapshot that did not commit) and every record of
   * the lane is flushed (replicated). Then the other lane becomes the current one and the steps
   * held back are sent into it: its records follow the committing lane's in every partition. The
   * commit itself comes last, and the steps sent meanwhile do not wait for it. The other lane's own
   * previous commit ended an interval ago, so its coordinator is ready for a new transaction.
   */
  private void commitCurrent() {
    Lane committing;
    synchronized (txn) {
      if (!current.isOpen()) {
        return;
      }
      committing = current;
      switching = true;
    }
    Map<String, Long> indexed = new HashMap<>();
    for (Map.Entry<String, Future<RecordMetadata>> sent : committing.snapshots().entrySet()) {
      long offset = offsetOf(sent.getValue());
      indexed.put(sent.getKey(), offset);
      committing.producer.send(
          new ProducerRecord<>(
              settings.snapshotsTopic(),
              partition,
              null,
              sent.getKey(),
              ByteBuffer.allocate(Long.BYTES).putLong(offset).array()));
    }
    committing.producer.flush();
    synchronized (txn) {
      current = committing == lanes[0] ? lanes[1] : lanes[0];
      openedAt = 0;
      commitWanted = false;
      switching = false;
      for (Deferred held : deferred) {
        begin();
        if (held.entry() instanceof Outgoing step) {
          send(step, held.accepted(), held.acknowledged());
        } else if (held.entry() instanceof JournalEntry.Snapshot snapshot) {
          sendSnapshot(snapshot);
        }
      }
      deferred.clear();
    }
    committing.producer.commitTransaction();
    long now = System.nanoTime();
    long[] waits;
    synchronized (txn) {
      committedSteps.addAndGet(committing.steps());
      waits = committing.committed(now);
    }
    transactions.incrementAndGet();
    owner.committed(indexed, waits);
  }

  /**
   * The committer: commits the open transaction every commit interval (sooner when it is full),
   * fails the shard at the first refusal, and commits what is open when the shard closes.
   */
  private void commitLoop() {
    long interval = settings.commitInterval().toNanos();
    while (true) {
      try {
        synchronized (signal) {
          long opened = openedAt;
          long wait = opened != 0 ? opened + interval - System.nanoTime() : interval;
          if (wait > 0
              && !commitWanted
              && firstRefusal == null
              && owner.state() == Shard.State.SERVING) {
            signal.wait(Math.max(1, wait / 1_000_000));
          }
        }
        Shard.State now = owner.state();
        if (now == Shard.State.FAILED || now == Shard.State.CLOSED) {
          return;
        }
        if (firstRefusal != null) {
          owner.failed(new KafkaException("a record was refused: " + firstRefusal));
          return;
        }
        long opened = openedAt;
        if (now == Shard.State.CLOSING) {
          // no step comes any more: commit what is open, in either lane
          commits.lock();
          try {
            for (int lane = 0; lane < lanes.length && openedAt != 0; lane++) {
              commitCurrent();
            }
          } finally {
            commits.unlock();
          }
          return;
        }
        if (opened != 0 && (commitWanted || System.nanoTime() - opened >= interval)) {
          commits.lock();
          try {
            commitCurrent();
          } finally {
            commits.unlock();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        owner.failed(new KafkaException("the commit was interrupted"));
        return;
      } catch (RuntimeException e) {
        owner.failed(e);
        return;
      }
    }
  }

  /** A record was refused (a callback of the producer, or a send that threw). */
  private void refused(Exception e) {
    if (firstRefusal == null) {
      firstRefusal = e;
    }
    wake();
  }

  private void acknowledge(Runnable completion) {
    try {
      acknowledger.execute(completion);
    } catch (RejectedExecutionException closed) {
      completion.run();
    }
  }

  private static long offsetOf(Future<RecordMetadata> sent) {
    try {
      return sent.get().offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while committing", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
    }
  }

  /** The acknowledgement of one step: every record of it replicated. */
  private final class Acks implements Callback {
    private final CompletableFuture<Void> done;
    private final AtomicInteger left;

    Acks(int records, CompletableFuture<Void> done) {
      this.left = new AtomicInteger(records);
      this.done = done;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception e) {
      if (e != null) {
        refused(e);
        if (left.getAndSet(-1) > 0) {
          acknowledge(() -> done.completeExceptionally(e));
        }
      } else if (left.decrementAndGet() == 0) {
        acknowledge(() -> done.complete(null));
      }
    }
  }
}
