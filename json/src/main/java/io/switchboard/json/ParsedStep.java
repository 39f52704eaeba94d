package io.switchboard.json;

import io.switchboard.model.request.Step;
import java.util.Objects;
import java.util.Optional;

/**
 * A step as a scenario file or a request body writes it: the step, and the scenario keys that came
 * with it.
 *
 * @param step the request or stimulus
 * @param as the name under which the ConnID of the call the step creates is bound ({@code as: c1});
 *     a later step refers to it as {@code $c1}
 * @param expectError whether the engine must reject the step ({@code expectError: true})
 */
public record ParsedStep(Step step, Optional<String> as, boolean expectError) {

  public ParsedStep {
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(as, "as");
  }

  /** A step with no scenario keys. */
  public static ParsedStep of(Step step) {
    return new ParsedStep(step, Optional.empty(), false);
  }
}
