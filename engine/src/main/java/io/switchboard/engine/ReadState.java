package io.switchboard.engine;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;

/**
 * The tenant's state as a decision sees it: reads and the lookups that reject a request naming what
 * is not there, and nothing to change the state with. A feature's {@code decide} methods are static
 * and take a {@code ReadState}: they see the state through it and the request, so the compiler
 * holds them to reading (the entities they get show their fields through accessors only, and the
 * writer this wraps is private to it).
 */
final class ReadState {
  private final EngineState state;
  private final String tenant;

  ReadState(EngineState state) {
    this.state = state;
    this.tenant = state.tenant();
  }

  String tenant() {
    return tenant;
  }

  /** The configuration the engine was made with: its Server value and user-data limit. */
  TenantConfig config() {
    return state.config();
  }

  /** The agents that may log in, as they are now. */
  AgentList agentList() {
    return state.agentList();
  }

  /** The DN {@code number} of the directory, or null if it is not in it (an external number). */
  Dn dn(String number) {
    return state.dns().get(number);
  }

  /** The agent {@code agentId} if it is logged in, else null. */
  Agent agent(String agentId) {
    return state.agents().get(agentId);
  }

  Dn internal(String number) {
    Dn dn = dn(number);
    if (dn == null) {
      throw new Rejection(
          ErrorCode.UnknownDN, "DN " + number + " is not in the directory of tenant " + tenant);
    }
    return dn;
  }

  Dn extension(String number, String purpose) {
    Dn dn = internal(number);
    if (dn.type() != DNType.Extension) {
      throw new Rejection(
          ErrorCode.WrongDNType,
          "cannot "
              + purpose
              + " on DN "
              + number
              + ": it is a "
              + dn.type()
              + ", not an Extension");
    }
    return dn;
  }

  String acdQueue(String number) {
    Dn dn = dn(number);
    if (dn == null || dn.type() != DNType.ACDQueue) {
      throw new Rejection(
          ErrorCode.InvalidQueue,
          "ThisQueue "
              + number
              + " is not an ACDQueue of tenant "
              + tenant
              + (dn == null ? "" : " (it is a " + dn.type() + ")"));
    }
    return number;
  }

  Call call(ConnId connId) {
    Call call = state.calls().get(connId.value());
    if (call == null || (!connId.site().isEmpty() && !connId.site().equals(tenant))) {
      throw new Rejection(
          ErrorCode.UnknownConnID, "no call " + connId + " is in progress for tenant " + tenant);
    }
    return call;
  }

  Party party(Call call, String dn) {
    internal(dn);
    return call.party(dn)
        .orElseThrow(
            () ->
                new Rejection(
                    ErrorCode.NotInCall, "DN " + dn + " is not a party of call " + call.connId()));
  }

  Party externalParty(Call call, String dn) {
    if (state.dns().containsKey(dn)) {
      throw new Rejection(
          ErrorCode.InvalidParty,
          dn + " is a DN of the directory; network stimuli are for external parties");
    }
    return call.party(dn)
        .orElseThrow(
            () ->
                new Rejection(
                    ErrorCode.NotInCall, dn + " is not a party of call " + call.connId()));
  }

  void requireFreeLine(Dn dn) {
    dn.activeParty()
        .ifPresent(
            p -> {
              throw new Rejection(
                  ErrorCode.DNBusy,
                  "DN "
                      + dn.number()
                      + " already has an active call "
                      + p.call().connId()
                      + "; hold or release it first");
            });
  }
}
