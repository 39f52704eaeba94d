package io.switchboard.model.request;

/** The phone of {@code dn} goes off hook. */
public record DeviceOffHook(String dn) implements Stimulus {
  @Override
  public StepType type() {
    return StepType.DeviceOffHook;
  }
}
