package io.switchboard.engine;

/**
 * What deciding a step against the state gave: accepted, or rejected with what the requester's
 * EventError says. A decision ({@link Decide}) reads and changes nothing; {@link Dispatch} evolves
 * the state from the facts of an accepted one, and of an accepted one only.
 */
sealed interface Decision {

  /** Every accepted step's decision: its facts went to its evolution, and are not kept. */
  Decision ACCEPTED = new Accepted();

  /** The step is accepted, and the state evolved. */
  record Accepted() implements Decision {}

  /** The step is rejected: the state is as it was, the requester gets an EventError. */
  record Rejected(Rejection rejection) implements Decision {}

  /**
   * A decision: a function of the state as it reads ({@link ReadState}) and of the step to the
   * facts of the accepted step (the DNs, calls and parties involved, what is to change), rejecting
   * by throwing a {@link Rejection} (its lookups and checks do).
   *
   * @param <S> the step decided
   * @param <F> the facts of an accepted decision
   */
  @FunctionalInterface
  interface Decide<S, F> {
    F decide(ReadState state, S step);
  }
}
