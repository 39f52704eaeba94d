package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * The treatment applied to call {@code connID} on {@code thisDN} finishes, with the digits it
 * collected, if any.
 */
public record TreatmentEnd(String thisDN, ConnId connID, java.util.Optional<String> collectedDigits)
    implements Stimulus, OnCall {
  @Override
  public StepType type() {
    return StepType.TreatmentEnd;
  }
}
