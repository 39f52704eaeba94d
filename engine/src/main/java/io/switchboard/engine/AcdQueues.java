package io.switchboard.engine;

import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThirdPartyDNRole;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.engine.state.TimerKind;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.request.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * ACD queues: calls wait, the longest-waiting call goes to the longest-available agent, no answer
 * and overflow.
 */
final class AcdQueues extends Feature {
  AcdQueues(EngineState state) {
    super(state);
  }

  /** Queues the call at an ACD queue; distribution follows at the end of the step. */
  void enqueue(StepContext step, Call call, Dn queue) {
    if (!state.queue(call, queue)) {
      return;
    }
    step.deliver(
        queue.number(),
        events.queueEvent(step, EventType.EventQueued, call, queue.number()).build());
    List<String> overflow = queue.entry().list("overflow");
    state.refreshAvailability();
    if (overflow.isEmpty() || availableTarget(queue.number(), call).isPresent()) {
      return;
    }
    Duration after = queue.entry().duration("overflowTimeout").orElse(Duration.ZERO);
    if (after.isZero()) {
      overflow.forEach(q -> enqueue(step, call, dns.get(q)));
    } else {
      state.schedule(step.current.plus(after), TimerKind.OVERFLOW, call, null, queue.number(), 0);
    }
  }

  /**
   * Gives waiting calls to available agents (and IVR ports), oldest call first; each call goes to
   * the Ready agent of its queues that has been available longest.
   */
  void distribute(StepContext step) {
    state.refreshAvailability();
    while (!waitingCalls.isEmpty() && somethingAvailable() && deliverOldestServable(step)) {
      state.refreshAvailability();
    }
  }

  /** Gives the oldest call that one of its queues can serve now to its target; false if none. */
  boolean deliverOldestServable(StepContext step) {
    for (Call call : waitingCalls) {
      for (String queue : call.waitingAt()) {
        if (dns.get(queue).type() != DNType.ACDQueue || !availability.anyFor(queue)) {
          continue;
        }
        Optional<Dn> target = availableTarget(queue, call);
        if (target.isPresent()) {
          // delivery changes waitingCalls and waitingAt: the caller starts over from the oldest
          deliverFromQueue(step, call, queue, target.get());
          return true;
        }
      }
    }
    return false;
  }

  /** Whether some queue that has waiting calls has a free agent or IVR port. */
  boolean somethingAvailable() {
    for (Dn queue : acdQueues) {
      if (!queue.waiting().isEmpty() && availability.anyFor(queue.number())) {
        return true;
      }
    }
    return false;
  }

  /** The agent (available longest) or IVR port that can take {@code call} from {@code queue}. */
  Optional<Dn> availableTarget(String queue, Call call) {
    Optional<Dn> agent = availability.agentFor(queue, call);
    if (agent.isPresent()) {
      return agent;
    }
    for (Party p : call.parties()) {
      if (p.state() != PartyState.Released && CallRelease.isIvrPort(p)) {
        return Optional.empty();
      }
    }
    return availability.freePort(queue);
  }

  /** The ACD queues where {@code call} waits, in the order it joined them. */
  private List<String> queuesWaitedIn(Call call) {
    List<String> queues = new ArrayList<>(call.waitingAt().size());
    for (String q : call.waitingAt()) {
      if (dns.get(q).type() == DNType.ACDQueue) {
        queues.add(q);
      }
    }
    return queues;
  }

  /**
   * The queue gives the call to an agent (EventDiverted on every queue where it waited, an IVR port
   * that held it released) or to an IVR port (EventDiverted, CallState ConverseOn, on that queue
   * alone: the call stays queued elsewhere).
   *
   * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/WorkWithQueues">VM:
   *     Working with queues</a>
   */
  void deliverFromQueue(StepContext step, Call call, String queue, Dn target) {
    boolean ivr = target.type() == DNType.VoiceTreatmentPort;
    List<String> from = ivr ? List.of(queue) : queuesWaitedIn(call);
    for (String q : from) {
      Event.Builder diverted =
          events
              .queueEvent(step, EventType.EventDiverted, call, q)
              .with(ThirdPartyDN, target.number())
              .with(ThirdPartyDNRole, DNRole.Destination);
      if (ivr) {
        diverted.with(Attribute.CallState, CallState.ConverseOn);
      }
      step.deliver(q, diverted.build());
      state.leaveWaiting(call, q);
    }
    if (!ivr) {
      for (Party p : call.present()) {
        if (p.isInternal() && p.internal().type() == DNType.VoiceTreatmentPort) {
          state.changeState(p, PartyState.Released);
          step.deliver(
              p,
              events
                  .callEvent(step, EventType.EventReleased, p)
                  .with(OtherDN, call.origin().dn())
                  .with(OtherDNRole, call.origin().role())
                  .with(Attribute.CallState, CallState.Ok)
                  .build());
          if (call.treatment() != null && call.treatment().dn().equals(p.dn())) {
            state.setTreatment(call, null);
          }
        }
      }
      state.setAcdQueue(call, queue);
    }
    basicCalls.ring(
        step,
        call,
        target,
        new Offer(
            queue, ivr ? CallState.ConverseOn : CallState.Ok, DNRole.Destination, null, null));
  }

  /**
   * The agent did not answer in time: the call leaves it, the agent is made NotReady, and the call
   * goes back to its queue.
   */
  void noAnswer(StepContext step, Party ringing, Dn queue, int episode) {
    if (ringing.state() != PartyState.Alerting
        || ringing.ringing() != episode
        || !calls.containsKey(ringing.call().connId().value())) {
      return;
    }
    Call call = ringing.call();
    state.changeState(ringing, PartyState.Released);
    step.deliver(
        ringing,
        events
            .callEvent(step, EventType.EventReleased, ringing)
            .with(Attribute.CallState, CallState.NoAnswer)
            .build());
    Agent agent = ringing.internal().agent();
    if (agent != null && agent.state() == AgentState.Ready) {
      agentStates.makeNotReady(
          step, agent, AgentWorkMode.AuxWork, RequestAttributes.NONE, Optional.empty());
    }
    List<Party> members = call.members();
    members.remove(ringing);
    if (!members.isEmpty()) {
      state.setAcdQueue(call, null);
      enqueue(step, call, queue);
    } else {
      callRelease.endCall(step, call);
    }
  }
}
