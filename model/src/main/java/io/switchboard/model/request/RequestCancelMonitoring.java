package io.switchboard.model.request;

/** Ends the supervision of agent DN {@code otherDN} by {@code thisDN} (TCancelMonitorNextCall). */
public record RequestCancelMonitoring(String thisDN, String otherDN, RequestAttributes attributes)
    implements Request {
  @Override
  public StepType type() {
    return StepType.RequestCancelMonitoring;
  }
}
