package io.switchboard.engine;

import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThirdPartyDNRole;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Monitor;
import io.switchboard.engine.state.Party;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.MonitorNextCallType;
import io.switchboard.model.request.*;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Releasing calls: a party leaves, what its leaving does to the others, and the end of a call. A
 * release is decided by a static {@code decide...} method against the state as it reads ({@link
 * ReadState}), then, if accepted, evolved by {@link #release} from the party it found.
 */
final class CallRelease extends Feature {
  CallRelease(EngineState state) {
    super(state);
  }

  /** RequestReleaseCall: the party of ThisDN in the call. */
  static Party decideReleaseCall(ReadState state, RequestReleaseCall r) {
    Call call = state.call(r.connID());
    return state.party(call, r.thisDN());
  }

  /** RemoteRelease: the external party in the call. */
  static Party decideRemoteRelease(ReadState state, RemoteRelease s) {
    Call call = state.call(s.connID());
    return state.externalParty(call, s.dn());
  }

  /**
   * {@code leaving} hangs up or is removed ({@code deletedBy} names who removed it from a
   * conference). In a conference the others are told it left; in a two-party call the call is then
   * over for everyone, and every queue or routing point where it waited gets EventAbandoned.
   */
  void release(StepContext step, Call call, Party leaving, String deletedBy) {
    if (leaving.isObserver()) {
      monitoring.releaseObserver(step, call, leaving, null);
      return;
    }
    PartyState from = leaving.state();
    List<Party> members = call.members();
    if (members.size() > 2) {
      int remaining = members.size() - 1;
      CallState callState = remaining > 2 ? CallState.Conferenced : CallState.Ok;
      List<Party> present = call.present();
      state.changeState(leaving, PartyState.Released);
      for (Party p : present) {
        if (p == leaving) {
          step.deliver(
              p,
              events
                  .callEvent(step, EventType.EventReleased, p)
                  .with(Attribute.CallState, CallState.Ok)
                  .build());
        } else if (!p.isObserver()) {
          step.deliver(
              p,
              events
                  .callEvent(step, EventType.EventPartyDeleted, p)
                  .with(OtherDN, leaving.dn())
                  .with(OtherDNRole, DNRole.DeletedParty)
                  .with(ThirdPartyDN, deletedBy == null ? leaving.dn() : deletedBy)
                  .with(ThirdPartyDNRole, DNRole.DeletedBy)
                  .with(Attribute.CallState, callState)
                  .build());
        }
      }
      afterLeaving(step, leaving, from);
      return;
    }
    List<Party> others = call.present();
    others.remove(leaving);
    if (from == PartyState.Connected || from == PartyState.Held) {
      for (Party o : others) {
        Optional<Party> observed =
            o.isObserver() ? monitoring.observedMember(call, o) : Optional.empty();
        if (observed.isPresent() && observed.get() != leaving) {
          monitoring.customerLeavesObservedCall(step, call, leaving, observed.get(), o);
          return;
        }
      }
    }
    // an IVR port that holds a queued call converse-on is not the caller's other party: the
    // queue is
    Party other = null;
    for (Party p : others) {
      if (!p.isObserver() && (call.waitingAt().isEmpty() || !isIvrPort(p))) {
        other = p;
        break;
      }
    }
    state.changeState(leaving, PartyState.Released);
    if (leaving.isInternal()) {
      Event.Builder released =
          events
              .callEvent(step, EventType.EventReleased, leaving)
              .with(Attribute.CallState, CallState.Ok);
      if (other != null) {
        released.with(OtherDN, other.dn()).with(OtherDNRole, other.role());
      } else {
        waitingDn(call)
            .ifPresent(q -> released.with(OtherDN, q).with(OtherDNRole, DNRole.Destination));
      }
      step.deliver(leaving, released.build());
    }
    for (String waiting : List.copyOf(call.waitingAt())) {
      step.deliver(
          waiting,
          events
              .queueEvent(step, EventType.EventAbandoned, call, waiting)
              .with(Attribute.CallState, CallState.Ok)
              .build());
      state.leaveWaiting(call, waiting);
    }
    for (String ivrQueue : ivrQueuesHolding(others)) {
      step.deliver(
          ivrQueue,
          events
              .queueEvent(step, EventType.EventAbandoned, call, ivrQueue)
              .with(Attribute.CallState, CallState.Ok)
              .build());
    }
    List<PartyState> before = states(others);
    for (int i = 0; i < others.size(); i++) {
      Party o = others.get(i);
      if (o.isObserver()) {
        monitoring.releaseObserver(step, call, o, leaving);
        continue;
      }
      boolean abandoned = from == PartyState.Dialing && o.state() == PartyState.Alerting;
      state.changeState(o, PartyState.Released);
      if (o.isInternal()) {
        EventType type = abandoned ? EventType.EventAbandoned : EventType.EventReleased;
        step.deliver(
            o,
            events
                .callEvent(step, type, o)
                .with(OtherDN, leaving.dn())
                .with(OtherDNRole, leaving.role())
                .with(Attribute.CallState, CallState.Ok)
                .build());
      }
    }
    endCall(step, call);
    afterLeaving(step, leaving, from);
    for (int i = 0; i < others.size(); i++) {
      afterLeaving(step, others.get(i), before.get(i));
    }
  }

  /**
   * The ACD queues whose IVR ports hold the call for treatment (diverted ConverseOn): the call is
   * still theirs, so a caller that hangs up abandons it there too, as the VM table of a
   * multiple-queue call treated at an IVR queue shows.
   */
  List<String> ivrQueuesHolding(List<Party> parties) {
    List<String> queues = new ArrayList<>();
    for (Party p : parties) {
      if (isIvrPort(p)
          && p.thisQueue() != null
          && dns.containsKey(p.thisQueue())
          && dns.get(p.thisQueue()).type() == DNType.ACDQueue
          && !queues.contains(p.thisQueue())) {
        queues.add(p.thisQueue());
      }
    }
    return queues;
  }

  /** The states of {@code parties}, in their order. */
  private static List<PartyState> states(List<Party> parties) {
    List<PartyState> states = new ArrayList<>(parties.size());
    for (Party p : parties) {
      states.add(p.state());
    }
    return states;
  }

  static boolean isIvrPort(Party party) {
    return party.internal() != null && party.internal().type() == DNType.VoiceTreatmentPort;
  }

  Optional<String> waitingDn(Call call) {
    Iterator<String> waiting = call.waitingAt().iterator();
    return waiting.hasNext() ? Optional.of(waiting.next()) : Optional.empty();
  }

  /** What follows when a party has left: after-call work, the end of a one-call supervision. */
  void afterLeaving(StepContext step, Party party, PartyState was) {
    if (!party.isInternal()) {
      return;
    }
    Agent agent = party.internal().agent();
    boolean talked = was == PartyState.Connected || was == PartyState.Held;
    if (agent != null && talked && party.call().acdQueue() != null && party.thisQueue() != null) {
      agentStates.afterAcdCall(step, agent, party.call().acdQueue());
    } else if (agent != null && agent.state() == AgentState.Ready) {
    }
  }

  /** Removes a call that is over from every table. */
  void endCall(StepContext step, Call call) {
    for (Party p : call.present()) {
      state.changeState(p, PartyState.Released);
    }
    for (String waiting : List.copyOf(call.waitingAt())) {
      state.leaveWaiting(call, waiting);
    }
    state.removeCall(call);
    for (Party p : call.parties()) {
      if (p.isInternal() && p.isObserver()) {
        Dn observed = monitoring.observedBy(call, p.dn());
        if (observed != null
            && observed.monitor() != null
            && observed.monitor().type() == MonitorNextCallType.MonitorOneCall) {
          Monitor monitor = observed.monitor();
          state.setMonitor(observed, null);
          monitoring.monitoringCancelled(step, monitor, RequestAttributes.NONE);
        }
      }
    }
  }

  /** Clears a call at once: every internal party is released, no queue hears of it. */
  void clearCall(StepContext step, Call call) {
    for (Party p : call.present()) {
      if (p.isInternal()) {
        step.deliver(
            p,
            events
                .callEvent(step, EventType.EventReleased, p)
                .with(Attribute.CallState, CallState.Ok)
                .build());
      }
    }
    List<Party> present = call.present();
    List<PartyState> before = states(present);
    endCall(step, call);
    for (int i = 0; i < present.size(); i++) {
      afterLeaving(step, present.get(i), before.get(i));
    }
  }
}
