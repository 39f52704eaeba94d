package io.switchboard.server;

import io.switchboard.engine.Delivery;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Tenants;
import io.switchboard.model.request.Step;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans the events of every step out to the WebSocket connections that registered their DNs. It runs
 * under the tenant's lock, so it only renders each event once and queues it on each connection
 * ({@link Outbox#offer} never blocks); a connection's events are thus in the order the engine
 * delivered them.
 */
final class EventHub implements Tenants.Listener {
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

  /** tenant → DN → the connections registered for it. */
  private final ConcurrentMap<String, ConcurrentMap<String, Set<EventSocket>>> registrations =
      new ConcurrentHashMap<>();

  private final Set<EventSocket> sockets = ConcurrentHashMap.newKeySet();
  private final ConcurrentMap<String, AtomicInteger> perClient = new ConcurrentHashMap<>();

  @Override
  public void onOutcome(String tenant, Step step, Outcome outcome) {
    try {
      Map<String, Set<EventSocket>> dns = registrations.get(tenant);
      if (dns == null) {
        return;
      }
      for (Delivery delivery : outcome.deliveries()) {
        Set<EventSocket> listeners = dns.get(delivery.party());
        if (listeners == null || listeners.isEmpty()) {
          continue;
        }
        String message = Bodies.text(Bodies.message("event", Bodies.delivery(delivery)));
        for (EventSocket socket : listeners) {
          socket.offer(message);
        }
      }
    } catch (RuntimeException e) {
      // the engine must go on whatever happens to its clients
      LOG.error(
          "could not hand the events of {} of tenant {} to WebSocket clients", step, tenant, e);
    }
  }

  /**
   * Counts a new connection of {@code client}.
   *
   * @return the client's connections, this one included
   */
  int opened(EventSocket socket, String client) {
    sockets.add(socket);
    return perClient.computeIfAbsent(client, c -> new AtomicInteger()).incrementAndGet();
  }

  void closed(EventSocket socket, String client) {
    if (sockets.remove(socket)) {
      perClient.computeIfPresent(client, (c, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
    registrations.values().forEach(dns -> dns.values().forEach(set -> set.remove(socket)));
  }

  /** The open connections of {@code client}. */
  int connections(String client) {
    AtomicInteger count = perClient.get(client);
    return count == null ? 0 : count.get();
  }

  void register(EventSocket socket, String tenant, Collection<String> dns) {
    Map<String, Set<EventSocket>> byDn =
        registrations.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
    for (String dn : dns) {
      byDn.computeIfAbsent(dn, d -> ConcurrentHashMap.newKeySet()).add(socket);
    }
  }

  void unregister(EventSocket socket, String tenant, Collection<String> dns) {
    Map<String, Set<EventSocket>> byDn = registrations.get(tenant);
    if (byDn != null) {
      dns.forEach(
          dn ->
              byDn.computeIfPresent(
                  dn, (d, set) -> set.remove(socket) && set.isEmpty() ? null : set));
    }
  }

  /** Closes every connection of {@code tenant}: it was removed. */
  void closeTenant(String tenant, String reason) {
    for (EventSocket socket : List.copyOf(sockets)) {
      if (socket.tenant().equals(tenant)) {
        socket.close(1001, reason);
      }
    }
    registrations.remove(tenant);
  }

  /** Every open connection (for keep-alive pings and for stopping). */
  Set<EventSocket> sockets() {
    return Set.copyOf(sockets);
  }
}
