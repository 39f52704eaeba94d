package io.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a scenario file, as written.
 *
 * @param number the step's number, from 1
 * @param line the line of the file where the step starts, from 1
 * @param text the step's text in the file, for messages
 * @param node the step as a tree, e.g. {@code {"RequestMakeCall": {"ThisDN": "5001", ...}}}, to be
 *     read with {@link io.switchboard.json.StepJson}, without its {@code expect} list; shared, so
 *     do not modify it
 * @param expect the events the step must deliver, in order, when the step has an {@code expect}
 *     list; empty when it has none (an empty list says the step must deliver no event)
 */
public record ScenarioStep(
    int number, int line, String text, JsonNode node, Optional<List<ExpectedEvent>> expect) {

  public ScenarioStep {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(node, "node");
    expect = expect.map(List::copyOf);
  }

  /** {@code step 3 (line 12): RequestAnswerCall: {ThisDN: "5001", ConnID: $c1}}, for messages. */
  public String describe() {
    return "step " + number + " (line " + line + "): " + text;
  }
}
