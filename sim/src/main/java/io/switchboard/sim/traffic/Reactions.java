package io.switchboard.sim.traffic;

import io.switchboard.engine.Delivery;
import io.switchboard.engine.Outcome;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator reacts to the events the engine delivers, as real clients would: each delivery goes
 * to the party it reached, the {@link Callers} (the network, the routing strategy, the caller) or
 * the {@link Agents} (the agents' and supervisors' desktops), which plan what they do next; then
 * the calls left with no party are over. Published events and rejections are counted here.
 */
final class Reactions {

  private final Counters counters;
  private final Callers callers;
  private final Agents agents;

  /**
   * @param callRandom the draws of the callers and their calls
   * @param agentRandom the draws of the agents
   * @param listener told of every call when it is over; null: nobody
   */
  Reactions(
      TrafficConfig config,
      Pacing pacing,
      EngineLink link,
      Counters counters,
      SplittableRandom callRandom,
      SplittableRandom agentRandom,
      TrafficSimulator.CallListener listener) {
    this.counters = counters;
    this.callers = new Callers(config, pacing, link, counters, this, callRandom, listener);
    this.agents = new Agents(config, pacing, link, counters, this, callRandom, agentRandom);
  }

  Callers callers() {
    return callers;
  }

  Agents agents() {
    return agents;
  }

  /** Reacts to every delivery of {@code outcome}, in order, then ends the calls that are over. */
  void process(Outcome outcome) {
    List<Delivery> deliveries = outcome.deliveries();
    for (int i = 0; i < deliveries.size(); i++) {
      react(deliveries.get(i));
    }
    callers.endCallsOver();
  }

  private void react(Delivery delivery) {
    Event event = delivery.event();
    EventType type = event.type();
    if (type.published()) {
      counters.event();
    }
    String party = delivery.party();
    switch (type) {
      case EventError -> counters.rejected(party, event);
      case EventRouteRequest -> callers.onRouteRequest(event);
      case EventTreatmentApplied -> callers.onTreatmentApplied(event);
      case EventTreatmentEnd -> callers.onTreatmentEnd(event);
      case EventQueued -> callers.onQueued(party, event);
      case EventDiverted -> callers.onDiverted(event);
      case EventRinging -> agents.onRinging(party, callers.call(event));
      case EventEstablished -> agents.onEstablished(party, callers.call(event));
      case EventReleased, EventAbandoned -> {
        SimCall call = callers.call(event);
        if (call != null && !agents.onReleased(party, call) && type == EventType.EventAbandoned) {
          // the queue or routing point where the caller hung up
          callers.onAbandoned(call);
        }
      }
      case EventAgentNotReady -> agents.onNotReady(party, event);
      case EventAgentReady -> agents.onReady(party);
      default -> {}
    }
  }
}
