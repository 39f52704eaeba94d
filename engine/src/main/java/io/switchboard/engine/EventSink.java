package io.switchboard.engine;

import io.switchboard.model.Event;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Where a tenant's published events go (Kafka, in the service). Implementations must keep the order
 * of the events they are given, per tenant and across calls.
 */
public interface EventSink {

  /**
   * Publishes {@code events} of {@code tenant}, in order. The future completes when every event is
   * durably accepted by the destination, or exceptionally with the cause of the failure.
   */
  CompletableFuture<Void> publish(String tenant, List<Event> events);
}
