package io.switchboard.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The clock of a scenario run: it stands still until an {@code Advance} step moves it, so that a
 * run's timers fire at the same points of the script every time. Thread-safe.
 */
public final class ScenarioClock implements InstantSource {

  private volatile Instant now;

  /** A clock that reads {@code start} until it is advanced. */
  public ScenarioClock(Instant start) {
    this.now = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    return now;
  }

  /**
   * Moves the clock on by {@code duration}.
   *
   * @throws IllegalArgumentException if {@code duration} is negative: time does not run back
   */
  public synchronized void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException(
          "a clock only moves forward; cannot advance by " + duration);
    }
    now = now.plus(duration);
  }
}
