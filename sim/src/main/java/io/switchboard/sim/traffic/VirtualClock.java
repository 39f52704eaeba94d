package io.switchboard.sim.traffic;

import java.time.Instant;
import java.time.InstantSource;

/**
 * The engine's clock in a simulation: it reads the virtual time the simulator last set, so that a
 * run takes as long as the engine needs, not as long as the calls last.
 */
final class VirtualClock implements InstantSource {

  private final Instant start;
  private volatile long nanos;
  private volatile Instant now;

  VirtualClock(Instant start) {
    this.start = start;
    this.now = start;
  }

  /** Sets the time to {@code nanos} after the start; it never goes back. */
  void set(long nanosSinceStart) {
    if (nanosSinceStart != nanos) {
      nanos = nanosSinceStart;
      now = start.plusNanos(nanosSinceStart);
    }
  }

  @Override
  public Instant instant() {
    return now;
  }
}
