package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** The external party {@code dn} that is being called on {@code connID} is busy. */
public record RemoteBusy(String dn, ConnId connID) implements Stimulus, OnCall {
  @Override
  public StepType type() {
    return StepType.RemoteBusy;
  }
}
