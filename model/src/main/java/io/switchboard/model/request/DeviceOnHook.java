package io.switchboard.model.request;

/** The phone of {@code dn} goes on hook, hanging up its active call if it has one. */
public record DeviceOnHook(String dn) implements Stimulus {
  @Override
  public StepType type() {
    return StepType.DeviceOnHook;
  }
}
