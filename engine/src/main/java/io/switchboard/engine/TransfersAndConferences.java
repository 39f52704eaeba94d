package io.switchboard.engine;

import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.Cause;
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
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.request.*;
import java.util.List;
import java.util.Optional;

/**
 * Transfer and conference: two-step (initiate, complete), single-step, mute transfer, redirect,
 * delete from conference, listen disconnect and reconnect.
 */
final class TransfersAndConferences extends Feature {
  TransfersAndConferences(EngineState state) {
    super(state);
  }

  /** Holds {@code connId} at {@code thisDN} and makes the consultation call; returns its ConnID. */
  ConnId initiate(
      StepContext step,
      String thisDN,
      ConnId connId,
      String otherDN,
      KVList userData,
      Call.Purpose purpose) {
    Dn dn = extension(thisDN, "make a consultation call");
    Call original = call(connId);
    Party holder = party(original, dn.number());
    if (holder.isObserver()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN "
              + dn.number()
              + " observes call "
              + original.connId()
              + "; an observer cannot consult");
    }
    if (holder.state() != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + original.connId()
              + " is "
              + holder.state()
              + " at DN "
              + dn.number()
              + "; a consultation starts from an established call");
    }
    if (original.consult() != null) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + original.connId()
              + " already has the consultation call "
              + original.consult().connId());
    }
    String dialed = BasicCalls.dialable(otherDN, dn.number());
    Dn target = dns.get(dialed);
    BasicCalls.checkCallable(target);
    KVList data = original.userData().merge(userData);
    CallUserData.checkUserDataSize(read, data);
    state.changeState(holder, PartyState.Held);
    step.deliver(holder, events.callEvent(step, EventType.EventHeld, holder).build());
    Call consult = state.newCall(CallType.Consult, dn.number(), dialed, data, original);
    state.linkConsultation(original, consult, purpose);
    Party caller = state.join(consult, dn.number(), dn, DNRole.Origination, PartyState.Dialing);
    step.deliver(
        caller,
        events
            .callEvent(step, EventType.EventDialing, caller)
            .with(OtherDN, dialed)
            .with(OtherDNRole, DNRole.Destination)
            .build());
    basicCalls.offer(step, consult, dialed, target, Offer.plain());
    return consult.connId();
  }

  /** The parties of a two-step operation, checked before anything changes. */
  record TwoStep(
      Call original, Call consult, Party heldParty, Party consulting, Party other, Party target) {}

  TwoStep twoStep(
      String thisDN, ConnId connId, ConnId consultId, String attribute, boolean answered) {
    Dn dn = internal(thisDN);
    Call original = call(connId);
    Call consult = call(consultId);
    Party heldParty = party(original, dn.number());
    Party consulting = party(consult, dn.number());
    if (consult.consultOf() != original) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          attribute
              + " "
              + consult.connId()
              + " is not a consultation call of "
              + original.connId());
    }
    if (heldParty.state() != PartyState.Held) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + original.connId()
              + " is "
              + heldParty.state()
              + " at DN "
              + dn.number()
              + "; it must be held");
    }
    List<Party> others = original.members().stream().filter(p -> p != heldParty).toList();
    if (others.isEmpty()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + original.connId()
              + " has no other party left; release the consultation call or retrieve the call");
    }
    Optional<Party> target =
        consult.members().stream()
            .filter(p -> p != consulting)
            .filter(
                p ->
                    p.state() == PartyState.Connected
                        || (!answered && p.state() == PartyState.Alerting))
            .findFirst();
    if (target.isEmpty() || consulting.state() == PartyState.Failed) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "the consultation call "
              + consult.connId()
              + " has no "
              + (answered ? "answered" : "ringing or answered")
              + " destination to complete with");
    }
    // what was attached during the consultation follows the call that survives
    CallUserData.checkUserDataSize(read, original.userData().merge(consult.userData()));
    return new TwoStep(
        original,
        consult,
        heldParty,
        consulting,
        others.size() == 1 ? others.get(0) : null,
        target.get());
  }

  void completeTransfer(StepContext step, String thisDN, ConnId connId, ConnId transferConnId) {
    TwoStep t = twoStep(thisDN, connId, transferConnId, "TransferConnID", false);
    if (t.other() == null) {
      transferFromConference(step, t);
      return;
    }
    state.setUserData(t.original(), t.original().userData().merge(t.consult().userData()));
    PartyState heldWas = t.heldParty().state();
    Party transferrer = t.consulting();
    state.changeState(transferrer, PartyState.Released);
    step.deliver(
        transferrer,
        events
            .callEvent(step, EventType.EventReleased, transferrer)
            .with(OtherDN, t.target().dn())
            .with(OtherDNRole, t.target().role())
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    state.changeState(t.heldParty(), PartyState.Released);
    step.deliver(
        t.heldParty(),
        events
            .callEvent(step, EventType.EventReleased, t.heldParty())
            .with(OtherDN, t.other().dn())
            .with(OtherDNRole, t.other().role())
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    Party moved = state.move(t.target(), t.original());
    if (moved.state() == PartyState.Alerting) {
      state.setAnswerAwaited(t.other(), true);
    }
    step.deliver(
        t.other(),
        events
            .callEvent(step, EventType.EventPartyChanged, t.other())
            .with(PreviousConnID, t.original().connId())
            .with(OtherDN, moved.dn())
            .with(OtherDNRole, moved.role())
            .with(ThirdPartyDN, thisDN)
            .with(ThirdPartyDNRole, DNRole.TransferredBy)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    step.deliver(
        moved,
        events
            .callEvent(step, EventType.EventPartyChanged, moved)
            .with(PreviousConnID, t.consult().connId())
            .with(OtherDN, t.other().dn())
            .with(OtherDNRole, t.other().role())
            .with(ThirdPartyDN, thisDN)
            .with(ThirdPartyDNRole, DNRole.TransferredBy)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    callRelease.endCall(step, t.consult());
    callRelease.afterLeaving(step, t.heldParty(), heldWas);
    basicCalls.dropIfNoInternalParty(step, t.original());
  }

  void completeConference(StepContext step, String thisDN, ConnId connId, ConnId conferenceConnId) {
    TwoStep t = twoStep(thisDN, connId, conferenceConnId, "ConferenceConnID", true);
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

  /**
   * A member of a conference transfers its place to the party it consulted: it is released from
   * both calls (CallState Transferred), the new party joins the conference (every member:
   * EventPartyAdded), the others are told the transferrer left (EventPartyDeleted, as when a member
   * releases from a conference), and the new party learns it is in the conference
   * (EventPartyChanged). OtherDN is left out wherever it would name the conference.
   *
   * @see <a href="https://docs.genesys.com/Documentation/System/latest/GenEM/CallModelsandFlows">
   *     GenEM: Call Models and Flows</a>
   */
  void transferFromConference(StepContext step, TwoStep t) {
    Call conference = t.original();
    state.setUserData(conference, conference.userData().merge(t.consult().userData()));
    Party transferrer = t.heldParty();
    PartyState heldWas = transferrer.state();
    state.changeState(t.consulting(), PartyState.Released);
    step.deliver(
        t.consulting(),
        events
            .callEvent(step, EventType.EventReleased, t.consulting())
            .with(OtherDN, t.target().dn())
            .with(OtherDNRole, t.target().role())
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    step.deliver(
        transferrer,
        events
            .callEvent(step, EventType.EventReleased, transferrer)
            .with(Attribute.CallState, CallState.Transferred)
            .build());
    state.changeState(transferrer, PartyState.Released);
    state.setRole(t.target(), DNRole.ConferenceMember);
    Party added = state.move(t.target(), conference);
    List<Party> members = conference.members();
    for (Party p : members) {
      state.setRole(p, DNRole.ConferenceMember);
    }
    CallState callState = members.size() > 2 ? CallState.Conferenced : CallState.Ok;
    for (Party p : members) {
      if (p != added) {
        step.deliver(
            p, partyAdded(step, p, added, transferrer.dn(), CallState.Conferenced).build());
        step.deliver(
            p,
            events
                .callEvent(step, EventType.EventPartyDeleted, p)
                .with(OtherDN, transferrer.dn())
                .with(OtherDNRole, DNRole.DeletedParty)
                .with(ThirdPartyDN, transferrer.dn())
                .with(ThirdPartyDNRole, DNRole.DeletedBy)
                .with(Attribute.CallState, callState)
                .build());
      }
    }
    Event.Builder changed =
        events
            .callEvent(step, EventType.EventPartyChanged, added)
            .with(PreviousConnID, t.consult().connId())
            .with(ThirdPartyDN, transferrer.dn())
            .with(ThirdPartyDNRole, DNRole.TransferredBy)
            .with(Attribute.CallState, CallState.Transferred);
    step.deliver(added, changed.build());
    callRelease.endCall(step, t.consult());
    callRelease.afterLeaving(step, transferrer, heldWas);
    basicCalls.dropIfNoInternalParty(step, conference);
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

  void muteTransfer(StepContext step, RequestMuteTransfer r) {
    // everything is checked first: the consultation and its completion happen in one step
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party transferrer = BasicCalls.requireEstablished(read, call, dn, "transfer");
    if (call.consult() != null) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId()
              + " already has the consultation call "
              + call.consult().connId());
    }
    String dialed = BasicCalls.dialable(r.otherDN(), dn.number());
    Dn target = dns.get(dialed);
    BasicCalls.checkCallable(target);
    if (target != null && target.type() == DNType.Extension && BasicCalls.forwards(target)) {
      target = dns.get(target.forwardTo());
      BasicCalls.checkCallable(target);
    }
    if (target != null
        && (target.type() == DNType.ACDQueue || target.type() == DNType.RoutingPoint)) {
      throw new Rejection(
          ErrorCode.NotSupported,
          "a mute transfer to a "
              + target.type()
              + " is not supported; use RequestSingleStepTransfer");
    }
    if (target != null && BasicCalls.isBusy(target)) {
      throw new Rejection(
          ErrorCode.DNBusy, "the destination " + target.number() + " is busy; choose another");
    }
    CallUserData.checkUserDataSize(read, call.userData());
    ConnId consult =
        initiate(
            step, transferrer.dn(), call.connId(), dialed, KVList.EMPTY, Call.Purpose.TRANSFER);
    completeTransfer(step, transferrer.dn(), call.connId(), consult);
  }

  void singleStepTransfer(StepContext step, RequestSingleStepTransfer r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party transferrer = BasicCalls.requireEstablished(read, call, dn, "transfer");
    List<Party> others = call.members().stream().filter(p -> p != transferrer).toList();
    String dialed = BasicCalls.dialable(r.otherDN(), dn.number());
    Dn target = dns.get(dialed);
    BasicCalls.checkCallable(target);
    if (others.size() > 1) {
      singleStepTransferFromConference(step, call, transferrer, dialed, target);
      return;
    }
    BasicCalls.checkAvailable(target);
    Party other = others.get(0);
    state.changeState(transferrer, PartyState.Released);
    step.deliver(
        transferrer,
        events
            .callEvent(step, EventType.EventReleased, transferrer)
            .with(OtherDN, other.dn())
            .with(OtherDNRole, other.role())
            .with(Attribute.CallState, CallState.Transferred)
            .with(ThirdPartyDN, dialed)
            .with(ThirdPartyDNRole, DNRole.Destination)
            .with(Cause, "1stepTransfer")
            .build());
    basicCalls.offer(
        step,
        call,
        dialed,
        target,
        new Offer(transferrer.thisQueue(), CallState.Transferred, transferrer.role(), null, null));
    if (calls.containsKey(call.connId().value())) {
      step.deliver(
          other,
          events
              .callEvent(step, EventType.EventPartyChanged, other)
              .with(PreviousConnID, call.connId())
              .with(OtherDN, dialed)
              .with(ThirdPartyDN, dn.number())
              .with(ThirdPartyDNRole, DNRole.TransferredBy)
              .with(Attribute.CallState, CallState.Transferred)
              .build());
    }
    callRelease.afterLeaving(step, transferrer, PartyState.Connected);
  }

  /**
   * A member of a conference hands its place to {@code dialed} in one step: it is released
   * (Transferred), the new party rings as a conference member, and the others are told it joined
   * and the transferrer left, as for a two-step transfer from a conference.
   */
  void singleStepTransferFromConference(
      StepContext step, Call call, Party transferrer, String dialed, Dn target) {
    if (target != null && target.type() != DNType.Extension) {
      throw new Rejection(
          ErrorCode.NotSupported,
          "a single-step transfer from a conference to a " + target.type() + " is not supported");
    }
    if (call.party(dialed).isPresent()) {
      throw new Rejection(
          ErrorCode.InvalidDestination, dialed + " is already in call " + call.connId());
    }
    BasicCalls.checkAvailable(target);
    step.deliver(
        transferrer,
        events
            .callEvent(step, EventType.EventReleased, transferrer)
            .with(Attribute.CallState, CallState.Transferred)
            .with(ThirdPartyDN, dialed)
            .with(ThirdPartyDNRole, DNRole.Destination)
            .with(Cause, "1stepTransfer")
            .build());
    state.changeState(transferrer, PartyState.Released);
    Offer offer = new Offer(null, CallState.Transferred, DNRole.ConferenceMember, null, null);
    Party added;
    if (target == null) {
      added = state.join(call, dialed, null, DNRole.ConferenceMember, PartyState.Alerting);
    } else {
      basicCalls.ring(step, call, target, offer);
      added = call.party(dialed).orElseThrow();
    }
    List<Party> members = call.members();
    CallState callState = members.size() > 2 ? CallState.Conferenced : CallState.Ok;
    for (Party p : members) {
      if (p != added) {
        step.deliver(
            p, partyAdded(step, p, added, transferrer.dn(), CallState.Conferenced).build());
        step.deliver(
            p,
            events
                .callEvent(step, EventType.EventPartyDeleted, p)
                .with(OtherDN, transferrer.dn())
                .with(OtherDNRole, DNRole.DeletedParty)
                .with(ThirdPartyDN, transferrer.dn())
                .with(ThirdPartyDNRole, DNRole.DeletedBy)
                .with(Attribute.CallState, callState)
                .build());
      }
    }
    callRelease.afterLeaving(step, transferrer, PartyState.Connected);
  }

  void singleStepConference(StepContext step, RequestSingleStepConference r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party conferencer = BasicCalls.requireEstablished(read, call, dn, "conference");
    String dialed = BasicCalls.dialable(r.otherDN(), dn.number());
    Dn target = dns.get(dialed);
    BasicCalls.checkCallable(target);
    if (target != null && target.type() != DNType.Extension) {
      throw new Rejection(
          ErrorCode.NotSupported,
          "a single-step conference with a " + target.type() + " is not supported");
    }
    if (call.party(dialed).isPresent()) {
      throw new Rejection(
          ErrorCode.InvalidDestination, dialed + " is already in call " + call.connId());
    }
    BasicCalls.checkAvailable(target);
    for (Party p : call.members()) {
      state.setRole(p, DNRole.ConferenceMember);
    }
    Party added;
    if (target == null) {
      added = state.join(call, dialed, null, DNRole.ConferenceMember, PartyState.Alerting);
    } else {
      basicCalls.ring(
          step, call, target, new Offer(null, CallState.Ok, DNRole.ConferenceMember, null, null));
      added = call.party(dialed).orElseThrow();
    }
    for (Party p : call.members()) {
      if (p != added) {
        step.deliver(
            p, partyAdded(step, p, added, conferencer.dn(), CallState.Conferenced).build());
      }
    }
  }

  void deleteFromConference(StepContext step, RequestDeleteFromConference r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party deleter = party(call, dn.number());
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
    callRelease.release(step, call, deleted, deleter.dn());
  }

  void redirectCall(StepContext step, RequestRedirectCall r) {
    Dn dn = internal(r.thisDN());
    Call call = call(r.connID());
    Party ringing = party(call, dn.number());
    if (ringing.state() != PartyState.Alerting) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId()
              + " is "
              + ringing.state()
              + " at DN "
              + dn.number()
              + "; only a ringing call can be redirected");
    }
    String dialed = BasicCalls.dialable(r.otherDN(), dn.number());
    Dn target = dns.get(dialed);
    BasicCalls.checkCallable(target);
    BasicCalls.checkAvailable(target);
    state.changeState(ringing, PartyState.Released);
    step.deliver(
        ringing,
        events
            .callEvent(step, EventType.EventReleased, ringing)
            .with(Attribute.CallState, CallState.Redirected)
            .with(ThirdPartyDN, dialed)
            .with(
                ThirdPartyDNRole,
                call.isConference() ? DNRole.ConferenceMember : DNRole.Destination)
            .build());
    basicCalls.offer(
        step,
        call,
        dialed,
        target,
        new Offer(ringing.thisQueue(), CallState.Redirected, ringing.role(), null, null));
  }

  void listen(StepContext step, String thisDN, ConnId connId, String otherDN, boolean reconnect) {
    Dn dn = internal(thisDN);
    Call call = call(connId);
    party(call, dn.number());
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
    if (listener.listenDisconnected() == reconnect) {
      state.setListenDisconnected(listener, !reconnect);
    } else {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          otherDN
              + (reconnect ? " already hears" : " already does not hear")
              + " conference "
              + call.connId());
    }
    step.deliver(
        dn.number(),
        events
            .agentEvent(
                step,
                reconnect ? EventType.EventListenReconnected : EventType.EventListenDisconnected,
                dn,
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
