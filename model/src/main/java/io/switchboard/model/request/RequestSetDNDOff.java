package io.switchboard.model.request;

/** Turns do-not-disturb off for {@code thisDN} (TSetDNDOff). */
public record RequestSetDNDOff(String thisDN, RequestAttributes attributes) implements Request {
  @Override
  public StepType type() {
    return StepType.RequestSetDNDOff;
  }
}
