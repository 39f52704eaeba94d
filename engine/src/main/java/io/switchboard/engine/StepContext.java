package io.switchboard.engine;

import io.switchboard.engine.state.Party;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The step being handled: the instant it runs at, the logical time of what happens (the step's, or
 * the due time of the timer that is firing), the ReferenceID its events carry, and the events it
 * delivers, in order. {@link TenantEngine} keeps one, starts it afresh for each step ({@link
 * #begin}) and passes it along to the features, so that a step allocates no more for it than its
 * list of deliveries; it holds nothing between steps.
 */
final class StepContext {
  /** When the step runs. */
  Instant now;

  /** The logical time: the step's, or the due time of the timer that is firing. */
  Instant current;

  /** {@link #current} as the events' time attribute. */
  Timestamp stamp;

  /** The ReferenceID of the events made now; 0 for none. */
  long referenceId;

  /** The deliveries so far, in order; the step's outcome keeps the list. */
  List<Delivery> out;

  /** The ConnID of the call the step created, or null. */
  ConnId created;

  /** Starts a step that runs at {@code now}. */
  void begin(Instant now) {
    this.now = now;
    at(now);
    referenceId = 0;
    out = new ArrayList<>();
    created = null;
  }

  /** Ends the step: the context holds nothing of it any more. */
  void end() {
    now = null;
    current = null;
    stamp = null;
    out = null;
    created = null;
  }

  /** Dates what happens from now on at {@code instant}. */
  void at(Instant instant) {
    current = instant;
    stamp = Timestamp.of(instant);
  }

  /** Delivers {@code event} to {@code party}, a DN or a requester. */
  void deliver(String party, Event event) {
    out.add(new Delivery(party, event));
  }

  /** Delivers {@code event} to {@code party} if it is a DN of the directory. */
  void deliver(Party party, Event event) {
    if (party.isInternal()) {
      out.add(new Delivery(party.dn(), event));
    }
  }
}
