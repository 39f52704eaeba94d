package io.switchboard.journal;

import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.HandledStep;
import io.switchboard.engine.Refusal;
import io.switchboard.engine.TenantConfig;
import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import io.switchboard.model.request.Step;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines' {@link EventSink} in the service: every step the engines run is appended to the
 * {@link Journal} with its inputs and its published events, and its future completes when the entry
 * is on disk. Publishing to Kafka happens later, from the journal.
 *
 * <p><b>Sequence numbers.</b> Each published event gets the next number of its key (per topic): 1,
 * 2, 3... without gaps, kept in the journal with the event, so that publishing it again gives the
 * same number. The counters of call threads that have ended are dropped ({@link #prune}): a call
 * thread never has events again once its last call is over.
 *
 * <p><b>Admission.</b> A step is refused before the engine runs it when the journal holds its bound
 * of unpublished bytes ({@link ErrorCode#JournalFull}) or cannot write ({@link
 * ErrorCode#JournalFailed}). The bound is checked before each step, so the journal may go beyond it
 * by the entries of the steps admitted just before it was reached (at most one per tenant).
 *
 * <p>{@link io.switchboard.engine.Tenants} calls it under the tenant's lock, which also guards each
 * tenant's counters.
 */
public final class JournalSink implements EventSink {

  private static final Logger log = LoggerFactory.getLogger(JournalSink.class);

  private final Journal journal;
  private final Keying keying;
  private final EventJson json = new EventJson();
  private final Map<String, KeySequences> sequences = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong unkeyed = new AtomicLong();
  private volatile boolean recording = true;
  private volatile Acknowledge acknowledge = Acknowledge.DURABLE;
  private volatile Supplier<Optional<Refusal>> guard = Optional::empty;

  /** When the future of a step's {@link #accept} completes. */
  public enum Acknowledge {
    /** Once the step's entry is on disk: what the service answers its clients after. */
    DURABLE,
    /**
     * Once the step's events have reached Kafka as well ({@link Journal#whenPublished}); for
     * measuring the whole path. Dependent stages run on the publisher's thread.
     */
    PUBLISHED
  }

  public JournalSink(Journal journal, Keying keying) {
    this.journal = journal;
    this.keying = keying;
  }

  /** Makes the futures of the steps accepted from now on complete as {@code when} says. */
  public void acknowledge(Acknowledge when) {
    acknowledge = Objects.requireNonNull(when, "when");
  }

  /**
   * Refuses steps also when {@code guard} gives a refusal (the disk is nearly full, say); it is
   * asked before each step, after the journal's own failure, so it must answer at once.
   */
  public void guard(Supplier<Optional<Refusal>> guard) {
    this.guard = Objects.requireNonNull(guard, "guard");
  }

  /**
   * Steps refused because the journal was full or failed (or the guard refused), since it started.
   */
  public long refused() {
    return refused.get();
  }

  /** Published events that had no key (never sent to Kafka; a bug, logged as such). */
  public long unkeyed() {
    return unkeyed.get();
  }

  /** The number of keys whose counters are kept. */
  public int keys() {
    return sequences.values().stream().mapToInt(KeySequences::size).sum();
  }

  /**
   * Whether steps and changes are appended: off while the journal is replayed into the engines, so
   * that replaying does not append what it reads.
   */
  void recording(boolean on) {
    recording = on;
  }

  @Override
  public Optional<Refusal> admit(String tenant, Step step) {
    Optional<Refusal> refusal = refusal();
    if (refusal.isPresent()) {
      refused.incrementAndGet();
    }
    return refusal;
  }

  /** Why a step would be refused now, if it would. */
  public Optional<Refusal> refusal() {
    if (journal.failure().isPresent()) {
      return Optional.of(
          new Refusal(
              ErrorCode.JournalFailed,
              "the journal in "
                  + journal.dir()
                  + " cannot write ("
                  + journal.failure().get()
                  + "); nothing was changed. The service needs attention: free the disk or fix its"
                  + " permissions, then restart it."));
    }
    Optional<Refusal> guarded = guard.get();
    if (guarded.isPresent()) {
      return guarded;
    }
    long held = journal.unpublishedBytes();
    long max = journal.settings().maxBytes();
    if (held >= max) {
      return Optional.of(
          new Refusal(
              ErrorCode.JournalFull,
              "the journal holds "
                  + held
                  + " bytes of events not yet published to Kafka, its bound is "
                  + max
                  + " bytes: Kafka has been unreachable or too slow for a while. Nothing was"
                  + " changed; retry once Kafka is back (GET /health shows the backlog), or raise"
                  + " the bound (--journal-max-bytes)."));
    }
    return Optional.empty();
  }

  @Override
  public CompletableFuture<Void> publish(String tenant, List<Event> events) {
    return CompletableFuture.failedFuture(
        new UnsupportedOperationException(
            "the journal takes whole steps (accept), not bare events: run steps through Tenants"));
  }

  @Override
  public CompletableFuture<Void> accept(HandledStep handled) {
    if (!recording) {
      throw new IllegalStateException("the journal is being replayed; steps cannot run yet");
    }
    String tenant = handled.tenant();
    KeySequences counters = sequences.computeIfAbsent(tenant, t -> new KeySequences());
    List<JournaledEvent> events =
        counters.number(tenant, handled.outcome().published(), keying, json, unkeyed);
    JournalEntry.Step entry = JournalEntry.Step.of(handled, events);
    Journal.Appended appended = journal.append(entry.encode());
    counters.position(appended.position());
    counters.drew(handled.connIds());
    return acknowledge == Acknowledge.DURABLE
        ? appended.durable()
        : appended.durable().thenCompose(ignored -> journal.whenPublished(appended.position()));
  }

  @Override
  public void configured(TenantConfig config) {
    if (recording) {
      long position = appendAndWait(new JournalEntry.Configured(config));
      sequences.computeIfAbsent(config.tenant(), t -> new KeySequences()).position(position);
    }
  }

  @Override
  public void removed(String tenant) {
    if (recording) {
      appendAndWait(new JournalEntry.Removed(tenant));
      sequences.remove(tenant);
    }
  }

  /**
   * Takes what a replayed entry holds (the numbers of a step's events, its ids), so that numbering
   * goes on after them.
   */
  void replayed(JournalEntry entry, long position) {
    KeySequences counters = sequences.computeIfAbsent(entry.tenant(), t -> new KeySequences());
    counters.position(position);
    if (entry instanceof JournalEntry.Step step) {
      counters.replayed(step);
    }
  }

  /**
   * What the sink keeps of {@code tenant}, for a snapshot; call it under the tenant's lock.
   *
   * @param position the position of the tenant's latest entry: the snapshot covers it
   * @param highestConnId the highest connection id its steps drew
   * @param counters the last number of each key, by topic
   */
  record TenantState(long position, long highestConnId, Map<String, Map<String, Long>> counters) {}

  TenantState state(String tenant) {
    KeySequences counters = sequences.computeIfAbsent(tenant, t -> new KeySequences());
    return new TenantState(counters.position(), counters.highestConnId(), counters.counters());
  }

  /** Takes back what a snapshot kept of {@code tenant}. */
  void restore(String tenant, TenantState state) {
    sequences.put(
        tenant, KeySequences.of(state.counters(), state.position(), state.highestConnId()));
  }

  /** Forgets the numbers of a removed tenant (while replaying). */
  void forget(String tenant) {
    sequences.remove(tenant);
  }

  /**
   * Drops the counters of {@code tenant}'s call threads other than {@code liveThreads} (the call
   * threads with a call in progress). Call it under the tenant's lock.
   */
  void prune(String tenant, Set<String> liveThreads) {
    KeySequences counters = sequences.get(tenant);
    if (counters == null) {
      return;
    }
    Set<String> live = new java.util.HashSet<>();
    liveThreads.forEach(id -> live.add(keying.callThreadKey(tenant, id)));
    counters.retainCallThreads(live);
  }

  private long appendAndWait(JournalEntry entry) {
    Journal.Appended appended = journal.append(entry.encode());
    try {
      appended.durable().get(30, TimeUnit.SECONDS);
      return appended.position();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot record the change of tenant " + entry.tenant() + ": " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "the journal did not record the change of tenant " + entry.tenant() + " within 30 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted recording a change of " + entry.tenant(), e);
    }
  }
}
