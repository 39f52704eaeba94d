package io.switchboard.model.request;

import io.switchboard.model.KVList;

/**
 * A call arrives from the network, from external number {@code from}, at DN {@code to}, with {@code
 * userData} attached.
 */
public record InboundCall(String from, String to, KVList userData) implements Stimulus {
  @Override
  public StepType type() {
    return StepType.InboundCall;
  }
}
