package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** The external party {@code dn} hangs up call {@code connID}. */
public record RemoteRelease(String dn, ConnId connID) implements Stimulus, OnCall {
  @Override
  public StepType type() {
    return StepType.RemoteRelease;
  }
}
