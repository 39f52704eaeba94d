package io.switchboard.sim.traffic;

import static io.switchboard.sim.traffic.Pacing.NANOS;
import static io.switchboard.sim.traffic.Pacing.nanos;

import io.switchboard.engine.Outcome;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.KVList;
import io.switchboard.model.TreatmentType;
import io.switchboard.model.request.RemoteRelease;
import io.switchboard.model.request.RequestApplyTreatment;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestRouteCall;
import io.switchboard.model.request.Step;
import io.switchboard.model.request.TreatmentEnd;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The calls in progress and the parties outside the contact center's agents: the network and the
 * routing strategy (an arriving call gets the IVR treatment on the routing point, if configured,
 * then is routed to its queue) and the caller, who gives up after the queue's patience. A call is
 * over once no party is on it and it waits nowhere; then it is counted and told to the {@link
 * TrafficSimulator.CallListener}.
 */
final class Callers {

  private final TrafficConfig config;
  private final Pacing pacing;
  private final EngineLink link;
  private final Counters counters;
  private final Reactions reactions;
  private final SplittableRandom callRandom;
  private final TrafficSimulator.CallListener listener;
  private final Map<Long, SimCall> calls = new HashMap<>();
  private final List<SimCall> touched = new ArrayList<>();

  /**
   * @param callRandom the draws of the callers and their calls
   * @param listener told of every call when it is over; null: nobody
   */
  Callers(
      TrafficConfig config,
      Pacing pacing,
      EngineLink link,
      Counters counters,
      Reactions reactions,
      SplittableRandom callRandom,
      TrafficSimulator.CallListener listener) {
    this.config = config;
    this.pacing = pacing;
    this.link = link;
    this.counters = counters;
    this.reactions = reactions;
    this.callRandom = callRandom;
    this.listener = listener;
  }

  /** Calls in progress. */
  int inProgress() {
    return calls.size();
  }

  /** {@code call} arrived at the routing point, with this outcome. */
  void arrived(SimCall call, Outcome outcome) {
    outcome
        .connId()
        .ifPresent(
            id -> {
              call.connId = id;
              call.waiting = true;
              calls.put(id.value(), call);
              touched.add(call);
            });
    reactions.process(outcome);
  }

  /**
   * The call {@code event} is about, if it is one of the simulator's; it is looked at afterwards.
   */
  SimCall call(Event event) {
    Object id = event.attributes().get(Attribute.ConnID);
    if (!(id instanceof ConnId connId)) {
      return null;
    }
    SimCall call = calls.get(connId.value());
    if (call != null) {
      touched.add(call);
    }
    return call;
  }

  /** Ends the calls that the events just handled left with no party and waiting nowhere. */
  void endCallsOver() {
    for (int i = 0; i < touched.size(); i++) {
      SimCall call = touched.get(i);
      if (!call.over && call.legs == 0 && !call.waiting) {
        over(call);
      }
    }
    touched.clear();
  }

  // ---------------------------------------------------------------- reactions

  void onRouteRequest(Event event) {
    SimCall call = call(event);
    if (call != null) {
      long now = pacing.now();
      if (config.ivr().isPresent()) {
        pacing.at(now, () -> applyTreatment(call));
      } else {
        pacing.at(now, () -> route(call));
      }
    }
  }

  void onTreatmentApplied(Event event) {
    SimCall call = call(event);
    if (call != null && config.ivr().isPresent()) {
      pacing.at(
          pacing.now() + nanos(config.ivr().get().sample(callRandom)), () -> endTreatment(call));
    }
  }

  void onTreatmentEnd(Event event) {
    SimCall call = call(event);
    if (call != null) {
      pacing.at(pacing.now(), () -> route(call));
    }
  }

  void onQueued(String party, Event event) {
    SimCall call = call(event);
    int queue = ContactCenter.queueIndex(party, config.queues().size());
    if (call != null) {
      call.waiting = true;
      if (queue >= 0 && call.queuedAt < 0) {
        long now = pacing.now();
        call.queuedAt = now;
        Optional<Distribution> patience = config.queues().get(call.queue).patience();
        if (patience.isPresent()) {
          pacing.at(now + nanos(patience.get().sample(callRandom)), () -> abandon(call));
        }
      }
    }
  }

  void onDiverted(Event event) {
    SimCall call = call(event);
    if (call != null) {
      call.waiting = false;
    }
  }

  /** The caller of {@code call} hung up where the call waited (a queue, the routing point). */
  void onAbandoned(SimCall call) {
    call.waiting = false;
  }

  // ---------------------------------------------------------------- actions

  private void applyTreatment(SimCall call) {
    if (call.over) {
      return;
    }
    run(
        new RequestApplyTreatment(
            ContactCenter.ROUTING_POINT,
            call.connId,
            TreatmentType.PlayAnnouncementAndDigits,
            KVList.of("Prompt", "main-menu"),
            RequestAttributes.NONE));
  }

  private void endTreatment(SimCall call) {
    if (call.over) {
      return;
    }
    run(
        new TreatmentEnd(
            ContactCenter.ROUTING_POINT,
            call.connId,
            Optional.of(Integer.toString(call.queue + 1))));
  }

  private void route(SimCall call) {
    if (call.over) {
      return;
    }
    run(
        new RequestRouteCall(
            ContactCenter.ROUTING_POINT,
            call.connId,
            ContactCenter.queueDn(call.queue),
            KVList.EMPTY,
            RequestAttributes.NONE));
  }

  private void abandon(SimCall call) {
    if (call.over || call.answeredAt >= 0 || call.abandoning) {
      return;
    }
    call.abandoning = true;
    run(new RemoteRelease(call.from, call.connId));
  }

  private void run(Step step) {
    reactions.process(link.submit(step));
  }

  private void over(SimCall call) {
    long now = pacing.now();
    call.over = true;
    calls.remove(call.connId.value());
    boolean wasAnswered = call.answeredAt >= 0;
    counters.over(wasAnswered);
    if (listener != null) {
      long queued = call.queuedAt >= 0 ? call.queuedAt : now;
      long wait = wasAnswered ? call.answeredAt - queued : now - queued;
      listener.callOver(
          new TrafficSimulator.CallResult(
              call.index,
              call.queue,
              call.arrival / (double) NANOS,
              wasAnswered,
              call.deliveredAt != queued,
              wait / 1e9));
    }
  }
}
