package io.switchboard.model.request;

/** The voicemail indicator of {@code dn} turns on. */
public record MessageWaitingOn(String dn) implements Stimulus {
  @Override
  public StepType type() {
    return StepType.MessageWaitingOn;
  }
}
