package io.switchboard.engine;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Availability;
import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;

/**
 * What every feature of the engine shares: the tenant's state, written through {@link
 * EngineState}'s writers (which check every transition) and read through its read-only views, and
 * the other features, wired by {@link Features}. These are for a feature's evolutions; its
 * decisions are static and see a {@link ReadState} alone. The step being handled ({@link
 * StepContext}) is passed to each method that dates, delivers or schedules something.
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

  /** The state as a decision sees it: reads and lookups only. */
  final ReadState read;

  AgentStates agentStates;
  DnFeatures dnFeatures;
  BasicCalls basicCalls;
  CallRelease callRelease;
  Transfers transfers;
  Conferences conferences;
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
    this.read = new ReadState(state);
  }

  void wire(Features features) {
    agentStates = features.agentStates;
    dnFeatures = features.dnFeatures;
    basicCalls = features.basicCalls;
    callRelease = features.callRelease;
    transfers = features.transfers;
    conferences = features.conferences;
    monitoring = features.monitoring;
    queues = features.queues;
    routing = features.routing;
    callUserData = features.callUserData;
    events = features.events;
  }
}
