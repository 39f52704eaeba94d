package io.switchboard.wallboard;

/**
 * The counts of one queue over one period (an aligned interval, or the day since midnight). Times
 * are sums in microseconds; the averages are derived when shown ({@link Views}).
 */
final class Figures {
  /** The start of the period, microseconds since the epoch. */
  long startMicros;

  /** The end of the period (excluded). */
  long endMicros;

  long offered;
  long answered;
  long abandoned;
  long abandonedWhileRinging;
  long answeredWithinThreshold;
  long distributed;
  long waitMicros;
  long handled;
  long handleMicros;
  long afterCallWork;
  long afterCallWorkMicros;

  Figures() {}

  Figures(long startMicros, long endMicros) {
    this.startMicros = startMicros;
    this.endMicros = endMicros;
  }
}
