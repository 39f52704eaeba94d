package io.switchboard.engine;

import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.PreviousConnID;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThirdPartyDNRole;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.request.*;
import java.util.List;

/**
 * Conference: the two-step completion, single-step conference, delete from conference, listen
 * disconnect and reconnect, and what every member hears when a party joins. Each request is decided
 * by a static {@code decide...} method against the state as it reads ({@link ReadState}), then, if
 * accepted, evolved from the facts the decision found; the consultation that starts a two-step
 * conference is a transfer's ({@link Transfers#decideInitiate}).
 */
final class Conferences extends Feature {
  Conferences(EngineState state) {
    super(state);
  }

  void completeConference(StepContext step, Transfers.TwoStep t) {
    String thisDN = t.heldParty().dn();
    state.setUserData(t.original(), t.original().userData().merge(t.consult().userData()));
    Party conferencer = t.heldParty();
    for (Party p : t.original().members()) {
      state.setRole(p, DNRole.ConferenceMember);
    }
    state.setRole(t.target(), DNRole.ConferenceMember);
    state.changeState(t.consulting(), PartyState.Released);
    state.changeState(conferencer, PartyState.Connected);
    step.deliver(
        conferencer,
        events
            .callEvent(step, EventType.EventRetrieved, conferencer)
            .with(Attribute.CallState, CallState.Conferenced)
            .build());
    step.deliver(
        t.consulting(),
        events
            .callEvent(step, EventType.EventReleased, t.consulting())
            .with(OtherDN, t.target().dn())
            .with(OtherDNRole, t.target().role())
            .with(Attribute.CallState, CallState.Conferenced)
            .build());
    Party added = state.move(t.target(), t.original());
    for (Party p : t.original().members()) {
      state.setRole(p, DNRole.ConferenceMember);
    }
    for (Party p : t.original().members()) {
      if (p != added) {
        step.deliver(p, partyAdded(step, p, added, thisDN, CallState.Conferenced).build());
      }
    }
    step.deliver(
        added,
        events
            .callEvent(step, EventType.EventPartyChanged, added)
            .with(PreviousConnID, t.consult().connId())
            .with(ThirdPartyDN, thisDN)
            .with(ThirdPartyDNRole, DNRole.ConferencedBy)
            .with(Attribute.CallState, CallState.Conferenced)
            .build());
    callRelease.endCall(step, t.consult());
  }

  Event.Builder partyAdded(
      StepContext step, Party to, Party added, String addedBy, CallState callState) {
    return events
        .callEvent(step, EventType.EventPartyAdded, to)
        .with(OtherDN, added.dn())
        .with(OtherDNRole, DNRole.NewParty)
        .with(ThirdPartyDN, addedBy)
        .with(ThirdPartyDNRole, DNRole.AddedBy)
        .with(Attribute.CallState, callState);
  }

  /**
   * A member gave its place to {@code added}: every other member hears that {@code added} joined,
   * then that {@code left} left (EventPartyAdded, EventPartyDeleted).
   */
  void memberReplaced(StepContext step, Call call, Party added, String left) {
    List<Party> members = call.members();
    CallState callState = members.size() > 2 ? CallState.Conferenced : CallState.Ok;
    for (Party p : members) {
      if (p != added) {
        step.deliver(p, partyAdded(step, p, added, left, CallState.Conferenced).build());
        step.deliver(
            p,
            events
                .callEvent(step, EventType.EventPartyDeleted, p)
                .with(OtherDN, left)
                .with(OtherDNRole, DNRole.DeletedParty)
                .with(ThirdPartyDN, left)
                .with(ThirdPartyDNRole, DNRole.DeletedBy)
                .with(Attribute.CallState, callState)
                .build());
      }
    }
  }

  /**
   * Rejects a party that cannot join {@code call} in one step: a DN that is not an Extension ("
   * {@code what} X is not supported"), or one that is in the call already.
   */
  static void checkJoins(Call call, String dialed, Dn target, String what) {
    if (target != null && target.type() != DNType.Extension) {
      throw new Rejection(
          ErrorCode.NotSupported, what + " a " + target.type() + " is not supported");
    }
    if (call.party(dialed).isPresent()) {
      throw new Rejection(
          ErrorCode.InvalidDestination, dialed + " is already in call " + call.connId());
    }
  }

  /** {@code dialed} joins {@code call} as a conference member: rung if internal, else alerted. */
  Party add(StepContext step, Call call, String dialed, Dn target, Offer offer) {
    if (target == null) {
      return state.join(call, dialed, null, DNRole.ConferenceMember, PartyState.Alerting);
    }
    basicCalls.ring(step, call, target, offer);
    return call.party(dialed).orElseThrow();
  }

  /** What RequestSingleStepConference found: the conferencer, and whom it adds. */
  record SingleStep(Party conferencer, String dialed, Dn target) {}

  static SingleStep decideSingleStepConference(ReadState state, RequestSingleStepConference r) {
    Dn dn = state.internal(r.thisDN());
    Call call = state.call(r.connID());
    Party conferencer = BasicCalls.requireEstablished(state, call, dn, "conference");
    String dialed = BasicCalls.dialable(r.otherDN(), dn.number());
    Dn target = state.dn(dialed);
    BasicCalls.checkCallable(target);
    checkJoins(call, dialed, target, "a single-step conference with");
    BasicCalls.checkAvailable(target);
    return new SingleStep(conferencer, dialed, target);
  }

  void singleStepConference(StepContext step, SingleStep c) {
    Call call = c.conferencer().call();
    for (Party p : call.members()) {
      state.setRole(p, DNRole.ConferenceMember);
    }
    Party added =
        add(
            step,
            call,
            c.dialed(),
            c.target(),
            new Offer(null, CallState.Ok, DNRole.ConferenceMember, null, null));
    for (Party p : call.members()) {
      if (p != added) {
        step.deliver(
            p, partyAdded(step, p, added, c.conferencer().dn(), CallState.Conferenced).build());
      }
    }
  }

  /** What RequestDeleteFromConference found: the member deleted, and the one who deletes it. */
  record Deletion(Party deleted, Party deleter) {}

  static Deletion decideDeleteFromConference(ReadState state, RequestDeleteFromConference r) {
    Dn dn = state.internal(r.thisDN());
    Call call = state.call(r.connID());
    Party deleter = state.party(call, dn.number());
    if (!call.isConference()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState, "call " + call.connId() + " is not a conference");
    }
    Party deleted =
        call.party(r.otherDN())
            .filter(p -> !p.isObserver() && p != deleter)
            .orElseThrow(
                () ->
                    new Rejection(
                        ErrorCode.NotInCall,
                        r.otherDN() + " is not another member of conference " + call.connId()));
    return new Deletion(deleted, deleter);
  }

  void deleteFromConference(StepContext step, Deletion d) {
    callRelease.release(step, d.deleted().call(), d.deleted(), d.deleter().dn());
  }

  /** What RequestListenDisconnect or RequestListenReconnect found: ThisDN and the listener. */
  record Listen(Dn dn, Party listener) {}

  static Listen decideListen(
      ReadState state, String thisDN, ConnId connId, String otherDN, boolean reconnect) {
    Dn dn = state.internal(thisDN);
    Call call = state.call(connId);
    state.party(call, dn.number());
    if (!call.isConference()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState, "call " + call.connId() + " is not a conference");
    }
    Party listener =
        call.party(otherDN)
            .filter(p -> !p.isObserver() && !p.dn().equals(thisDN))
            .orElseThrow(
                () ->
                    new Rejection(
                        ErrorCode.NotInCall,
                        otherDN + " is not another member of conference " + call.connId()));
    if (listener.listenDisconnected() != reconnect) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          otherDN
              + (reconnect ? " already hears" : " already does not hear")
              + " conference "
              + call.connId());
    }
    return new Listen(dn, listener);
  }

  void listen(StepContext step, Listen l, boolean reconnect) {
    Party listener = l.listener();
    Call call = listener.call();
    state.setListenDisconnected(listener, !reconnect);
    step.deliver(
        l.dn().number(),
        events
            .agentEvent(
                step,
                reconnect ? EventType.EventListenReconnected : EventType.EventListenDisconnected,
                l.dn(),
                RequestAttributes.NONE)
            .with(ConnID, call.connId())
            .with(CallID, call.callId())
            .with(OtherDN, listener.dn())
            .with(OtherDNRole, listener.role())
            .with(ThirdPartyDN, listener.dn())
            .with(ThirdPartyDNRole, listener.role())
            .with(Attribute.CallState, reconnect ? CallState.Ok : CallState.Held)
            .build());
  }
}
