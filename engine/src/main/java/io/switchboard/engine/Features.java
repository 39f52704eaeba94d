package io.switchboard.engine;

import io.switchboard.engine.state.EngineState;
import java.util.List;

/** The engine's features, made together and wired to each other. */
final class Features {
  final AgentStates agentStates;
  final DnFeatures dnFeatures;
  final BasicCalls basicCalls;
  final CallRelease callRelease;
  final Transfers transfers;
  final Conferences conferences;
  final Monitoring monitoring;
  final AcdQueues queues;
  final RoutingPoints routing;
  final CallUserData callUserData;
  final EventFactory events;
  final Timers timers;
  final Administration administration;
  final Dispatch dispatch;

  Features(EngineState state) {
    agentStates = new AgentStates(state);
    dnFeatures = new DnFeatures(state);
    basicCalls = new BasicCalls(state);
    callRelease = new CallRelease(state);
    transfers = new Transfers(state);
    conferences = new Conferences(state);
    monitoring = new Monitoring(state);
    queues = new AcdQueues(state);
    routing = new RoutingPoints(state);
    callUserData = new CallUserData(state);
    events = new EventFactory(state);
    timers = new Timers(state);
    administration = new Administration(state);
    dispatch = new Dispatch(state);
    for (Feature feature :
        List.of(
            agentStates,
            dnFeatures,
            basicCalls,
            callRelease,
            transfers,
            conferences,
            monitoring,
            queues,
            routing,
            callUserData,
            events,
            timers,
            administration,
            dispatch)) {
      feature.wire(this);
    }
  }
}
