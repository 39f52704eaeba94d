package io.switchboard.model.request;

/** The phone of {@code dn} loses its registration: calls to it fail until it is back. */
public record DeviceOutOfService(String dn) implements Stimulus {
  @Override
  public StepType type() {
    return StepType.DeviceOutOfService;
  }
}
