package io.switchboard.engine;

import io.switchboard.model.CallState;
import io.switchboard.model.DNRole;

/** How a call is offered to its destination. */
record Offer(String thisQueue, CallState ringState, DNRole role, String thirdParty, String cause) {
  static Offer plain() {
    return new Offer(null, CallState.Ok, DNRole.Destination, null, null);
  }

  static Offer from(String thisQueue) {
    return new Offer(thisQueue, CallState.Ok, DNRole.Destination, null, null);
  }
}
