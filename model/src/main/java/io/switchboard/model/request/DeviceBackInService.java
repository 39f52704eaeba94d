package io.switchboard.model.request;

/** The phone of {@code dn} registers again. */
public record DeviceBackInService(String dn) implements Stimulus {
  @Override
  public StepType type() {
    return StepType.DeviceBackInService;
  }
}
