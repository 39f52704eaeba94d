package io.switchboard.engine;

import static io.switchboard.model.Attribute.Cause;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.ThirdPartyDN;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.engine.state.TimerKind;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.request.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Basic calls: making, offering, ringing, answering, busy, hold, retrieve, alternate and reconnect.
 * Each step is decided by a static {@code decide...} method against the state as it reads ({@link
 * ReadState}), then, if accepted, evolved from the facts the decision found; offering, ringing and
 * connecting are steps of those evolutions (and of other features').
 */
final class BasicCalls extends Feature {
  BasicCalls(EngineState state) {
    super(state);
  }

  /** What RequestMakeCall found: the caller's DN, the number dialed, and its DN if internal. */
  record NewCall(Dn caller, String dialed, Dn target) {}

  static NewCall decideMakeCall(ReadState state, RequestMakeCall r) {
    Dn dn = state.extension(r.thisDN(), "make a call");
    state.requireFreeLine(dn);
    String dialed = dialable(r.otherDN(), dn.number());
    Dn target = state.dn(dialed);
    checkCallable(target);
    CallUserData.checkUserDataSize(state, r.userData());
    return new NewCall(dn, dialed, target);
  }

  /** Makes the call and offers it; returns its ConnID. */
  ConnId makeCall(StepContext step, RequestMakeCall r, NewCall made) {
    Dn dn = made.caller();
    Call call =
        state.newCall(
            made.target() == null ? CallType.Outbound : CallType.Internal,
            dn.number(),
            made.dialed(),
            r.userData(),
            null);
    Party caller = state.join(call, dn.number(), dn, DNRole.Origination, PartyState.Dialing);
    step.deliver(
        caller,
        events
            .callEvent(step, EventType.EventDialing, caller)
            .with(OtherDN, made.dialed())
            .with(OtherDNRole, DNRole.Destination)
            .build());
    offer(step, call, made.dialed(), made.target(), Offer.plain());
    return call.connId();
  }

  /** InboundCall: the DN called. */
  static Dn decideInboundCall(ReadState state, InboundCall s) {
    if (state.dn(s.from()) != null) {
      throw new Rejection(
          ErrorCode.InvalidParty,
          "From "
              + s.from()
              + " is a DN of the directory; an inbound call comes from an external number");
    }
    Dn target = state.dn(s.to());
    if (target == null) {
      throw new Rejection(
          ErrorCode.UnknownDN, "To " + s.to() + " is not a DN of tenant " + state.tenant());
    }
    checkCallable(target);
    CallUserData.checkUserDataSize(state, s.userData());
    return target;
  }

  /** Makes the call and offers it; returns its ConnID. */
  ConnId inboundCall(StepContext step, InboundCall s, Dn target) {
    Call call = state.newCall(CallType.Inbound, s.from(), s.to(), s.userData(), null);
    state.join(call, s.from(), null, DNRole.Origination, PartyState.Dialing);
    offer(step, call, s.to(), target, Offer.plain());
    return call.connId();
  }

  static String dialable(String dialed, String self) {
    if (dialed.isBlank() || dialed.equals(self)) {
      throw new Rejection(
          ErrorCode.InvalidDestination, "OtherDN must be another DN or an external number");
    }
    return dialed;
  }

  static void checkCallable(Dn target) {
    if (target != null && target.type() == DNType.Trunk) {
      throw new Rejection(
          ErrorCode.InvalidDestination,
          "DN " + target.number() + " is a Trunk and cannot be called");
    }
  }

  /** Rejects a destination that cannot take a call now, for requests that move an existing call. */
  static void checkAvailable(Dn target) {
    if (target != null
        && (target.type() == DNType.Extension || target.type() == DNType.VoiceTreatmentPort)
        && !forwards(target)
        && isBusy(target)) {
      throw new Rejection(
          ErrorCode.DNBusy, "the destination " + target.number() + " is busy; choose another");
    }
  }

  /**
   * Offers the call to {@code dialed}: rings an Extension or IVR port (after forwarding), queues it
   * at an ACD queue, waits for a route at a routing point, reaches the network for an external
   * number, or reports the destination busy.
   */
  void offer(StepContext step, Call call, String dialed, Dn target, Offer how) {
    if (target != null && target.type() == DNType.Extension && forwards(target)) {
      String forwardedFrom = target.number();
      dialed = target.forwardTo();
      target = dns.get(dialed);
      how = new Offer(how.thisQueue(), CallState.Forwarded, how.role(), forwardedFrom, how.cause());
      if (target != null && target.type() == DNType.Trunk) {
        busy(step, call, forwardedFrom);
        return;
      }
    }
    if (target == null) {
      state.join(call, dialed, null, how.role(), PartyState.Alerting);
      Party origin = call.origin();
      if (origin.isInternal() && origin.state() == PartyState.Dialing) {
        step.deliver(
            origin,
            events
                .callEvent(step, EventType.EventNetworkReached, origin)
                .with(Attribute.CallState, CallState.Ok)
                .build());
      }
      dropIfNoInternalParty(step, call);
      return;
    }
    switch (target.type()) {
      case ACDQueue -> queues.enqueue(step, call, target);
      case RoutingPoint -> routing.arriveAtRoutingPoint(step, call, target);
      default -> {
        if (isBusy(target)) {
          busy(step, call, dialed);
        } else {
          ring(step, call, target, how);
        }
      }
    }
  }

  void ring(StepContext step, Call call, Dn target, Offer how) {
    Party called = state.join(call, target.number(), target, how.role(), PartyState.Alerting);
    state.startRinging(called, how.thisQueue());
    Event.Builder ringing =
        events
            .callEvent(step, EventType.EventRinging, called)
            .with(Attribute.CallState, how.ringState());
    if (how.thirdParty() != null) {
      ringing.with(ThirdPartyDN, how.thirdParty());
    }
    if (how.cause() != null) {
      ringing.with(Cause, how.cause());
    }
    step.deliver(called, ringing.build());
    Dn queue = how.thisQueue() == null ? null : dns.get(how.thisQueue());
    if (queue != null && queue.type() == DNType.ACDQueue && target.agent() != null) {
      Optional<Duration> noAnswer =
          target
              .entry()
              .duration("noAnswerTimeout")
              .or(() -> queue.entry().duration("noAnswerTimeout"));
      noAnswer.ifPresent(
          delay ->
              state.schedule(
                  step.current.plus(delay),
                  TimerKind.NO_ANSWER,
                  call,
                  target.number(),
                  queue.number(),
                  called.ringing()));
    }
  }

  static boolean forwards(Dn target) {
    return target.forwardMode() == ForwardMode.Unconditional
        || target.forwardMode() == ForwardMode.SendAllCalls
        || ((target.forwardMode() == ForwardMode.OnBusy
                || target.forwardMode() == ForwardMode.OnBusyAndNoAnswer)
            && isBusy(target));
  }

  static boolean isBusy(Dn dn) {
    if (dn.dnd() || dn.outOfService()) {
      return true;
    }
    return dn.type() == DNType.VoiceTreatmentPort ? !dn.idle() : dn.activeParty().isPresent();
  }

  void busy(StepContext step, Call call, String dialed) {
    Party origin = call.origin();
    if (!origin.isInternal() || origin.state() != PartyState.Dialing) {
      // the network hears the busy tone; no internal party is left to tell
      if (call.members().stream().noneMatch(Party::isInternal)) {
        callRelease.endCall(step, call);
      }
      return;
    }
    state.changeState(origin, PartyState.Failed);
    step.deliver(
        origin,
        events
            .callEvent(step, EventType.EventDestinationBusy, origin)
            .with(OtherDN, dialed)
            .with(OtherDNRole, DNRole.Destination)
            .with(Attribute.CallState, CallState.Busy)
            .build());
  }

  /** A call with no internal party and waiting nowhere has left this switch. */
  void dropIfNoInternalParty(StepContext step, Call call) {
    if (call.waitingAt().isEmpty() && call.present().stream().noneMatch(Party::isInternal)) {
      callRelease.endCall(step, call);
    }
  }

  /** RequestAnswerCall: the party of ThisDN, ringing. */
  static Party decideAnswerCall(ReadState state, RequestAnswerCall r) {
    Dn dn = state.internal(r.thisDN());
    Call call = state.call(r.connID());
    Party called = state.party(call, dn.number());
    if (called.state() != PartyState.Alerting) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId()
              + " is not ringing at DN "
              + dn.number()
              + " (its state there is "
              + called.state()
              + ")");
    }
    state.requireFreeLine(dn);
    return called;
  }

  /** RemoteAnswer, RemoteBusy: the external party, being called. */
  static Party decideRemoteParty(ReadState state, ConnId connId, String number) {
    Call call = state.call(connId);
    Party remote = state.externalParty(call, number);
    if (remote.state() != PartyState.Alerting) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          number + " is not being called on " + call.connId() + " (" + remote.state() + ")");
    }
    return remote;
  }

  /**
   * The called party answers: the party that dialed it is told first, then the called party, then a
   * party that waited for it after a transfer completed while it rang; all with CallState Ok, as
   * the VM queue and monitoring models show.
   */
  void connect(StepContext step, Party called) {
    Call call = called.call();
    state.changeState(called, PartyState.Connected);
    boolean converseOn =
        called.internal() != null
            && called.internal().type() == DNType.VoiceTreatmentPort
            && !call.waitingAt().isEmpty();
    List<Party> waitedForAnswer = new ArrayList<>();
    if (!converseOn) {
      for (Party p : call.members()) {
        if (p != called && p.state() == PartyState.Dialing) {
          state.changeState(p, PartyState.Connected);
          step.deliver(p, established(step, p));
        } else if (p != called && p.answerAwaited()) {
          state.setAnswerAwaited(p, false);
          waitedForAnswer.add(p);
        }
      }
    }
    step.deliver(called, established(step, called));
    waitedForAnswer.forEach(p -> step.deliver(p, established(step, p)));
    for (Party p : call.members()) {
      if (p.isInternal() && p.internal().monitor() != null && p.state() == PartyState.Connected) {
        monitoring.bridgeObserver(step, call, p, p.internal().monitor());
      }
    }
  }

  Event established(StepContext step, Party party) {
    return events
        .callEvent(step, EventType.EventEstablished, party)
        .with(Attribute.CallState, CallState.Ok)
        .build();
  }

  void remoteBusy(StepContext step, Party remote) {
    state.changeState(remote, PartyState.Released);
    busy(step, remote.call(), remote.dn());
  }

  /** RequestHoldCall: the party of ThisDN, talking. */
  static Party decideHoldCall(ReadState state, String thisDN, ConnId connId) {
    Dn dn = state.internal(thisDN);
    Call call = state.call(connId);
    Party party = state.party(call, dn.number());
    if (party.state() != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId()
              + " is "
              + party.state()
              + " at DN "
              + dn.number()
              + "; only an established call can be held");
    }
    return party;
  }

  void holdCall(StepContext step, Party party) {
    state.changeState(party, PartyState.Held);
    step.deliver(party, events.callEvent(step, EventType.EventHeld, party).build());
  }

  /** RequestRetrieveCall: the party of ThisDN, held, with a free line to come back to. */
  static Party decideRetrieveCall(ReadState state, String thisDN, ConnId connId) {
    Dn dn = state.internal(thisDN);
    Call call = state.call(connId);
    Party party = state.party(call, dn.number());
    if (party.state() != PartyState.Held) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId()
              + " is not held at DN "
              + dn.number()
              + " (its state there is "
              + party.state()
              + ")");
    }
    state.requireFreeLine(dn);
    return party;
  }

  void retrieve(StepContext step, Party party, CallState callState) {
    state.changeState(party, PartyState.Connected);
    step.deliver(
        party,
        events
            .callEvent(step, EventType.EventRetrieved, party)
            .with(Attribute.CallState, callState)
            .build());
  }

  /** What RequestAlternateCall or RequestReconnectCall found: ThisDN's party in each call. */
  record TwoCalls(Party held, Party other) {}

  static TwoCalls decideAlternateCall(ReadState state, RequestAlternateCall r) {
    Dn dn = state.internal(r.thisDN());
    Call heldCall = state.call(r.connID());
    Call activeCall = state.call(r.currentConnID());
    Party held = state.party(heldCall, dn.number());
    Party active = state.party(activeCall, dn.number());
    if (held.state() != PartyState.Held || active.state() != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "RequestAlternateCall needs ConnID held ("
              + heldCall.connId()
              + " is "
              + held.state()
              + ") and CurrentConnID established ("
              + activeCall.connId()
              + " is "
              + active.state()
              + ") at DN "
              + dn.number());
    }
    return new TwoCalls(held, active);
  }

  void alternateCall(StepContext step, TwoCalls calls) {
    Party active = calls.other();
    state.changeState(active, PartyState.Held);
    step.deliver(active, events.callEvent(step, EventType.EventHeld, active).build());
    retrieve(step, calls.held(), CallState.Ok);
  }

  static TwoCalls decideReconnectCall(ReadState state, RequestReconnectCall r) {
    Dn dn = state.internal(r.thisDN());
    Call heldCall = state.call(r.connID());
    Call consult = state.call(r.transferConnID());
    Party held = state.party(heldCall, dn.number());
    Party consulting = state.party(consult, dn.number());
    if (held.state() != PartyState.Held || consulting.state() == PartyState.Held) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "RequestReconnectCall needs ConnID held ("
              + heldCall.connId()
              + " is "
              + held.state()
              + ") and TransferConnID not held ("
              + consult.connId()
              + " is "
              + consulting.state()
              + ") at DN "
              + dn.number());
    }
    return new TwoCalls(held, consulting);
  }

  /** The consultation call is released and the held call retrieved. */
  void reconnectCall(StepContext step, TwoCalls calls) {
    Party consulting = calls.other();
    callRelease.release(step, consulting.call(), consulting, null);
    retrieve(step, calls.held(), CallState.Ok);
  }

  /** The party of {@code dn} in {@code call}: a member (not an observer), talking. */
  static Party requireEstablished(ReadState state, Call call, Dn dn, String what) {
    Party party = state.party(call, dn.number());
    if (party.isObserver()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN " + dn.number() + " observes call " + call.connId() + "; an observer cannot " + what);
    }
    if (party.state() != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId()
              + " is "
              + party.state()
              + " at DN "
              + dn.number()
              + "; only an"
              + " established call can be used to "
              + what);
    }
    return party;
  }
}
