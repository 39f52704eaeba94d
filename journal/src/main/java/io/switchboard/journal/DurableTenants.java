package io.switchboard.journal;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantView;
import io.switchboard.engine.Tenants;
import io.switchboard.json.EventJson;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's tenants, made durable: every step their engines run is journaled before it is
 * acknowledged ({@link JournalSink}), and opening rebuilds the engines from the journal, so that
 * after a crash the agents, DNs, calls in progress and user data are what they were.
 *
 * <p><b>Recovery.</b> Opening replays the journal through fresh engines: each tenant is created
 * from its first configuration entry, each step runs again with the instant and the connection ids
 * it ran with the first time ({@link Tenants#replay}), and the engine being deterministic, the
 * state and the events come out the same. A step whose events come out different (an engine that
 * changed between versions) is counted and logged; the journaled events stay the ones published.
 * Then the configuration given now is applied: tenants added, directories and agents changed,
 * tenants without calls in progress removed; each change is journaled. A change that is not
 * possible yet (a DN in use, an agent logged in that the new list leaves out) is logged and left
 * for a later start or reload.
 *
 * <p><b>Snapshots.</b> Given an {@link EngineCodec}, every {@link
 * JournalSettings#snapshotEntries()} entries (and on close) the state of every tenant is written
 * with the sink's counters ({@link Snapshot}); opening then starts from the latest snapshot and
 * replays only what follows it, and journal segments that are both published and covered by the
 * older of the two snapshots kept are deleted. Without a codec (the engine cannot write its state
 * yet) the whole journal is kept and replayed: see docs/delivery.md.
 *
 * <p>Closing stops the housekeeping and closes the journal; publishers reading it must stop first.
 */
public final class DurableTenants implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DurableTenants.class);
  private static final Duration PRUNE_EVERY = Duration.ofSeconds(30);
  private static final int MISMATCHES_LOGGED = 5;
  private static final int SNAPSHOTS_KEPT = 2;

  private final Journal journal;
  private final JournalSink sink;
  private final Tenants tenants;
  private final Recovery recovery;
  private final Optional<EngineCodec> codec;
  private final ScheduledExecutorService housekeeping;
  private final Object snapshotting = new Object();
  private volatile long snapshotAt;

  /**
   * What opening found in the journal.
   *
   * @param snapshot the position the snapshot it started from covers; 0 without one
   * @param entries the entries read
   * @param steps the steps run again
   * @param mismatches steps whose events or connection ids came out different
   * @param lastPosition the journal's last position
   * @param publishedPosition the position up to which everything was published
   * @param duration how long it took
   */
  public record Recovery(
      long snapshot,
      long entries,
      long steps,
      long mismatches,
      long lastPosition,
      long publishedPosition,
      Duration duration) {}

  private DurableTenants(
      Journal journal,
      JournalSink sink,
      Tenants tenants,
      Recovery recovery,
      Optional<EngineCodec> codec) {
    this.journal = journal;
    this.sink = sink;
    this.tenants = tenants;
    this.recovery = recovery;
    this.codec = codec;
    this.snapshotAt = recovery.snapshot();
    this.housekeeping =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "switchboard-journal-housekeeping");
              thread.setDaemon(true);
              return thread;
            });
    housekeeping.scheduleWithFixedDelay(this::persist, 1, 1, TimeUnit.SECONDS);
    housekeeping.scheduleWithFixedDelay(
        this::prune, PRUNE_EVERY.toSeconds(), PRUNE_EVERY.toSeconds(), TimeUnit.SECONDS);
    if (codec.isPresent()) {
      housekeeping.scheduleWithFixedDelay(this::snapshotWhenDue, 10, 10, TimeUnit.SECONDS);
    }
  }

  /**
   * Opens the journal, rebuilds the engines from it, then applies {@code configs}.
   *
   * @param settings the journal
   * @param configs the tenants as configured now
   * @param clock the engines' clock
   * @param ids a source of connection ids per tenant
   * @param keying how published events are keyed
   * @throws IllegalStateException if the journal is in use, damaged, or does not make sense
   */
  public static DurableTenants open(
      JournalSettings settings,
      List<TenantConfig> configs,
      InstantSource clock,
      Function<String, IdSource> ids,
      Keying keying) {
    return open(settings, configs, clock, ids, keying, Optional.empty());
  }

  /**
   * Opens as {@link #open(JournalSettings, List, InstantSource, Function, Keying)} does, with
   * snapshots of the engines' state written and read by {@code codec}.
   */
  public static DurableTenants open(
      JournalSettings settings,
      List<TenantConfig> configs,
      InstantSource clock,
      Function<String, IdSource> ids,
      Keying keying,
      Optional<EngineCodec> codec) {
    Journal journal = Journal.open(settings);
    try {
      JournalSink sink = new JournalSink(journal, keying);
      Tenants tenants = new Tenants(List.of(), clock, ids, sink);
      sink.recording(false);
      Recovery recovery = replay(journal, sink, tenants, codec);
      sink.recording(true);
      DurableTenants durable = new DurableTenants(journal, sink, tenants, recovery, codec);
      durable.configure(configs);
      durable.prune();
      return durable;
    } catch (RuntimeException e) {
      journal.close();
      throw e;
    }
  }

  /** The tenants: run steps through {@link Tenants#submit}. */
  public Tenants tenants() {
    return tenants;
  }

  /** The journal, for the publisher. */
  public Journal journal() {
    return journal;
  }

  /** The engines' sink. */
  public JournalSink sink() {
    return sink;
  }

  /** What opening found. */
  public Recovery recovery() {
    return recovery;
  }

  /**
   * Writes a snapshot of every tenant now and deletes the journal segments that are both published
   * and covered by the snapshots kept.
   *
   * @return the snapshot file; empty without a codec
   * @throws IllegalStateException if the journal does not get the tenants' entries on disk in time
   */
  public Optional<Path> snapshot() {
    if (codec.isEmpty()) {
      return Optional.empty();
    }
    EngineCodec engines = codec.get();
    synchronized (snapshotting) {
      List<Snapshot.Tenant> taken = new ArrayList<>();
      for (String tenant : List.copyOf(tenants.ids())) {
        try {
          taken.add(
              tenants.inspect(
                  tenant,
                  engine ->
                      new Snapshot.Tenant(
                          engine.config(), sink.state(tenant), engines.encode(engine))));
        } catch (IllegalArgumentException removed) {
          // removed meanwhile
        }
      }
      long newest = taken.stream().mapToLong(t -> t.state().position()).max().orElse(0);
      // a snapshot must not cover a step whose entry a crash could still lose
      try {
        if (!journal.awaitDurable(newest, Duration.ofSeconds(30))) {
          throw new IllegalStateException(
              "the journal did not sync position " + newest + " within 30 s: no snapshot taken");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while taking a snapshot", e);
      }
      Snapshot snapshot = new Snapshot(journal.id(), taken);
      Path file = snapshot.write(journal.dir());
      snapshotAt = snapshot.covered();
      long needed = Snapshot.prune(journal.dir(), SNAPSHOTS_KEPT);
      int deleted = journal.truncate(Math.min(journal.publishedPosition(), needed));
      log.info(
          "Snapshot of tenants {} at journal position {} written ({} segment(s) deleted)",
          tenants.ids(),
          snapshot.covered(),
          deleted);
      return Optional.of(file);
    }
  }

  private void snapshotWhenDue() {
    try {
      if (journal.lastPosition() - snapshotAt >= journal.settings().snapshotEntries()) {
        snapshot();
      } else {
        // segments may have become published since the last snapshot
        journal.truncate(
            Math.min(journal.publishedPosition(), Snapshot.prune(journal.dir(), SNAPSHOTS_KEPT)));
      }
    } catch (RuntimeException e) {
      log.warn("Cannot take a snapshot of the tenants: {}", e.toString());
    }
  }

  /** Stops the housekeeping, writes a last snapshot (with a codec) and closes the journal. */
  @Override
  public void close() {
    housekeeping.shutdownNow();
    try {
      if (codec.isPresent() && journal.failure().isEmpty() && journal.lastPosition() > snapshotAt) {
        snapshot();
      }
    } catch (RuntimeException e) {
      log.warn("Cannot take a last snapshot of the tenants: {}", e.toString());
    } finally {
      journal.close();
    }
  }

  private static Recovery replay(
      Journal journal, JournalSink sink, Tenants tenants, Optional<EngineCodec> codec) {
    long started = System.nanoTime();
    long entries = 0;
    long steps = 0;
    long mismatches = 0;
    EventJson json = new EventJson();
    Optional<Snapshot> snapshot = codec.flatMap(c -> Snapshot.latest(journal.dir(), journal.id()));
    if (snapshot.isEmpty() && journal.firstPosition() > 1) {
      throw new IllegalStateException(
          "The journal in "
              + journal.dir()
              + " starts at position "
              + journal.firstPosition()
              + " (the entries before it were covered by a snapshot), but "
              + (codec.isEmpty()
                  ? "this version cannot read engine snapshots"
                  : "no snapshot in " + journal.dir().resolve("snapshots") + " can be read")
              + ": run the version that wrote it, or restore the snapshots");
    }
    Map<String, Long> covered = new HashMap<>();
    long from = journal.firstPosition();
    if (snapshot.isPresent()) {
      EngineCodec engines = codec.orElseThrow();
      for (Snapshot.Tenant tenant : snapshot.get().tenants()) {
        TenantConfig config = tenant.config();
        byte[] state = tenant.engine();
        tenants.restore(
            config,
            (clock, ids) -> engines.decode(config, state, clock, ids),
            tenant.state().highestConnId());
        sink.restore(config.tenant(), tenant.state());
        covered.put(config.tenant(), tenant.state().position());
      }
      from = Math.max(from, snapshot.get().covered() + 1);
      log.info(
          "Restored tenants {} from the snapshot at journal position {}",
          tenants.ids(),
          snapshot.get().covered());
    }
    try (JournalReader reader = journal.reader(from)) {
      for (Optional<Journal.Entry> next = reader.poll(); next.isPresent(); next = reader.poll()) {
        Journal.Entry raw = next.get();
        entries++;
        JournalEntry entry;
        try {
          entry = JournalEntry.decode(raw.payload());
        } catch (IllegalArgumentException e) {
          throw new IllegalStateException(
              "Journal entry " + raw.position() + " in " + journal.dir() + ": " + e.getMessage(),
              e);
        }
        if (covered.getOrDefault(entry.tenant(), 0L) >= raw.position()) {
          continue;
        }
        sink.replayed(entry, raw.position());
        if (entry instanceof JournalEntry.Configured c) {
          EntryReplay.configure(tenants, c.config());
        } else if (entry instanceof JournalEntry.Removed r) {
          if (tenants.engine(r.tenant()).isPresent()) {
            tenants.remove(r.tenant());
          }
          sink.forget(r.tenant());
        } else if (entry instanceof JournalEntry.Step s) {
          steps++;
          if (!EntryReplay.step(
              tenants, s, "Journal entry " + raw.position() + " in " + journal.dir(), json)) {
            mismatches++;
            if (mismatches == MISMATCHES_LOGGED) {
              log.warn("Further replay differences are counted, not logged");
            }
          }
        } else if (entry instanceof JournalEntry.DigestedStep) {
          throw new IllegalStateException(
              "Journal entry "
                  + raw.position()
                  + " in "
                  + journal.dir()
                  + " is a step as a cluster's step log records it, never a journal: the"
                  + " journal is damaged");
        }
      }
    }
    Recovery recovery =
        new Recovery(
            snapshot.map(Snapshot::covered).orElse(0L),
            entries,
            steps,
            mismatches,
            journal.lastPosition(),
            journal.publishedPosition(),
            Duration.ofNanos(System.nanoTime() - started));
    if (entries > 0) {
      log.info(
          "Rebuilt tenants {} from {} journal entries ({} steps) in {} ms; {} entries to publish",
          tenants.ids(),
          entries,
          steps,
          recovery.duration().toMillis(),
          Math.max(0, recovery.lastPosition() - recovery.publishedPosition()));
    }
    if (mismatches > 0) {
      log.warn(
          "{} of {} replayed steps came out different from the journal: the engine behaves"
              + " differently from the version that wrote it, so the state may differ too. The"
              + " journaled events are published as they are.",
          mismatches,
          steps);
    }
    return recovery;
  }

  /**
   * Applies the configuration file's tenants as {@link AppliedConfiguration} says (its changes
   * since it was last applied, on top of the journaled state), each change journaled, and records
   * them as applied.
   */
  private void configure(List<TenantConfig> configs) {
    Optional<Map<String, TenantConfig>> before = AppliedConfiguration.read(journal.dir());
    List<TenantConfig> record = AppliedConfiguration.apply(tenants, before, configs);
    AppliedConfiguration.write(journal.dir(), record);
  }

  /**
   * Records the configuration file's tenants as applied after it was applied whole while the
   * service runs (a reload): {@code configs} as applied, except the tenants in {@code incomplete},
   * whose changes were not all made; they keep their previous record, so that the next start tries
   * again.
   */
  public synchronized void applied(List<TenantConfig> configs, Set<String> incomplete) {
    Map<String, TenantConfig> before = AppliedConfiguration.read(journal.dir()).orElse(Map.of());
    List<TenantConfig> record = new ArrayList<>();
    for (TenantConfig config : configs) {
      if (!incomplete.contains(config.tenant())) {
        record.add(config);
      } else if (before.containsKey(config.tenant())) {
        record.add(before.get(config.tenant()));
      }
    }
    for (String tenant : incomplete) {
      if (configs.stream().noneMatch(c -> c.tenant().equals(tenant))
          && before.containsKey(tenant)) {
        record.add(before.get(tenant));
      }
    }
    AppliedConfiguration.write(journal.dir(), record);
  }

  private void persist() {
    try {
      journal.persistPublished();
    } catch (RuntimeException e) {
      log.warn("Journal housekeeping failed: {}", e.toString());
    }
  }

  /** Drops the sequence counters of call threads that have ended. */
  private void prune() {
    for (String tenant : List.copyOf(tenants.ids())) {
      try {
        tenants.inspect(
            tenant,
            engine -> {
              Set<String> live =
                  engine.view().calls().stream()
                      .map(TenantView.CallView::callThreadId)
                      .collect(Collectors.toSet());
              sink.prune(tenant, live);
              return null;
            });
      } catch (IllegalArgumentException removed) {
        // removed meanwhile
      } catch (RuntimeException e) {
        log.warn("Cannot prune the sequence counters of tenant {}: {}", tenant, e.toString());
      }
    }
  }
}
