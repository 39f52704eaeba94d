package io.switchboard.engine;

import io.switchboard.model.ConnId;
import io.switchboard.model.request.OnCall;
import io.switchboard.model.request.Step;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The tenants of one Switchboard instance, each with its own engine and state. A tenant's steps run
 * one at a time and its events reach the {@link EventSink} in the order they were caused; tenants
 * share nothing but the sink. Tenants can be added and removed while the instance runs.
 *
 * <p>Each step reads the clock once, here, and its engine sees that instant for the whole step; the
 * connection ids the engine draws are collected. The sink gets both with the outcome ({@link
 * HandledStep}), so that a journal can run the step again after a crash ({@link #replay}) and
 * rebuild the same state. Connection ids handed to an engine only increase (see {@link IdSource}):
 * a restart that reads the same second cannot reuse an id.
 */
public final class Tenants {

  /**
   * Told of every step's outcome, in the order the steps ran, under the tenant's lock: it must
   * return quickly and never block (hand the work to a queue of its own).
   */
  @FunctionalInterface
  public interface Listener {
    void onOutcome(String tenant, Step step, Outcome outcome);
  }

  /**
   * Told, on the thread that runs a step and under the tenant's lock, when the step begins and when
   * it is over (its events handed to the sink, the listeners told): what is logged in between is
   * about that step (the service puts the tenant and the ConnID into the logs' context). It must
   * return quickly and never throw.
   */
  public interface StepScope {
    /**
     * A step of {@code tenant} begins.
     *
     * @param connId the call it names, if any
     */
    void begin(String tenant, Optional<ConnId> connId);

    /** The step made the call {@code connId} (a call it started), or names it. */
    void call(ConnId connId);

    /** The step is over. */
    void end();

    /** Does nothing. */
    StepScope NONE =
        new StepScope() {
          @Override
          public void begin(String tenant, Optional<ConnId> connId) {}

          @Override
          public void call(ConnId connId) {}

          @Override
          public void end() {}
        };
  }

  /**
   * Builds a tenant's engine, with the clock and the id source that {@link Tenants} gives it: an
   * engine read back from a snapshot, say.
   */
  @FunctionalInterface
  public interface EngineFactory {
    TenantEngine create(InstantSource clock, IdSource ids);
  }

  private final Map<String, TenantEngine> engines = new ConcurrentSkipListMap<>();
  private final Map<String, StepInputs> inputs = new ConcurrentHashMap<>();
  private final Map<String, IdempotencyKeys> idempotency = new ConcurrentHashMap<>();
  private final InstantSource clock;
  private final Function<String, IdSource> ids;
  private final EventSink sink;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private volatile StepScope scope = StepScope.NONE;

  /**
   * @param configs the tenants
   * @param clock the engines' clock
   * @param ids a source of connection ids per tenant
   * @param sink where published events go
   */
  public Tenants(
      Collection<TenantConfig> configs,
      InstantSource clock,
      Function<String, IdSource> ids,
      EventSink sink) {
    this.clock = clock;
    this.ids = ids;
    this.sink = sink;
    configs.forEach(this::add);
  }

  /** The tenant ids, in order. */
  public Set<String> ids() {
    return engines.keySet();
  }

  /** The engine of {@code tenant}; run steps through {@link #submit}, never on it directly. */
  public Optional<TenantEngine> engine(String tenant) {
    return Optional.ofNullable(engines.get(tenant));
  }

  /**
   * Adds a tenant.
   *
   * @throws IllegalArgumentException if a tenant with that id exists
   */
  public void add(TenantConfig config) {
    StepInputs in = new StepInputs(ids.apply(config.tenant()));
    TenantEngine engine = new TenantEngine(config, in, in);
    synchronized (engine) {
      if (engines.putIfAbsent(config.tenant(), engine) != null) {
        throw new IllegalArgumentException("tenant '" + config.tenant() + "' is configured twice");
      }
      inputs.put(config.tenant(), in);
      sink.configured(config);
    }
  }

  /**
   * Adds a tenant whose engine {@code factory} builds, its state restored from a snapshot that the
   * sink keeps itself: the sink is not told. Connection ids drawn from then on are above {@code
   * highestConnId}, the highest one the restored state may hold.
   *
   * @throws IllegalArgumentException if a tenant with that id exists, or the engine is another
   *     tenant's
   */
  public void restore(TenantConfig config, EngineFactory factory, long highestConnId) {
    StepInputs in = new StepInputs(ids.apply(config.tenant()));
    in.atLeast(highestConnId);
    TenantEngine engine = factory.create(in, in);
    if (!engine.config().tenant().equals(config.tenant())) {
      throw new IllegalArgumentException(
          "the restored engine belongs to tenant '"
              + engine.config().tenant()
              + "', not to '"
              + config.tenant()
              + "'");
    }
    synchronized (engine) {
      if (engines.putIfAbsent(config.tenant(), engine) != null) {
        throw new IllegalArgumentException("tenant '" + config.tenant() + "' is configured twice");
      }
      inputs.put(config.tenant(), in);
    }
  }

  /**
   * Removes a tenant that has no call in progress.
   *
   * @throws IllegalArgumentException if there is no such tenant
   * @throws IllegalStateException if it has calls in progress
   */
  public void remove(String tenant) {
    TenantEngine engine = require(tenant);
    synchronized (engine) {
      if (engine.callsInProgress() > 0) {
        throw new IllegalStateException(
            "tenant '" + tenant + "' has " + engine.callsInProgress() + " calls in progress");
      }
      engines.remove(tenant);
      inputs.remove(tenant);
      idempotency.remove(tenant);
      sink.removed(tenant);
    }
  }

  /**
   * Drops a tenant that this instance no longer serves (another instance of a cluster took it
   * over), whatever its calls: its state lives on where its log is. Neither the sink nor the
   * listeners are told. Nothing happens if there is no such tenant.
   */
  public void evict(String tenant) {
    TenantEngine engine = engines.get(tenant);
    if (engine == null) {
      return;
    }
    synchronized (engine) {
      engines.remove(tenant, engine);
      inputs.remove(tenant);
      idempotency.remove(tenant);
    }
  }

  /**
   * The idempotency keys {@code tenant} keeps now, for a snapshot; call it under the tenant's lock
   * ({@link #inspect}).
   */
  public List<IdempotencyKeys.Kept> idempotencyKeys(String tenant) {
    IdempotencyKeys keys = idempotency.get(tenant);
    return keys == null ? List.of() : keys.kept();
  }

  /** Takes back the idempotency keys of a tenant restored from a snapshot. */
  public void restoreIdempotencyKeys(String tenant, List<IdempotencyKeys.Kept> kept) {
    TenantEngine engine = require(tenant);
    synchronized (engine) {
      idempotency.computeIfAbsent(tenant, t -> new IdempotencyKeys()).restore(kept);
    }
  }

  /** Tells {@code scope} when each step submitted from now on begins and ends. */
  public void scope(StepScope scope) {
    this.scope = Objects.requireNonNull(scope, "scope");
  }

  /** Registers {@code listener} for the outcomes of every tenant's steps. */
  public void addListener(Listener listener) {
    listeners.add(listener);
  }

  /**
   * Runs {@code change} on {@code tenant}'s engine under its lock (to add or remove DNs, say).
   *
   * @throws IllegalArgumentException if there is no such tenant
   */
  public void reconfigure(String tenant, Consumer<TenantEngine> change) {
    TenantEngine engine = require(tenant);
    synchronized (engine) {
      TenantConfig before = engine.config();
      try {
        change.accept(engine);
      } finally {
        // the sink hears of actual changes only: callers also use this to read the engine
        TenantConfig after = engine.config();
        if (!after.equals(before)) {
          sink.configured(after);
        }
      }
    }
  }

  /**
   * Runs {@code reader} on {@code tenant}'s engine under its lock and returns its result: a
   * consistent look at the engine together with what a sink keeps beside it (for a snapshot, say).
   * The reader must not change the engine.
   *
   * @throws IllegalArgumentException if there is no such tenant
   */
  public <T> T inspect(String tenant, Function<TenantEngine, T> reader) {
    TenantEngine engine = require(tenant);
    synchronized (engine) {
      return reader.apply(engine);
    }
  }

  /**
   * A consistent read-only copy of {@code tenant}'s state.
   *
   * @throws IllegalArgumentException if there is no such tenant
   */
  public TenantView view(String tenant) {
    TenantEngine engine = require(tenant);
    synchronized (engine) {
      return engine.view();
    }
  }

  /**
   * Runs {@code step} on {@code tenant}'s engine and publishes the events it caused. The future
   * completes with the outcome once the sink has accepted every published event.
   *
   * <p>The sink is asked first whether it can take the step ({@link EventSink#admit}); if it
   * refuses, the engine does not run the step and the outcome is an EventError for the requester
   * with the refusal's code and message, completed at once.
   *
   * @throws IllegalArgumentException if there is no such tenant
   */
  public CompletableFuture<Outcome> submit(String tenant, Step step) {
    return submit(tenant, step, Optional.empty());
  }

  /**
   * Runs {@code step} as {@link #submit(String, Step)} does, once per {@code idempotencyKey}: a
   * step sent again under a key that a step of the tenant was sent under in the last {@link
   * IdempotencyKeys#WINDOW} gets that step's outcome, once it is acknowledged, and does not run
   * again. The key is recorded with the step ({@link HandledStep#idempotencyKey}), so that a
   * journal or a cluster's log that rebuilds the tenant rebuilds the keys too.
   *
   * @throws IllegalArgumentException if there is no such tenant
   * @throws IdempotencyKeys.Conflict if the key was used for another step
   */
  public CompletableFuture<Outcome> submit(
      String tenant, Step step, Optional<String> idempotencyKey) {
    TenantEngine engine = require(tenant);
    StepScope around = scope;
    synchronized (engine) {
      if (around == StepScope.NONE) {
        return run(tenant, engine, step, idempotencyKey, around);
      }
      around.begin(tenant, connIdOf(step));
      try {
        return run(tenant, engine, step, idempotencyKey, around);
      } finally {
        around.end();
      }
    }
  }

  /** {@link #submit(String, Step, Optional)} under the tenant's lock. */
  private CompletableFuture<Outcome> run(
      String tenant,
      TenantEngine engine,
      Step step,
      Optional<String> idempotencyKey,
      StepScope around) {
    Outcome outcome;
    CompletableFuture<Void> published;
    StepInputs in = inputsOf(tenant, engine);
    Instant now = clock.instant();
    IdempotencyKeys keys = idempotency.computeIfAbsent(tenant, t -> new IdempotencyKeys());
    if (idempotencyKey.isPresent()) {
      Optional<CompletableFuture<Outcome>> earlier = keys.earlier(idempotencyKey.get(), step, now);
      if (earlier.isPresent()) {
        return earlier.get();
      }
    }
    Optional<Refusal> refusal = sink.admit(tenant, step);
    if (refusal.isPresent()) {
      outcome = engine.refused(step, refusal.get(), now);
      published = CompletableFuture.completedFuture(null);
    } else {
      in.begin(now);
      outcome = engine.handle(step);
      List<Long> drawn = in.end();
      outcome.connId().ifPresent(around::call);
      // handed to the sink under the lock, so that it sees each tenant's steps in causal order
      published = sink.accept(new HandledStep(tenant, step, now, drawn, outcome, idempotencyKey));
      if (idempotencyKey.isPresent()) {
        Outcome done = outcome;
        keys.remember(idempotencyKey.get(), step, now, done, published.thenApply(ignored -> done));
      }
    }
    for (Listener listener : listeners) {
      listener.onOutcome(tenant, step, outcome);
    }
    return published.thenApply(ignored -> outcome);
  }

  /**
   * Runs a step again, as it ran before, to rebuild {@code tenant}'s state from a journal: the
   * engine reads {@code instant} and draws {@code connIds} (fresh ids if it asks for more). Neither
   * the sink nor the listeners are told.
   *
   * @return the step as it ran now; its outcome and ids equal the recorded ones when the engine was
   *     in the same state and behaves as it did
   * @throws IllegalArgumentException if there is no such tenant
   */
  public HandledStep replay(String tenant, Step step, Instant instant, List<Long> connIds) {
    return replay(tenant, step, instant, connIds, Optional.empty());
  }

  /**
   * Runs a step again as {@link #replay(String, Step, Instant, List)} does, and remembers the key
   * it was sent under with its outcome, as {@link #submit(String, Step, Optional)} did.
   */
  public HandledStep replay(
      String tenant,
      Step step,
      Instant instant,
      List<Long> connIds,
      Optional<String> idempotencyKey) {
    TenantEngine engine = require(tenant);
    synchronized (engine) {
      StepInputs in = inputsOf(tenant, engine);
      in.replay(instant, connIds);
      Outcome outcome = engine.handle(step);
      if (idempotencyKey.isPresent()) {
        idempotency
            .computeIfAbsent(tenant, t -> new IdempotencyKeys())
            .remember(
                idempotencyKey.get(),
                step,
                instant,
                outcome,
                CompletableFuture.completedFuture(outcome));
      }
      return new HandledStep(tenant, step, instant, in.end(), outcome, idempotencyKey);
    }
  }

  /** The call a step names (its ConnID), if any. */
  private static Optional<ConnId> connIdOf(Step step) {
    return step instanceof OnCall call ? Optional.ofNullable(call.connID()) : Optional.empty();
  }

  /** The clock and ids of {@code engine}, under its lock; it may have been removed meanwhile. */
  private StepInputs inputsOf(String tenant, TenantEngine engine) {
    StepInputs in = inputs.get(tenant);
    if (in == null || engines.get(tenant) != engine) {
      throw new IllegalArgumentException("no tenant '" + tenant + "' (it was removed)");
    }
    return in;
  }

  private TenantEngine require(String tenant) {
    TenantEngine engine = engines.get(tenant);
    if (engine == null) {
      throw new IllegalArgumentException(
          "no tenant '" + tenant + "'; known tenants: " + engines.keySet());
    }
    return engine;
  }
}
