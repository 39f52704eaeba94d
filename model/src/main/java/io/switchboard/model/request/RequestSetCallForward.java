package io.switchboard.model.request;

/** Forwards calls of {@code thisDN} to {@code otherDN} (TSetCallForward). */
public record RequestSetCallForward(
    String thisDN,
    String otherDN,
    io.switchboard.model.ForwardMode forwardMode,
    RequestAttributes attributes)
    implements Request {
  @Override
  public StepType type() {
    return StepType.RequestSetCallForward;
  }
}
