package io.switchboard.engine;

/**
 * Where the engine's connection ids come from. The engine reads no clock and draws no random number
 * itself; tests pass a fixed source, the service a time-seeded one.
 */
public interface IdSource {

  /** The next 64-bit connection id, never returned before by this source. */
  long nextConnId();

  /**
   * Ids {@code start}, {@code start + 1}, ... A service seeds {@code start} with the start time
   * (epoch seconds shifted left by 24 bits) so that ids do not repeat across restarts.
   */
  static IdSource sequential(long start) {
    long[] next = {start};
    return () -> next[0]++;
  }
}
