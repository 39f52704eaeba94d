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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
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
 * can commit) and rebuilds the tenants by replaying the partition, read committed, from its
 * beginning; {@link State#SERVING} once it is done; {@link State#CLOSING} while a graceful close
 * commits what was accepted; {@link State#FAILED} when a commit failed (Kafka unreachable past the
 * commit timeout, or a new owner fenced this one); {@link State#CLOSED} at the end. Only a serving
 * shard admits steps.
 *
 * <p><b>Group commit.</b> Each step the engine ran becomes one record of the step log (the step,
 * the instant and ids it used, its numbered events: what another instance needs to rebuild the
 * tenant) and one record per published event, all sent by one committer thread inside a Kafka
 * transaction that the steps accepted meanwhile share. A step's future completes once its
 * transaction is committed: only then is it acknowledged. If a transaction fails, every step
 * accepted after the last commit fails with it, the shard's tenants are dropped from memory (their
 * state included steps that never committed) and the owner rebuilds them from the log.
 */
final class Shard {

  private static final Logger log = LoggerFactory.getLogger(Shard.class);
  private static final int MAX_BATCH = 20_000;

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
  }

  /** What a rebuild read and how long it took. */
  record Rebuild(long records, long steps, long mismatches, Duration duration) {}

  private record Pending(
      JournalEntry entry, List<String> eventIds, CompletableFuture<Void> committed) {}

  private final int partition;
  private final ClusterSettings settings;
  private final ClientConfigs configs;
  private final Host host;
  private final Keying keying;
  private final EventRecords records;
  private final EventJson json = new EventJson();
  private final TopicPartition stepsPartition;
  private final Map<String, KeySequences> sequences = new ConcurrentHashMap<>();
  private final Map<String, Long> stepNumbers = new ConcurrentHashMap<>();
  private final Map<String, Long> sinceSnapshot = new ConcurrentHashMap<>();
  private final Map<String, Long> snapshotOffsets = new ConcurrentHashMap<>();
  private final EngineCodec codec = new EngineSnapshotCodec();
  private final TopicPartition indexPartition;
  private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final AtomicLong committedSteps = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();
  private final AtomicLong unkeyed = new AtomicLong();
  private volatile State state = State.RECOVERING;
  private volatile String why = "being taken over: rebuilding its tenants from Kafka";
  private volatile Rebuild rebuild;
  private KafkaProducer<String, byte[]> producer;
  private Thread committer;
  // the cause of a failed transaction is the first record Kafka refused in it
  private volatile Exception firstSendFailure;
  private final org.apache.kafka.clients.producer.Callback sendFailure =
      (metadata, exception) -> {
        if (exception != null && firstSendFailure == null) {
          firstSendFailure = exception;
        }
      };

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
    this.stepsPartition = new TopicPartition(settings.stepsTopic(), partition);
    this.indexPartition = new TopicPartition(settings.snapshotsTopic(), partition);
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
    return Set.copyOf(sequences.keySet());
  }

  long committedSteps() {
    return committedSteps.get();
  }

  long transactions() {
    return transactions.get();
  }

  /**
   * Fences the previous owner, rebuilds the tenants from the log, records the configuration given
   * now for tenants that are new or changed, and starts serving.
   *
   * @throws KafkaException if Kafka cannot be reached within the commit timeout, or this instance
   *     was fenced meanwhile; the shard is then failed and holds no tenant
   */
  void open() {
    long started = System.nanoTime();
    Tenants tenants = host.tenants();
    try {
      producer = new KafkaProducer<>(configs.transactionalProducer(settings, partition));
      producer.initTransactions();
      long[] counts = replayLog(tenants);
      List<Pending> first = new ArrayList<>();
      for (JournalEntry change : configure(tenants)) {
        first.add(new Pending(change, List.of(), new CompletableFuture<>()));
      }
      // a snapshot of every tenant: the next takeover reads from here on
      for (String tenant : tenants()) {
        snapshot(tenant)
            .ifPresent(s -> first.add(new Pending(s, List.of(), new CompletableFuture<>())));
      }
      if (!first.isEmpty()) {
        commit(first);
      }
      // what every tenant's latest snapshot covers is no longer needed (a tenant without one needs
      // its whole history)
      if (snapshotOffsets.keySet().containsAll(sequences.keySet())) {
        snapshotOffsets.values().stream()
            .min(Long::compare)
            .ifPresent(offset -> host.trim(partition, offset));
      }
      rebuild =
          new Rebuild(
              counts[0], counts[1], counts[2], Duration.ofNanos(System.nanoTime() - started));
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
          "Partition {} taken over: tenants {} rebuilt from {} records ({} steps) in {} ms",
          partition,
          tenants(),
          counts[0],
          counts[1],
          rebuild.duration().toMillis());
    } catch (RuntimeException e) {
      synchronized (this) {
        state = State.FAILED;
        why = "cannot take over: " + describe(e);
      }
      dropTenants();
      closeProducer(Duration.ZERO);
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
   * Takes a step the engine ran, under its tenant's lock: numbers its events and queues it for the
   * next transaction. The future completes once that transaction is committed.
   */
  CompletableFuture<Void> accept(HandledStep handled) {
    String tenant = handled.tenant();
    KeySequences counters = sequences.computeIfAbsent(tenant, t -> new KeySequences());
    List<JournaledEvent> events =
        counters.number(tenant, handled.outcome().published(), keying, json, unkeyed);
    counters.drew(handled.connIds());
    long number = stepNumbers.merge(tenant, 1L, Long::sum);
    List<String> ids = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      ids.add(eventId(tenant, number, i));
    }
    CompletableFuture<Void> committed = enqueue(JournalEntry.Step.of(handled, events), ids);
    if (sinceSnapshot.merge(tenant, 1L, Long::sum) >= settings.snapshotSteps()) {
      // under the tenant's lock, right after its step: the snapshot follows it in the log
      snapshot(tenant).ifPresent(s -> enqueue(s, List.of()));
    }
    return committed;
  }

  /** The tenant's whole state now, as a log entry; call it under the tenant's lock. */
  private Optional<JournalEntry.Snapshot> snapshot(String tenant) {
    Tenants tenants = host.tenants();
    KeySequences counters = sequences.computeIfAbsent(tenant, t -> new KeySequences());
    sinceSnapshot.put(tenant, 0L);
    return tenants.inspect(
        tenant,
        engine -> {
          byte[] state = codec.encode(engine);
          if (state.length > ClusterTopics.MAX_RECORD_BYTES - (2 << 20)) {
            // too large for one record: the tenant is rebuilt from its steps instead
            log.warn(
                "Tenant {}: its state ({} bytes) is too large for a snapshot; a takeover replays"
                    + " its steps instead",
                tenant,
                state.length);
            return Optional.empty();
          }
          return Optional.of(
              new JournalEntry.Snapshot(
                  new TenantSnapshot(
                      engine.config(),
                      state,
                      counters.counters(),
                      counters.highestConnId(),
                      stepNumbers.getOrDefault(tenant, 0L),
                      tenants.idempotencyKeys(tenant))));
        });
  }

  /**
   * Records a change of a tenant's configuration (or its removal) in the log, and waits for it to
   * commit.
   *
   * @throws IllegalStateException if it cannot be committed
   */
  void record(JournalEntry change) {
    try {
      enqueue(change, List.of())
          .get(settings.commitTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted recording a change of " + change.tenant(), e);
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot record the change of tenant " + change.tenant() + " in Kafka: " + e, e);
    }
    if (change instanceof JournalEntry.Removed removed) {
      sequences.remove(removed.tenant());
      stepNumbers.remove(removed.tenant());
    }
  }

  /** Drops the counters of call threads that have ended; call it under the tenant's lock. */
  void prune(String tenant, Set<String> liveThreadKeys) {
    KeySequences counters = sequences.get(tenant);
    if (counters != null) {
      counters.retainCallThreads(liveThreadKeys);
    }
  }

  /**
   * Stops serving. Gracefully (the partition was revoked): steps accepted so far are committed
   * first, within the commit timeout. Otherwise (the partition was lost): they fail. Either way the
   * tenants are dropped from memory and the producer closed.
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
    failQueued(new IllegalStateException("tenant moved to another instance before it committed"));
    synchronized (this) {
      state = State.CLOSED;
      why = "not owned by this instance any more";
    }
    dropTenants();
    closeProducer(graceful ? Duration.ofSeconds(5) : Duration.ZERO);
  }

  private synchronized CompletableFuture<Void> enqueue(JournalEntry entry, List<String> ids) {
    if (state != State.SERVING) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("partition " + partition + " is not served: " + why));
    }
    CompletableFuture<Void> committed = new CompletableFuture<>();
    queue.add(new Pending(entry, ids, committed));
    return committed;
  }

  private void commitLoop() {
    List<Pending> batch = new ArrayList<>();
    while (true) {
      batch.clear();
      try {
        Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          if (state != State.SERVING) {
            return;
          }
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(batch, new IllegalStateException("the commit was interrupted"));
        return;
      } catch (RuntimeException e) {
        fail(batch, e);
        return;
      }
    }
  }

  private void commit(List<Pending> batch) {
    firstSendFailure = null;
    producer.beginTransaction();
    int steps = 0;
    Map<String, Future<RecordMetadata>> snapshots = new HashMap<>();
    for (Pending pending : batch) {
      Future<RecordMetadata> sent = producer.send(stepRecord(pending.entry()), sendFailure);
      if (pending.entry() instanceof JournalEntry.Snapshot snapshot) {
        snapshots.put(snapshot.tenant(), sent);
      }
      if (pending.entry() instanceof JournalEntry.Step step) {
        steps++;
        List<JournaledEvent> events = step.events();
        for (int i = 0; i < events.size(); i++) {
          JournaledEvent event = events.get(i);
          if (!event.key().isEmpty()) {
            producer.send(records.record(event, pending.eventIds().get(i)), sendFailure);
          }
        }
      }
    }
    Map<String, Long> indexed = new HashMap<>();
    if (!snapshots.isEmpty()) {
      // the offsets of the snapshots, in the same transaction: the index never points at a
      // snapshot that did not commit
      producer.flush();
      for (Map.Entry<String, Future<RecordMetadata>> sent : snapshots.entrySet()) {
        long offset = offsetOf(sent.getValue());
        indexed.put(sent.getKey(), offset);
        producer.send(
            new ProducerRecord<>(
                settings.snapshotsTopic(),
                partition,
                null,
                sent.getKey(),
                ByteBuffer.allocate(Long.BYTES).putLong(offset).array()));
      }
    }
    producer.commitTransaction();
    snapshotOffsets.putAll(indexed);
    transactions.incrementAndGet();
    committedSteps.addAndGet(steps);
    for (Pending pending : batch) {
      pending.committed().complete(null);
    }
  }

  /** A commit failed: everything not committed fails, the tenants are dropped, the host told. */
  private void fail(List<Pending> batch, RuntimeException failure) {
    RuntimeException cause = failure;
    Exception refused = firstSendFailure;
    if (refused != null && !isFencing(failure)) {
      cause = new KafkaException("a record was refused: " + describe(refused), refused);
    }
    boolean fenced = isFencing(failure) || (refused != null && isFencing(refused));
    synchronized (this) {
      if (state == State.SERVING || state == State.CLOSING) {
        state = State.FAILED;
        why =
            fenced
                ? "another instance took the tenants over"
                : "Kafka did not take a commit: " + describe(cause);
      }
    }
    log.warn("Partition {}: a commit failed, its tenants are dropped: {}", partition, why);
    if (!fenced) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException e) {
        log.debug("aborting after a failed commit", e);
      }
    }
    for (Pending pending : batch) {
      pending.committed().completeExceptionally(cause);
    }
    failQueued(cause);
    dropTenants();
    host.failed(this, cause);
  }

  private void failQueued(Throwable cause) {
    List<Pending> left = new ArrayList<>();
    queue.drainTo(left);
    for (Pending pending : left) {
      pending.committed().completeExceptionally(cause);
    }
  }

  private void dropTenants() {
    Tenants tenants = host.tenants();
    for (String tenant : List.copyOf(sequences.keySet())) {
      tenants.evict(tenant);
    }
    sequences.clear();
    stepNumbers.clear();
    sinceSnapshot.clear();
    snapshotOffsets.clear();
  }

  private void closeProducer(Duration timeout) {
    KafkaProducer<String, byte[]> p = producer;
    if (p != null) {
      try {
        p.close(timeout);
      } catch (RuntimeException e) {
        log.debug("closing the producer of partition {}", partition, e);
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
   * The offset of each tenant's latest snapshot in the step log, from the compacted index (read
   * committed, to its end).
   */
  private Map<String, Long> readIndex(KafkaConsumer<String, byte[]> reader) {
    Map<String, Long> offsets = new HashMap<>();
    reader.assign(List.of(indexPartition));
    reader.seekToBeginning(List.of(indexPartition));
    readToEnd(
        reader,
        indexPartition,
        Duration.ofMinutes(2),
        record -> {
          if (record.value() == null) {
            offsets.remove(record.key());
          } else {
            offsets.put(record.key(), ByteBuffer.wrap(record.value()).getLong());
          }
        });
    return offsets;
  }

  /**
   * Reads the partition and replays it: from the oldest of its tenants' latest snapshots when every
   * tenant configured on it has one, else from its beginning. Returns {records, steps, mismatches}.
   */
  private long[] replayLog(Tenants tenants) {
    long[] counts = new long[3];
    try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(configs.reader())) {
      Map<String, Long> index = readIndex(reader);
      boolean complete =
          host.configured(partition).stream().allMatch(c -> index.containsKey(c.tenant()));
      reader.assign(List.of(stepsPartition));
      reader.seekToBeginning(List.of(stepsPartition));
      long first = reader.position(stepsPartition, settings.commitTimeout());
      if (complete && !index.isEmpty()) {
        long from = index.values().stream().min(Long::compare).orElse(first);
        if (from > first) {
          reader.seek(stepsPartition, from);
        }
      }
      readToEnd(
          reader, stepsPartition, Duration.ofMinutes(10), r -> replay(tenants, index, r, counts));
    }
    return counts;
  }

  /**
   * Hands every record of {@code partition}, from the reader's position to the end the partition
   * has now, to {@code each}.
   *
   * @throws KafkaException if the end is not reached within {@code limit}
   */
  private void readToEnd(
      KafkaConsumer<String, byte[]> reader,
      TopicPartition partition,
      Duration limit,
      java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
    long end = reader.endOffsets(List.of(partition), settings.commitTimeout()).get(partition);
    long deadline = System.nanoTime() + limit.toNanos();
    while (reader.position(partition, settings.commitTimeout()) < end) {
      if (System.nanoTime() > deadline) {
        throw new KafkaException(partition + " did not reach offset " + end + " within " + limit);
      }
      reader.poll(Duration.ofMillis(200)).forEach(each);
    }
  }

  /** Replays one record of the step log; counts {records, steps, mismatches}. */
  private void replay(
      Tenants tenants,
      Map<String, Long> index,
      ConsumerRecord<String, byte[]> record,
      long[] counts) {
    counts[0]++;
    JournalEntry entry;
    try {
      entry = JournalEntry.decode(record.value());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(
          "Record " + record.offset() + " of " + stepsPartition + ": " + e.getMessage(), e);
    }
    String tenant = entry.tenant();
    if (record.offset() < index.getOrDefault(tenant, Long.MIN_VALUE)) {
      // before the tenant's latest snapshot: covered by it
      return;
    }
    if (entry instanceof JournalEntry.Snapshot snapshot) {
      restore(tenants, snapshot.snapshot());
      snapshotOffsets.put(tenant, record.offset());
    } else if (entry instanceof JournalEntry.Configured c) {
      EntryReplay.configure(tenants, c.config());
      sequences.computeIfAbsent(tenant, t -> new KeySequences());
    } else if (entry instanceof JournalEntry.Removed) {
      tenants.evict(tenant);
      sequences.remove(tenant);
      stepNumbers.remove(tenant);
    } else if (entry instanceof JournalEntry.Step step) {
      counts[1]++;
      String where = "Record " + record.offset() + " of " + stepsPartition;
      if (!EntryReplay.step(tenants, step, where, json)) {
        counts[2]++;
      }
      sequences.computeIfAbsent(tenant, t -> new KeySequences()).replayed(step);
      stepNumbers.merge(tenant, 1L, Long::sum);
    }
  }

  /** Puts back a tenant as a snapshot in the log holds it. */
  private void restore(Tenants tenants, TenantSnapshot snapshot) {
    String tenant = snapshot.tenant();
    tenants.evict(tenant);
    byte[] state = snapshot.engine();
    tenants.restore(
        snapshot.config(),
        (clock, ids) -> codec.decode(snapshot.config(), state, clock, ids),
        snapshot.highestConnId());
    tenants.restoreIdempotencyKeys(tenant, snapshot.keys());
    sequences.put(
        tenant, KeySequences.of(snapshot.counters(), snapshot.steps(), snapshot.highestConnId()));
    stepNumbers.put(tenant, snapshot.steps());
    sinceSnapshot.put(tenant, 0L);
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
        sequences.computeIfAbsent(tenant, t -> new KeySequences());
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

  private ProducerRecord<String, byte[]> stepRecord(JournalEntry entry) {
    return new ProducerRecord<>(
        settings.stepsTopic(), partition, null, entry.tenant(), entry.encode());
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

  /** For tests and metrics: the number of events of a tenant kept per key. */
  Map<String, Long> stepNumbers() {
    return new HashMap<>(stepNumbers);
  }
}
