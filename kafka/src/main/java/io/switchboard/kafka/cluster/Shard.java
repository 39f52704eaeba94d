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
import io.switchboard.kafka.ProducerObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * one record of the step log (the step, the instant and ids it used, its numbered events' digests:
 * what another instance needs to rebuild the tenant; and the tenant's step number) and one record
 * per published event. They are sent at once, into the partition's open transaction, and the step
 * is acknowledged when Kafka has replicated all of them ({@code acks=all}). The transaction commits
 * every {@link ClusterSettings#commitInterval}: only then do {@code read_committed} consumers see
 * the events. A step acknowledged in a transaction that never commits (the owner died, or a commit
 * failed) is not lost: its record is in the log, and the next owner adopts it ({@link
 * StepLogReader}) and commits its events then. If a record or a commit fails, the shard's tenants
 * are dropped from memory (their state may include steps that are not in the log) and the owner
 * rebuilds them from the log.
 */
final class Shard {

  private static final Logger log = LoggerFactory.getLogger(Shard.class);

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

    /** Told of the shard's producers as they start and close. */
    default ProducerObserver producers() {
      return new ProducerObserver() {};
    }
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
  private final AtomicLong unkeyed = new AtomicLong();
  private final StepLogWriter writer;
  private volatile State state = State.RECOVERING;
  private volatile String why = "being taken over: rebuilding its tenants from Kafka";
  private volatile Rebuild rebuild;

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
    this.writer = new StepLogWriter(partition, settings, configs, new Writes());
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
    return writer.committedSteps();
  }

  long transactions() {
    return writer.transactions();
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
      writer.fence();
      StepLogReader.Result read =
          new StepLogReader(partition, settings, configs, counters, tenants, json)
              .read(host.configured(partition));
      List<JournalEntry> changes = configure(tenants);
      // a snapshot of every tenant: the next takeover reads from here on
      List<JournalEntry.Snapshot> snapshots = new ArrayList<>();
      for (String tenant : tenants()) {
        snapshot(tenant).ifPresent(snapshots::add);
      }
      // the steps acknowledged before and never committed: their events, at last, and their
      // records again, so that the next takeover finds them committed
      List<StepLogWriter.Outgoing> adopted = new ArrayList<>();
      for (StepLogReader.Adopted step : read.adopted()) {
        adopted.add(outgoing(step.step(), step.number()));
      }
      writer.first(
          adopted,
          changes.stream()
              .map(
                  change -> StepLogReader.record(settings, partition, change, OptionalLong.empty()))
              .toList(),
          snapshots);
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
      writer.start();
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
      writer.close(Duration.ZERO, e);
      dropTenants();
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
    StepLogWriter.Outgoing outgoing = outgoing(JournalEntry.Step.of(handled, events), number);
    // under the tenant's lock, right after its step: the snapshot follows it in the log
    Optional<JournalEntry.Snapshot> snapshot =
        counters.sinceSnapshot.merge(tenant, 1L, Long::sum) >= settings.snapshotSteps()
            ? snapshot(tenant)
            : Optional.empty();
    return writer.send(outgoing, accepted, snapshot);
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
      writer.commitAlone(StepLogReader.record(settings, partition, change, OptionalLong.empty()));
    } catch (RuntimeException e) {
      // outside the locks: failing takes the tenants' locks
      fail(e);
      throw new IllegalStateException(
          "cannot record the change of tenant " + change.tenant() + " in Kafka: " + e, e);
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
    writer.wake();
    writer.awaitCommitter();
    synchronized (this) {
      state = State.CLOSED;
      why = "not owned by this instance any more";
    }
    writer.close(
        graceful ? Duration.ofSeconds(5) : Duration.ZERO,
        new IllegalStateException("tenant moved to another instance before Kafka took the step"));
    dropTenants();
  }

  /** The records of a step: its step-log record and its events' records, numbered. */
  private StepLogWriter.Outgoing outgoing(JournalEntry.Step step, long number) {
    List<JournaledEvent> events = step.events();
    List<ProducerRecord<String, byte[]>> published = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      JournaledEvent event = events.get(i);
      if (!event.key().isEmpty()) {
        published.add(records.record(event, eventId(step.tenant(), number, i)));
      }
    }
    JournalEntry recorded =
        settings.stepEvents() == ClusterSettings.StepEvents.DIGESTS ? step.digested() : step;
    return new StepLogWriter.Outgoing(
        StepLogReader.record(settings, partition, recorded, OptionalLong.of(number)), published);
  }

  /** What the shard's writer is told of it, and tells it. */
  private final class Writes implements StepLogWriter.Owner {
    @Override
    public State state() {
      return state;
    }

    @Override
    public String why() {
      return why;
    }

    @Override
    public void failed(RuntimeException cause) {
      fail(cause);
    }

    @Override
    public ProducerObserver producers() {
      return host.producers();
    }

    @Override
    public void committed(Map<String, Long> snapshotOffsets, long[] waitedNanos) {
      counters.snapshotOffsets.putAll(snapshotOffsets);
      host.visible(waitedNanos, waitedNanos.length);
    }
  }

  /**
   * A record or a commit failed: the open transaction is aborted (unless a new owner fenced this
   * one), steps not acknowledged yet fail, the tenants are dropped, the host told. Runs once.
   */
  private void fail(RuntimeException failure) {
    RuntimeException cause = failure;
    Exception refused = writer.firstRefusal();
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
    writer.close(Duration.ZERO, cause);
    dropTenants();
    host.failed(this, cause);
  }

  private void dropTenants() {
    Tenants tenants = host.tenants();
    for (String tenant : counters.tenants()) {
      tenants.evict(tenant);
    }
    counters.clear();
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
