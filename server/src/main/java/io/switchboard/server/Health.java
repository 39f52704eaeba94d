package io.switchboard.server;

import java.util.List;
import java.util.Map;

/**
 * The service's health as {@code GET /health} and {@code GET /health/ready} report it ({@code GET
 * /health/live} answers as long as the API serves).
 *
 * @param up whether the service can take steps: what {@code GET /health} reports, as it always has
 *     (a Kafka outage alone leaves it up, since the journal keeps the steps)
 * @param notReady why the service should get no traffic now, empty when it is ready: it cannot take
 *     steps, or cannot publish their events (Kafka cannot be reached), or the disk is full
 * @param details what the wiring wants to show (the Kafka bootstrap address, the tenants...)
 */
public record Health(boolean up, List<String> notReady, Map<String, Object> details) {
  public Health {
    notReady = List.copyOf(notReady);
    details = Map.copyOf(details);
  }

  /** A service that is ready exactly when it is up. */
  public Health(boolean up, Map<String, Object> details) {
    this(up, up ? List.of() : List.of("the service cannot take steps"), details);
  }

  /** Whether the service can take steps and publish their events now. */
  public boolean ready() {
    return notReady.isEmpty();
  }
}
