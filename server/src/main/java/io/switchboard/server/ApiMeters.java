package io.switchboard.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Tenants;
import io.switchboard.model.Event;
import io.switchboard.model.request.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The API's own figures: requests by route and status, the latency of steps (from the request to
 * the answer), the events the tenants' steps published by type and tenant, the WebSockets open, and
 * per tenant the calls in progress, the agents logged in and the DNs.
 */
final class ApiMeters implements Tenants.Listener {
  /** The route label of a request that matched no route. */
  static final String NO_ROUTE = "none";

  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH");

  private final MeterRegistry registry;
  private final ConcurrentMap<List<String>, Timer> requests = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Timer> steps = new ConcurrentHashMap<>();
  private final ConcurrentMap<List<String>, Counter> events = new ConcurrentHashMap<>();

  ApiMeters(Meters meters, Tenants tenants, EventHub hub) {
    this.registry = meters.registry();
    Gauge.builder("switchboard.api.websockets", hub, h -> h.sockets().size())
        .description("WebSocket connections open.")
        .register(registry);
    MultiGauge calls =
        MultiGauge.builder("switchboard.tenant.calls")
            .description("Calls in progress.")
            .register(registry);
    MultiGauge agents =
        MultiGauge.builder("switchboard.tenant.agents.logged.in")
            .description("Agents logged in.")
            .register(registry);
    MultiGauge dns =
        MultiGauge.builder("switchboard.tenant.dns")
            .description("DNs in the tenant's directory.")
            .register(registry);
    meters.beforeScrape(() -> perTenant(tenants, calls, agents, dns));
    tenants.addListener(this);
  }

  /** The figures of each tenant now; those of removed tenants go. */
  private static void perTenant(
      Tenants tenants, MultiGauge calls, MultiGauge agents, MultiGauge dns) {
    List<MultiGauge.Row<?>> callRows = new ArrayList<>();
    List<MultiGauge.Row<?>> agentRows = new ArrayList<>();
    List<MultiGauge.Row<?>> dnRows = new ArrayList<>();
    for (String tenant : List.copyOf(tenants.ids())) {
      Tags tags = Tags.of("tenant", tenant);
      try {
        tenants.inspect(
            tenant,
            engine -> {
              callRows.add(MultiGauge.Row.of(tags, engine.callsInProgress()));
              agentRows.add(MultiGauge.Row.of(tags, engine.agentsLoggedIn()));
              dnRows.add(MultiGauge.Row.of(tags, engine.directorySize()));
              return null;
            });
      } catch (IllegalArgumentException removed) {
        // removed meanwhile
      }
    }
    calls.register(callRows, true);
    agents.register(agentRows, true);
    dns.register(dnRows, true);
  }

  /**
   * A request answered: {@code route} is the route's template, not the path asked for, and a method
   * that no route has counts as {@code other}, so that clients cannot make labels without end.
   */
  void request(String method, String route, int status, long nanos) {
    requests
        .computeIfAbsent(
            List.of(METHODS.contains(method) ? method : "other", route, Integer.toString(status)),
            key ->
                Meters.latency(
                        "switchboard.http.requests",
                        "HTTP requests by method, route (its template) and status, and how long"
                            + " they took to answer.")
                    .tags("method", key.get(0), "route", key.get(1), "status", key.get(2))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A step answered, over HTTP or WebSocket: from the request to the answer, once its events are
   * journaled (or published); {@code outcome} is {@code accepted}, {@code rejected} (by the
   * engine), {@code refused} (by the service, before the engine ran it) or {@code failed}.
   */
  void step(String tenant, String outcome, long nanos) {
    steps
        .computeIfAbsent(
            List.of(tenant, outcome),
            key ->
                Meters.latency(
                        "switchboard.step.latency",
                        "Steps from the request to the answer, by tenant and outcome (accepted,"
                            + " rejected by the engine, refused by the service, failed).")
                    .tags("tenant", key.get(0), "outcome", key.get(1))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public void onOutcome(String tenant, Step step, Outcome outcome) {
    for (Event event : outcome.published()) {
      events
          .computeIfAbsent(
              List.of(tenant, event.type().name()),
              key ->
                  Counter.builder("switchboard.events")
                      .description("Events the tenants' steps caused, to be published, by type.")
                      .tags("tenant", key.get(0), "type", key.get(1))
                      .register(registry))
          .increment();
    }
  }
}
