package io.switchboard.server;

import java.util.Map;

/**
 * The service's health as {@code GET /health} reports it.
 *
 * @param up whether the service can take steps and publish their events
 * @param details what the wiring wants to show (the Kafka bootstrap address, the tenants...)
 */
public record Health(boolean up, Map<String, Object> details) {
  public Health {
    details = Map.copyOf(details);
  }
}
