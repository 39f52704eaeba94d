package io.switchboard.kafka.cluster;

import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.HandledStep;
import io.switchboard.engine.Refusal;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import io.switchboard.journal.EngineCodec;
import io.switchboard.journal.EngineSnapshotCodec;
import io.switchboard.journal.EntryReplay;
import io.switchboard.journal.JournalEntry;
import io.switchboard.journal.JournaledEvent;
import io.switchboard.journal.KeySequences;
import io.switchboard.journal.Keying;
import io.switchboard.journal.TenantSnapshot;
import io.switchboard.json.EventJson;
import io.switchboard.kafka.EventRecords;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition of the step log, owned by this instance: the tenants hashed onto it, served here
 * until the group coordinator moves the partition elsewhere.
 *
 * <p><b>Lifecycle.</b> {@link State#RECOVERING} while {@link #open} fences the previous owner (a
 * transactional producer with the partition's own {@code transactional.id}: {@code
 * initTransactions} aborts whatever the previous owner left open, and from then on nothing it sends
 * is taken) and rebuilds the tenants from the partition ({@link StepLogReader}); {@link
 * State#SERVING} once it is done; {@link State#CLOSING} while a graceful close commits what was
 * sent; {@link State#FAILED} when a record or a commit failed (Kafka unreachable past the commit
 * timeout, or a new owner fenced this one); {@link State#CLOSED} at the end. Only a serving shard
 * admits steps.
 *
 * <p><b>Acknowledged when replicated, visible when committed.</b> Each step the engine ran becomes
 * one record of the step log (the step, the instant and ids it used, its numbered events: what
 * another instance needs to rebuild the tenant; and the tenant's step number) and one record per
 * published event. They are sent at once, into the partition's open transaction, and the step is
 * acknowledged when Kafka has replicated all of them ({@code acks=all}). The transaction commits
 * every {@link ClusterSettings#commitInterval}: only then do {@code read_committed} consumers see
 * the events. A step acknowledged in a transaction that never commits (the owner died, or a commit
 * failed) is not lost: its record is in the log, and the next owner adopts it ({@link
 * StepLogReader}) and commits its events then. If a record or a commit fails, the shard's tenants
 * are dropped from memory (their state may include steps that are not in the log) and the owner
 * rebuilds them from the log.
 */
final class Shard {

  private static final Logger log = LoggerFactory.getLogger(Shard.class);

  /** The most steps a transaction takes before it commits, whatever the interval. */
  private static final int MAX_STEPS_PER_TRANSACTION = 20_000;

  /** The states of a shard. */
  enum State {
    RECOVERING,
    SERVING,
    CLOSING,
    FAILED,
    CLOSED
  }

  /** What the shard needs of the instance that owns it. */
  interface Host {
    /** The instance's tenants (every shard's). */
    Tenants tenants();

    /** The tenants configured now whose steps go to {@code partition}. */
    List<TenantConfig> configured(int partition);

    /** Told once that the shard failed and dropped its tenants; not under any lock. */
    void failed(Shard shard, Throwable cause);

    /** Deletes the records of the partition's step log below {@code offset}: they are covered. */
    void trim(int partition, long offset);

    /**
     * Told, at each commit, how long each step of the transaction waited between its acceptance and
     * the commit that made its events visible (nanoseconds).
     */
    default void visible(long[] waitedNanos, int count) {}
  }

  /** What a rebuild read and how long it took. */
  record Rebuild(long records, long steps, long mismatches, long adopted, Duration duration) {}

  private final int partition;
  private final ClusterSettings settings;
  private final ClientConfigs configs;
  private final Host host;
  private final Keying keying;
  private final EventRecords records;
  private final EventJson json = new EventJson();
  private final ShardTenants counters = new ShardTenants();
  private final EngineCodec codec = new EngineSnapshotCodec();
  private final AtomicLong committedSteps = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong unkeyed = new AtomicLong();
  private volatile State state = State.RECOVERING;
  private volatile String why = "being taken over: rebuilding its tenants from Kafka";
  private volatile Rebuild rebuild;
  private Thread committer;
  // completes the steps' futures, in order: never the producer's network thread, whose callbacks
  // would otherwise run the callers' continuations (and their next steps) while it is needed to
  // finish a commit
  private final java.util.concurrent.ExecutorService acknowledger;

  // The two lanes and the one that takes records now. Guarded by `txn`, which is held while records
  // are sent and while a lane is switched; never taken by the producer's callbacks. A lane's
  // commit runs outside `txn`, under `commits`, which keeps commits one at a time and in order.
  private final Object txn = new Object();
  private final java.util.concurrent.locks.ReentrantLock commits =
      new java.util.concurrent.locks.ReentrantLock();
  private final Lane[] lanes = new Lane[ClusterSettings.LANES];
  private Lane current;
  // while the lane that commits is flushed, the steps that come wait here, in order, for the other
  // one: its records must follow the flushed ones in every partition
  private boolean switching;
  private final List<Deferred> deferred = new ArrayList<>();

  /**
   * A step ({@link Outgoing}, with its acknowledgement) or a snapshot ({@link
   * JournalEntry.Snapshot}) accepted while the lanes switch, to be sent once they have.
   */
  private record Deferred(Object entry, long accepted, CompletableFuture<Void> acknowledged) {}

  /** A step's records, built before they are sent (whichever lane takes them). */
  private record Outgoing(
      ProducerRecord<String, byte[]> step, List<ProducerRecord<String, byte[]>> events) {}

  // when the current lane's transaction began (System.nanoTime), 0 when none is open
  private volatile long openedAt;

  // Wakes the committer: a record failed, a transaction is full, the shard closes. Never held
  // while waiting on Kafka, so that the producer's callbacks can take it.
  private final Object signal = new Object();
  private volatile boolean commitWanted;
  // the first record Kafka refused: the cause of the failure that follows
  private volatile Exception firstSendFailure;

  Shard(
      int partition,
      ClusterSettings settings,
      ClientConfigs configs,
      Host host,
      Keying keying,
      EventRecords records) {
    this.partition = partition;
    this.settings = settings;
    this.configs = configs;
    this.host = host;
    this.keying = keying;
    this.records = records;
    this.acknowledger =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "switchboard-acknowledge-" + partition);
              t.setDaemon(true);
              return t;
            });
  }

  int partition() {
    return partition;
  }

  State state() {
    return state;
  }

  /** Why the shard does not serve, when it does not. */
  String why() {
    return why;
  }

  /** What the last rebuild did; empty before it ends. */
  Optional<Rebuild> rebuild() {
    return Optional.ofNullable(rebuild);
  }

  /** The tenants the shard holds now. */
  Set<String> tenants() {
    return counters.tenants();
  }

  long committedSteps() {
    return committedSteps.get();
  }

  long transactions() {
    return transactions.get();
  }

  /**
   * Fences the previous owner, rebuilds the tenants from the log, commits again the steps it had
   * acknowledged without committing them, records the configuration given now for tenants that are
   * new or changed, snapshots every tenant, and starts serving.
   *
   * @throws KafkaException if Kafka cannot be reached within the commit timeout, or this instance
   *     was fenced meanwhile; the shard is then failed and holds no tenant
   */
  void open() {
    long started = System.nanoTime();
    Tenants tenants = host.tenants();
    try {
      for (int lane = 0; lane < lanes.length; lane++) {
        lanes[lane] = new Lane(configs.transactionalProducer(settings, partition, lane));
        lanes[lane].fence();
      }
      current = lanes[0];
      StepLogReader.Result read =
          new StepLogReader(partition, settings, configs, counters, tenants, json)
              .read(host.configured(partition));
      List<JournalEntry> changes = configure(tenants);
      // a snapshot of every tenant: the next takeover reads from here on
      List<JournalEntry.Snapshot> snapshots = new ArrayList<>();
      for (String tenant : tenants()) {
        snapshot(tenant).ifPresent(snapshots::add);
      }
      // (the lock order is a tenant's, then txn: the snapshots are taken before)
      synchronized (txn) {
        begin();
        // the steps acknowledged before and never committed: their events, at last, and their
        // records again, so that the next takeover finds them committed
        for (StepLogReader.Adopted adopted : read.adopted()) {
          send(
              outgoing(adopted.step(), adopted.number()),
              System.nanoTime(),
              new CompletableFuture<>());
        }
        for (JournalEntry change : changes) {
          current.producer.send(
              StepLogReader.record(settings, partition, change, OptionalLong.empty()));
        }
        snapshots.forEach(this::sendSnapshot);
      }
      commitCurrent();
      // what every tenant's latest snapshot covers is no longer needed (a tenant without one needs
      // its whole history)
      if (counters.snapshotOffsets.keySet().containsAll(counters.sequences.keySet())) {
        counters.snapshotOffsets.values().stream()
            .min(Long::compare)
            .ifPresent(offset -> host.trim(partition, offset));
      }
      rebuild =
          new Rebuild(
              read.records(),
              read.steps(),
              read.mismatches(),
              read.adopted().size(),
              Duration.ofNanos(System.nanoTime() - started));
      synchronized (this) {
        if (state != State.RECOVERING) {
          throw new KafkaException("the shard was closed while it was being opened");
        }
        state = State.SERVING;
        why = "";
      }
      committer = new Thread(this::commitLoop, "switchboard-commit-" + partition);
      committer.setDaemon(true);
      committer.start();
      log.info(
          "Partition {} taken over: tenants {} rebuilt from {} records ({} steps, {} adopted) in"
              + " {} ms",
          partition,
          tenants(),
          read.records(),
          read.steps(),
          read.adopted().size(),
          rebuild.duration().toMillis());
    } catch (RuntimeException e) {
      synchronized (this) {
        state = State.FAILED;
        why = "cannot take over: " + describe(e);
      }
      dropTenants();
      closeProducers(Duration.ZERO);
      acknowledger.shutdown();
      throw e;
    }
  }

  /** Why a step of this shard's tenants would be refused now, if it would. */
  Optional<Refusal> refusal(String tenant) {
    State now = state;
    if (now == State.SERVING) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            ErrorCode.ClusterUnavailable,
            "tenant '"
                + tenant
                + "' is not served right now ("
                + why
                + "); nothing was changed: retry in a moment, on any instance"));
  }

  /**
   * Takes a step the engine ran, under its tenant's lock: numbers its events and sends its records
   * into the open transaction. The future completes once Kafka has replicated them all.
   */
  CompletableFuture<Void> accept(HandledStep handled) {
    long accepted = System.nanoTime();
    String tenant = handled.tenant();
    KeySequences sequences = counters.sequences.computeIfAbsent(tenant, t -> new KeySequences());
    List<JournaledEvent> events =
        sequences.number(tenant, handled.outcome().published(), keying, json, unkeyed);
    sequences.drew(handled.connIds());
    long number = counters.stepNumbers.merge(tenant, 1L, Long::sum);
    Outgoing outgoing = outgoing(JournalEntry.Step.of(handled, events), number);
    CompletableFuture<Void> acknowledged = new CompletableFuture<>();
    synchronized (txn) {
      if (state != State.SERVING) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("partition " + partition + " is not served: " + why));
      }
      try {
        if (switching) {
          deferred.add(new Deferred(outgoing, accepted, acknowledged));
        } else {
          begin();
          send(outgoing, accepted, acknowledged);
        }
        if (counters.sinceSnapshot.merge(tenant, 1L, Long::sum) >= settings.snapshotSteps()) {
          // under the tenant's lock, right after its step: the snapshot follows it in the log
          Optional<JournalEntry.Snapshot> snapshot = snapshot(tenant);
          if (snapshot.isPresent() && switching) {
            deferred.add(new Deferred(snapshot.get(), accepted, null));
          } else {
            snapshot.ifPresent(this::sendSnapshot);
          }
        }
      } catch (RuntimeException e) {
        refused(e);
        return CompletableFuture.failedFuture(e);
      }
    }
    return acknowledged;
  }

  /** The tenant's whole state now, as a log entry; call it under the tenant's lock. */
  private Optional<JournalEntry.Snapshot> snapshot(String tenant) {
    Tenants tenants = host.tenants();
    KeySequences sequences = counters.sequences.computeIfAbsent(tenant, t -> new KeySequences());
    counters.sinceSnapshot.put(tenant, 0L);
    return tenants.inspect(
        tenant,
        engine -> {
          byte[] encoded = codec.encode(engine);
          if (encoded.length > ClusterTopics.MAX_RECORD_BYTES - (2 << 20)) {
            // too large for one record: the tenant is rebuilt from its steps instead
            log.warn(
                "Tenant {}: its state ({} bytes) is too large for a snapshot; a takeover replays"
                    + " its steps instead",
                tenant,
                encoded.length);
            return Optional.empty();
          }
          return Optional.of(
              new JournalEntry.Snapshot(
                  new TenantSnapshot(
                      engine.config(),
                      encoded,
                      sequences.counters(),
                      sequences.highestConnId(),
                      counters.stepNumbers.getOrDefault(tenant, 0L),
                      tenants.idempotencyKeys(tenant))));
        });
  }

  /**
   * Records a change of a tenant's configuration (or its removal) in the log, in a transaction of
   * its own that commits before this returns: the transaction open before it commits first, so a
   * change is never left in a transaction that later steps could outlive.
   *
   * @throws IllegalStateException if it cannot be committed; the shard has failed then
   */
  void record(JournalEntry change) {
    RuntimeException failed = null;
    commits.lock();
    try {
      if (state != State.SERVING) {
        throw new IllegalStateException(
            "cannot record the change of tenant "
                + change.tenant()
                + ": partition "
                + partition
                + " is not served: "
                + why);
      }
      try {
        commitCurrent();
        synchronized (txn) {
          begin();
          current.producer.send(
              StepLogReader.record(settings, partition, change, OptionalLong.empty()));
        }
        commitCurrent();
      } catch (RuntimeException e) {
        failed = e;
      }
    } finally {
      commits.unlock();
    }
    if (failed != null) {
      // outside the locks: failing takes the tenants' locks
      fail(failed);
      throw new IllegalStateException(
          "cannot record the change of tenant " + change.tenant() + " in Kafka: " + failed, failed);
    }
    if (change instanceof JournalEntry.Removed removed) {
      counters.forget(removed.tenant());
    }
  }

  /** Drops the counters of call threads that have ended; call it under the tenant's lock. */
  void prune(String tenant, Set<String> liveThreadKeys) {
    KeySequences sequences = counters.sequences.get(tenant);
    if (sequences != null) {
      sequences.retainCallThreads(liveThreadKeys);
    }
  }

  /**
   * Stops serving. Gracefully (the partition was revoked): the open transaction commits first,
   * within the commit timeout. Otherwise (the partition was lost): steps not acknowledged yet fail,
   * and the open transaction is left to the next owner, which aborts it and adopts what was
   * acknowledged. Either way the tenants are dropped from memory and the producer closed.
   */
  void close(boolean graceful) {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      if (state == State.SERVING) {
        state = graceful ? State.CLOSING : State.FAILED;
        why = "moving to another instance";
      }
    }
    wake();
    Thread thread = committer;
    if (thread != null) {
      try {
        thread.join(settings.commitTimeout().toMillis() + 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (thread.isAlive()) {
        thread.interrupt();
      }
    }
    synchronized (this) {
      state = State.CLOSED;
      why = "not owned by this instance any more";
    }
    closeProducers(graceful ? Duration.ofSeconds(5) : Duration.ZERO);
    failUnacknowledged(
        new IllegalStateException("tenant moved to another instance before Kafka took the step"));
    dropTenants();
    acknowledger.shutdown();
  }

  // ------------------------------------------------------------------ the open transaction

  /** Opens a transaction in the current lane if none is open; under {@code txn}. */
  private void begin() {
    if (current.begin()) {
      openedAt = System.nanoTime();
    }
  }

  /** The records of a step: its step-log record and its events' records, numbered. */
  private Outgoing outgoing(JournalEntry.Step step, long number) {
    List<JournaledEvent> events = step.events();
    List<ProducerRecord<String, byte[]>> published = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      JournaledEvent event = events.get(i);
      if (!event.key().isEmpty()) {
        published.add(records.record(event, eventId(step.tenant(), number, i)));
      }
    }
    return new Outgoing(
        StepLogReader.record(settings, partition, step, OptionalLong.of(number)), published);
  }

  /**
   * Sends a step's records into the open transaction; under {@code txn}. The future completes once
   * Kafka has replicated them all, or fails with the first refusal.
   */
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

  /** Sends a tenant's snapshot into the open transaction; under {@code txn}. */
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
      counters.snapshotOffsets.putAll(indexed);
      committedSteps.addAndGet(committing.steps());
      waits = committing.committed(now);
    }
    transactions.incrementAndGet();
    host.visible(waits, waits.length);
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
          if (wait > 0 && !commitWanted && firstSendFailure == null && state == State.SERVING) {
            signal.wait(Math.max(1, wait / 1_000_000));
          }
        }
        State now = state;
        if (now == State.FAILED || now == State.CLOSED) {
          return;
        }
        if (firstSendFailure != null) {
          fail(new KafkaException("a record was refused: " + describe(firstSendFailure)));
          return;
        }
        long opened = openedAt;
        if (now == State.CLOSING) {
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
        fail(new KafkaException("the commit was interrupted"));
        return;
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
    }
  }

  private void acknowledge(Runnable completion) {
    try {
      acknowledger.execute(completion);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      completion.run();
    }
  }

  private void wake() {
    synchronized (signal) {
      signal.notifyAll();
    }
  }

  /** A record was refused (a callback of the producer, or a send that threw). */
  private void refused(Exception e) {
    if (firstSendFailure == null) {
      firstSendFailure = e;
    }
    wake();
  }

  /** The acknowledgement of one step: every record of it replicated. */
  private final class Acks implements org.apache.kafka.clients.producer.Callback {
    private final CompletableFuture<Void> done;
    private final java.util.concurrent.atomic.AtomicInteger left;

    Acks(int records, CompletableFuture<Void> done) {
      this.left = new java.util.concurrent.atomic.AtomicInteger(records);
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

  /**
   * A record or a commit failed: the open transaction is aborted (unless a new owner fenced this
   * one), steps not acknowledged yet fail, the tenants are dropped, the host told. Runs once.
   */
  private void fail(RuntimeException failure) {
    RuntimeException cause = failure;
    Exception refused = firstSendFailure;
    if (refused != null && !isFencing(failure)) {
      cause = new KafkaException("a record was refused: " + describe(refused), refused);
    }
    boolean fenced = isFencing(failure) || (refused != null && isFencing(refused));
    synchronized (this) {
      if (state != State.SERVING && state != State.CLOSING) {
        return;
      }
      state = State.FAILED;
      why =
          fenced
              ? "another instance took the tenants over"
              : "Kafka did not take a commit: " + describe(cause);
    }
    log.warn(
        "Partition {}: a record or a commit failed, its tenants are dropped: {}", partition, why);
    // the open transactions are left to the fencing of the next owner (this instance again, after
    // a rebuild, unless the coordinator moves the partition): it aborts them and adopts the steps
    // they acknowledged
    closeProducers(Duration.ZERO);
    failUnacknowledged(cause);
    dropTenants();
    acknowledger.shutdown();
    host.failed(this, cause);
  }

  private void failUnacknowledged(Throwable cause) {
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
  }

  private void dropTenants() {
    Tenants tenants = host.tenants();
    for (String tenant : counters.tenants()) {
      tenants.evict(tenant);
    }
    counters.clear();
  }

  private void closeProducers(Duration timeout) {
    for (Lane lane : lanes) {
      if (lane != null) {
        lane.close(timeout);
      }
    }
  }

  private static long offsetOf(Future<RecordMetadata> sent) {
    try {
      return sent.get().offset();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while committing", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof KafkaException k ? k : new KafkaException(e.getCause());
    }
  }

  /**
   * Adds the tenants configured now that the log did not hold, and brings the others' directory and
   * agents to the configuration (where their state allows): the changes to record.
   */
  private List<JournalEntry> configure(Tenants tenants) {
    List<JournalEntry> changes = new ArrayList<>();
    for (TenantConfig config : host.configured(partition)) {
      String tenant = config.tenant();
      if (tenants.engine(tenant).isEmpty()) {
        tenants.add(config);
        counters.sequences.computeIfAbsent(tenant, t -> new KeySequences());
        changes.add(new JournalEntry.Configured(config));
        continue;
      }
      TenantConfig now = tenants.inspect(tenant, TenantEngine::config);
      if (now.directory().equals(config.directory()) && now.agents().equals(config.agents())) {
        continue;
      }
      try {
        tenants.reconfigure(
            tenant,
            engine -> {
              EntryReplay.changeDirectory(engine, config);
              EntryReplay.changeAgents(engine, config);
            });
      } catch (IllegalStateException e) {
        log.warn("Tenant {}: the configuration cannot be applied yet: {}", tenant, e.getMessage());
      }
      changes.add(new JournalEntry.Configured(tenants.inspect(tenant, TenantEngine::config)));
    }
    return changes;
  }

  /** The id of a published event: unique in the cluster, the same on every read. */
  private String eventId(String tenant, long stepNumber, int index) {
    return settings.cluster() + "-" + tenant + "-" + stepNumber + "-" + index;
  }

  private static boolean isFencing(Throwable e) {
    return e instanceof ProducerFencedException || e instanceof InvalidProducerEpochException;
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }

  /** For tests and metrics: each tenant's number of steps taken. */
  Map<String, Long> stepNumbers() {
    return new HashMap<>(counters.stepNumbers);
  }
}
