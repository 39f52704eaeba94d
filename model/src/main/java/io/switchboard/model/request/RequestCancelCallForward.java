package io.switchboard.model.request;

/** Cancels call forwarding of {@code thisDN} (TCancelCallForward). */
public record RequestCancelCallForward(String thisDN, RequestAttributes attributes)
    implements Request {
  @Override
  public StepType type() {
    return StepType.RequestCancelCallForward;
  }
}
