package io.switchboard.engine;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Availability;
import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * What every feature of the engine shares: the tenant's state (written through {@link
 * EngineState}'s checked changes), the lookups that reject a request naming what is not there, and
 * the other features, wired by {@link Features}. The step being handled ({@link StepContext}) is
 * passed to each method that dates, delivers or schedules something.
 */
abstract class Feature {
  final EngineState state;
  final TenantConfig config;
  final String tenant;
  final Map<String, Dn> dns;
  final Map<String, Agent> agents;
  final Map<Long, Call> calls;
  final Availability availability;
  final Set<Dn> acdQueues;
  final SortedSet<Call> waitingCalls;

  AgentStates agentStates;
  DnFeatures dnFeatures;
  BasicCalls basicCalls;
  CallRelease callRelease;
  TransfersAndConferences transfers;
  Monitoring monitoring;
  AcdQueues queues;
  RoutingPoints routing;
  CallUserData callUserData;
  EventFactory events;

  Feature(EngineState state) {
    this.state = state;
    this.config = state.config();
    this.tenant = state.tenant();
    this.dns = state.dns();
    this.agents = state.agents();
    this.calls = state.calls();
    this.availability = state.availability();
    this.acdQueues = state.acdQueues();
    this.waitingCalls = state.waitingCalls();
  }

  void wire(Features features) {
    agentStates = features.agentStates;
    dnFeatures = features.dnFeatures;
    basicCalls = features.basicCalls;
    callRelease = features.callRelease;
    transfers = features.transfers;
    monitoring = features.monitoring;
    queues = features.queues;
    routing = features.routing;
    callUserData = features.callUserData;
    events = features.events;
  }

  Dn internal(String number) {
    Dn dn = dns.get(number);
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
    Dn dn = dns.get(number);
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
    Call call = calls.get(connId.value());
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
    if (dns.containsKey(dn)) {
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
