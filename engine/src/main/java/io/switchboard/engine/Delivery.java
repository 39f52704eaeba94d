package io.switchboard.engine;

import io.switchboard.model.Event;
import java.util.Objects;

/**
 * An event delivered to a party: the DN it concerns, or the requester that receives an EventError
 * or a third-party EventAttachedDataChanged.
 *
 * @param party the DN (or requester) the event is delivered to
 * @param event the event
 */
public record Delivery(String party, Event event) {
  public Delivery {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(event, "event");
  }
}
