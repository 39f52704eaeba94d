package io.switchboard.sim.traffic;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The simulator's time: the agenda of planned actions, ordered by virtual time and then by the
 * order they were planned (so the same seed gives the same steps at the same instants), and the
 * virtual time now, in nanoseconds from the start.
 *
 * <p>Standalone, the simulator's {@link VirtualClock} is the engine's clock, set to the time of
 * each action; at speed infinity virtual time jumps from one action to the next, at a finite speed
 * each action waits until it is due in real time. Attached to a service, time is the service's
 * clock, and each action waits for it.
 */
final class Pacing {

  /** No time: nothing planned. */
  static final long NONE = Long.MAX_VALUE;

  static final long NANOS = 1_000_000_000L;

  /** A planned action. */
  private record Action(long time, long sequence, Runnable run) {}

  private final PriorityQueue<Action> agenda =
      new PriorityQueue<>(
          (a, b) ->
              a.time != b.time
                  ? Long.compare(a.time, b.time)
                  : Long.compare(a.sequence, b.sequence));
  private long sequence;

  private final Instant start;
  private final VirtualClock virtualClock;
  private final InstantSource serviceClock;
  private final double speed;
  private final long waitSliceNanos;
  private final boolean paced;

  private long now;
  private long clockSetTo;
  private long wallStart;

  /**
   * @param start the instant virtual time 0 stands for
   * @param virtualClock the engine's clock when standalone; null when attached to a service
   * @param serviceClock the service's clock when attached; null when standalone
   * @param speed virtual time against real time; infinity: as fast as it goes
   * @param waitSliceNanos the longest a wait parks before it looks again (and reports progress)
   */
  Pacing(
      Instant start,
      VirtualClock virtualClock,
      InstantSource serviceClock,
      double speed,
      long waitSliceNanos) {
    this.start = start;
    this.virtualClock = virtualClock;
    this.serviceClock = serviceClock;
    this.speed = speed;
    this.waitSliceNanos = waitSliceNanos;
    this.paced = virtualClock == null || speed != Double.POSITIVE_INFINITY;
  }

  /** Whether time is the simulator's own (standalone), not a service's. */
  boolean virtual() {
    return virtualClock != null;
  }

  /** Whether actions wait for real time. */
  boolean paced() {
    return paced;
  }

  /** Starts the run's time at 0, now in real time. */
  void begin() {
    wallStart = System.nanoTime();
    now = 0;
    setClock(0);
  }

  /** When the run started, in {@link System#nanoTime()}. */
  long wallStart() {
    return wallStart;
  }

  /** The virtual time, in nanoseconds from the start. */
  long now() {
    return now;
  }

  /** Plans {@code action} at virtual time {@code time}. */
  void at(long time, Runnable action) {
    agenda.add(new Action(time, sequence++, action));
  }

  /** The time of the next planned action, or {@link #NONE}. */
  long nextDue() {
    Action next = agenda.peek();
    return next == null ? NONE : next.time;
  }

  /** Runs the next planned action. */
  void runNext() {
    agenda.poll().run.run();
  }

  /** Moves time to {@code at}, when something is due then (attached: no earlier than now). */
  void advanceTo(long at) {
    now = virtualClock != null ? at : Math.max(at, serviceNanos());
    setClock(at);
  }

  /** Attached, brings time up to the service's clock: events of other threads arrive late. */
  void catchUp() {
    if (virtualClock == null) {
      now = Math.max(now, serviceNanos());
    }
  }

  /** The time the engine's clock was last set to (standalone). */
  long clockSetTo() {
    return clockSetTo;
  }

  /** The virtual time of {@code instant}, in nanoseconds from the start. */
  long sinceStart(Instant instant) {
    return Duration.between(start, instant).toNanos();
  }

  /**
   * The instant, in {@link System#nanoTime()}, a step run now was due: its time in real time when
   * virtual time is paced, else the present.
   */
  long wallDue() {
    return virtualClock == null || speed == Double.POSITIVE_INFINITY
        ? System.nanoTime()
        : wallStart + (long) (now / speed);
  }

  private void setClock(long at) {
    if (virtualClock != null) {
      virtualClock.set(at);
      clockSetTo = at;
    }
  }

  private long serviceNanos() {
    Instant t = serviceClock.instant();
    return sinceStart(t);
  }

  /**
   * Waits until virtual time {@code at} is due in real time; false when {@code wake} says to stop
   * waiting early (events that other threads caused, or a stop). {@code waiting} runs after each
   * slice of the wait.
   */
  boolean waitUntil(long at, BooleanSupplier wake, Runnable waiting) {
    for (; ; ) {
      if (wake.getAsBoolean()) {
        return false;
      }
      long remaining;
      if (virtualClock != null) {
        long wallDue = wallStart + (long) (at / speed);
        remaining = wallDue - System.nanoTime();
      } else {
        remaining = at - serviceNanos();
      }
      if (remaining <= 0) {
        return true;
      }
      LockSupport.parkNanos(Math.min(remaining, waitSliceNanos));
      waiting.run();
    }
  }

  /** {@code seconds} in nanoseconds, a time too far to come saturated. */
  static long nanos(double seconds) {
    return seconds >= Long.MAX_VALUE / (double) NANOS ? NONE / 4 : Math.round(seconds * NANOS);
  }

  /** {@code d} in nanoseconds, saturated. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return NONE / 2;
    }
  }
}
