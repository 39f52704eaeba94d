package io.switchboard.engine;

import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import java.util.List;
import java.util.Optional;

/**
 * What one step caused: the events delivered to the parties, in delivery order.
 *
 * @param referenceId the ReferenceID of the request (the client's or one the engine assigned); 0
 *     for a stimulus
 * @param deliveries every event, to every party, in order
 * @param connId the ConnID of the call the step created (RequestMakeCall, InboundCall, ...)
 */
public record Outcome(long referenceId, List<Delivery> deliveries, Optional<ConnId> connId) {

  public Outcome {
    deliveries = List.copyOf(deliveries);
  }

  /** The EventError of a rejected request; empty when the step was accepted. */
  public Optional<Event> error() {
    return deliveries.stream()
        .map(Delivery::event)
        .filter(e -> e.type() == EventType.EventError)
        .findFirst();
  }

  /** The ErrorCode of the EventError of a rejected request; empty when the step was accepted. */
  public Optional<ErrorCode> errorCode() {
    return error().flatMap(e -> e.get(Attribute.ErrorCode, Long.class)).flatMap(ErrorCode::of);
  }

  /** Whether the engine rejected the request (it then changed nothing). */
  public boolean rejected() {
    return error().isPresent();
  }

  /** The events to publish, in order: those whose type has a Kafka topic. */
  public List<Event> published() {
    List<Event> published = new java.util.ArrayList<>(deliveries.size());
    for (Delivery delivery : deliveries) {
      if (delivery.event().type().published()) {
        published.add(delivery.event());
      }
    }
    return published;
  }
}
