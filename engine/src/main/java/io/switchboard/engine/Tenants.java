package io.switchboard.engine;

import io.switchboard.model.request.Step;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The tenants of one Switchboard instance, each with its own engine and state. A tenant's steps run
 * one at a time and its events reach the {@link EventSink} in the order they were caused; tenants
 * share nothing but the sink. Tenants can be added and removed while the instance runs.
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

  private final Map<String, TenantEngine> engines = new ConcurrentSkipListMap<>();
  private final InstantSource clock;
  private final Function<String, IdSource> ids;
  private final EventSink sink;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

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
    TenantEngine engine = new TenantEngine(config, clock, ids.apply(config.tenant()));
    if (engines.putIfAbsent(config.tenant(), engine) != null) {
      throw new IllegalArgumentException("tenant '" + config.tenant() + "' is configured twice");
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
    }
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
      change.accept(engine);
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
   * @throws IllegalArgumentException if there is no such tenant
   */
  public CompletableFuture<Outcome> submit(String tenant, Step step) {
    TenantEngine engine = require(tenant);
    Outcome outcome;
    CompletableFuture<Void> published;
    synchronized (engine) {
      outcome = engine.handle(step);
      // published under the lock, so that the sink sees each tenant's events in causal order
      published = sink.publish(tenant, outcome.published());
      for (Listener listener : listeners) {
        listener.onOutcome(tenant, step, outcome);
      }
    }
    return published.thenApply(ignored -> outcome);
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
