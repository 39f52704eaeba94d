package io.switchboard.model.request;

/** The voicemail indicator of {@code dn} turns off. */
public record MessageWaitingOff(String dn) implements Stimulus {
  @Override
  public StepType type() {
    return StepType.MessageWaitingOff;
  }
}
