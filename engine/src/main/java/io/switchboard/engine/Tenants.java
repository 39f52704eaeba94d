package io.switchboard.engine;

import io.switchboard.model.request.Step;
import java.time.InstantSource;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The tenants of one Switchboard instance, each with its own engine and state. A tenant's steps run
 * one at a time and its events reach the {@link EventSink} in the order they were caused; tenants
 * share nothing but the sink.
 */
public final class Tenants {

  private final Map<String, TenantEngine> engines = new LinkedHashMap<>();
  private final EventSink sink;

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
    for (TenantConfig config : configs) {
      if (engines.putIfAbsent(
              config.tenant(), new TenantEngine(config, clock, ids.apply(config.tenant())))
          != null) {
        throw new IllegalArgumentException("tenant '" + config.tenant() + "' is configured twice");
      }
    }
    this.sink = sink;
  }

  /** The tenant ids. */
  public Set<String> ids() {
    return engines.keySet();
  }

  /** The engine of {@code tenant}. */
  public Optional<TenantEngine> engine(String tenant) {
    return Optional.ofNullable(engines.get(tenant));
  }

  /**
   * Runs {@code step} on {@code tenant}'s engine and publishes the events it caused. The future
   * completes with the outcome once the sink has accepted every published event.
   *
   * @throws IllegalArgumentException if there is no such tenant
   */
  public CompletableFuture<Outcome> submit(String tenant, Step step) {
    TenantEngine engine = engines.get(tenant);
    if (engine == null) {
      throw new IllegalArgumentException(
          "no tenant '" + tenant + "'; known tenants: " + engines.keySet());
    }
    Outcome outcome;
    CompletableFuture<Void> published;
    synchronized (engine) {
      outcome = engine.handle(step);
      // published under the lock, so that the sink sees each tenant's events in causal order
      published = sink.publish(tenant, outcome.published());
    }
    return published.thenApply(ignored -> outcome);
  }
}
