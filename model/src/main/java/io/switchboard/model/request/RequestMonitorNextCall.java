package io.switchboard.model.request;

/**
 * Makes supervisor {@code thisDN} observe the next call (or every call) of agent DN {@code otherDN}
 * (TMonitorNextCall).
 */
public record RequestMonitorNextCall(
    String thisDN,
    String otherDN,
    io.switchboard.model.MonitorNextCallType monitorNextCallType,
    RequestAttributes attributes)
    implements Request {
  @Override
  public StepType type() {
    return StepType.RequestMonitorNextCall;
  }
}
