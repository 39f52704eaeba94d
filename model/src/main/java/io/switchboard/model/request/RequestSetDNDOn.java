package io.switchboard.model.request;

/** Turns do-not-disturb on for {@code thisDN} (TSetDNDOn). */
public record RequestSetDNDOn(String thisDN, RequestAttributes attributes) implements Request {
  @Override
  public StepType type() {
    return StepType.RequestSetDNDOn;
  }
}
