package io.switchboard.engine;

import io.switchboard.model.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The step being handled: the instant it runs at, the logical time of what happens (the step's, or
 * the due time of the timer that is firing), the ReferenceID its events carry, and the events it
 * delivers, in order. The engine keeps one and starts it afresh for each step ({@link #begin}), so
 * that a step allocates no more for it than its list of deliveries; it holds nothing between steps.
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

  /** Whether the step itself (not a timer before it) has changed the state. */
  private boolean changed;

  /** Starts a step that runs at {@code now}. */
  void begin(Instant now) {
    this.now = now;
    at(now);
    referenceId = 0;
    out = new ArrayList<>();
    changed = false;
  }

  /** Ends the step: the context holds nothing of it any more. */
  void end() {
    now = null;
    current = null;
    stamp = null;
    out = null;
  }

  /** Dates what happens from now on at {@code instant}. */
  void at(Instant instant) {
    current = instant;
    stamp = Timestamp.of(instant);
  }

  /**
   * Called by every change {@link EngineState} makes. Once the step has changed something, it can
   * no longer be rejected: {@link TenantEngine#handle} turns a rejection then into an error of the
   * engine instead of an EventError over a half-made change.
   */
  void changing() {
    changed = true;
  }

  boolean changed() {
    return changed;
  }

  /** The timers have fired: what changes from now on, the step itself changes. */
  void stepBegins() {
    changed = false;
  }

  void deliver(String party, io.switchboard.model.Event event) {
    out.add(new Delivery(party, event));
  }
}
