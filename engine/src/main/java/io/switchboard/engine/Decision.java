package io.switchboard.engine;

/**
 * What deciding a step against the state gave: accepted, with the facts the decision found (the
 * DNs, calls and parties involved, what is to change), or rejected, with what the requester's
 * EventError says. A decision reads and changes nothing; {@link Dispatch} evolves the state with
 * the facts of an accepted one, and of an accepted one only.
 *
 * @param <F> the facts of an accepted decision
 */
sealed interface Decision<F> {

  /** The step is accepted: {@code facts} is what its evolution applies. */
  record Accepted<F>(F facts) implements Decision<F> {}

  /** The step is rejected: the state is as it was, the requester gets an EventError. */
  record Rejected<F>(Rejection rejection) implements Decision<F> {}

  /**
   * A decision: a function of the state as it reads ({@link ReadState}) to the facts of the
   * accepted step, rejecting by throwing a {@link Rejection} (its lookups and checks do).
   */
  @FunctionalInterface
  interface Decide<F> {
    F decide(ReadState state);
  }

  /** Decides with {@code decide} against {@code state}. */
  static <F> Decision<F> of(ReadState state, Decide<F> decide) {
    try {
      return new Accepted<>(decide.decide(state));
    } catch (Rejection rejection) {
      return new Rejected<>(rejection);
    }
  }
}
