package io.switchboard.sim;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a scenario run stopped: the step that did not do what it was meant to.
 *
 * @param step the step
 * @param reason what happened instead, e.g. the ErrorMessage of the EventError that rejected it
 * @param cause the exception, when the engine or the event sink failed
 */
public record ScenarioFailure(ScenarioStep step, String reason, Optional<Throwable> cause) {

  public ScenarioFailure {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(cause, "cause");
  }

  /** The message for the user: the step's number, line and text, and the reason. */
  public String message() {
    return step.describe() + "\n  " + reason;
  }
}
