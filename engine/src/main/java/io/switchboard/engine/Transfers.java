package io.switchboard.engine;

import static io.switchboard.model.Attribute.Cause;
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
 * Transfer: the consultation call that starts a two-step transfer or conference, the two-step
 * completion (from a conference too), mute transfer, single-step transfer and redirect. Each
 * request is decided by a static {@code decide...} method against the state as it reads ({@link
 * ReadState}), then, if accepted, evolved from the facts the decision found.
 */
final class Transfers extends Feature {
  Transfers(EngineState state) {
    super(state);
  }

  /**
   * What RequestInitiateTransfer or RequestInitiateConference found: ThisDN, its party in the call
   * it holds, the number it dials (and its DN if internal), and the consultation's user data.
   */
  record Consultation(Dn dn, Party holder, String dialed, Dn target, KVList userData) {}

  static Consultation decideInitiate(
      ReadState state, String thisDN, ConnId connId, String otherDN, KVList userData) {
    Dn dn = state.extension(thisDN, "make a consultation call");
    Call original = state.call(connId);
    Party holder = state.party(original, dn.number());
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
    Dn target = state.dn(dialed);
    BasicCalls.checkCallable(target);
    KVList data = original.userData().merge(userData);
    CallUserData.checkUserDataSize(state, data);
    return new Consultation(dn, holder, dialed, target, data);
  }

  /** Holds the call at ThisDN and makes the consultation call; returns its ConnID. */
  ConnId initiate(StepContext step, Consultation c, Call.Purpose purpose) {
    Party holder = c.holder();
    Call original = holder.call();
    state.changeState(holder, PartyState.Held);
    step.deliver(holder, events.callEvent(step, EventType.EventHeld, holder).build());
    Call consult =
        state.newCall(CallType.Consult, c.dn().number(), c.dialed(), c.userData(), original);
    state.linkConsultation(original, consult, purpose);
    Party caller =
        state.join(consult, c.dn().number(), c.dn(), DNRole.Origination, PartyState.Dialing);
    step.deliver(
        caller,
        events
            .callEvent(step, EventType.EventDialing, caller)
            .with(OtherDN, c.dialed())
            .with(OtherDNRole, DNRole.Destination)
            .build());
    basicCalls.offer(step, consult, c.dialed(), c.target(), Offer.plain());
    return consult.connId();
  }

  /** The parties of a two-step completion, as its decision found them. */
  record TwoStep(
      Call original, Call consult, Party heldParty, Party consulting, Party other, Party target) {}

  /**
   * RequestCompleteTransfer ({@code answered} false: the destination may still ring) or
   * RequestCompleteConference ({@code answered} true).
   */
  static TwoStep decideTwoStep(
      ReadState state,
      String thisDN,
      ConnId connId,
      ConnId consultId,
      String attribute,
      boolean answered) {
    Dn dn = state.internal(thisDN);
    Call original = state.call(connId);
    Call consult = state.call(consultId);
    Party heldParty = state.party(original, dn.number());
    Party consulting = state.party(consult, dn.number());
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
    CallUserData.checkUserDataSize(state, original.userData().merge(consult.userData()));
    return new TwoStep(
        original,
        consult,
        heldParty,
        consulting,
        others.size() == 1 ? others.get(0) : null,
        target.get());
  }

  void completeTransfer(StepContext step, TwoStep t) {
    if (t.other() == null) {
      transferFromConference(step, t);
      return;
    }
    String thisDN = t.heldParty().dn();
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
    for (Party p : conference.members()) {
      state.setRole(p, DNRole.ConferenceMember);
    }
    conferences.memberReplaced(step, conference, added, transferrer.dn());
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

  /**
   * RequestMuteTransfer: the consultation and its completion happen in one step, so everything is
   * checked first, the consultation's own checks last.
   */
  static Consultation decideMuteTransfer(ReadState state, RequestMuteTransfer r) {
    Dn dn = state.internal(r.thisDN());
    Call call = state.call(r.connID());
    Party transferrer = BasicCalls.requireEstablished(state, call, dn, "transfer");
    if (call.consult() != null) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call "
              + call.connId()
              + " already has the consultation call "
              + call.consult().connId());
    }
    String dialed = BasicCalls.dialable(r.otherDN(), dn.number());
    Dn target = state.dn(dialed);
    BasicCalls.checkCallable(target);
    if (target != null && target.type() == DNType.Extension && BasicCalls.forwards(target)) {
      target = state.dn(target.forwardTo());
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
    CallUserData.checkUserDataSize(state, call.userData());
    return decideInitiate(state, transferrer.dn(), call.connId(), dialed, KVList.EMPTY);
  }

  /**
   * The consultation, then its completion, whose parties are found once the consultation call
   * exists (the decision has made sure they are there).
   */
  void muteTransfer(StepContext step, Consultation c) {
    Call call = c.holder().call();
    ConnId consult = initiate(step, c, Call.Purpose.TRANSFER);
    completeTransfer(
        step,
        decideTwoStep(read, c.dn().number(), call.connId(), consult, "TransferConnID", false));
  }

  /**
   * What RequestSingleStepTransfer found: the call, the transferrer, the other members, and the
   * number it hands its place to (and its DN if internal).
   */
  record SingleStep(Call call, Party transferrer, List<Party> others, String dialed, Dn target) {}

  static SingleStep decideSingleStepTransfer(ReadState state, RequestSingleStepTransfer r) {
    Dn dn = state.internal(r.thisDN());
    Call call = state.call(r.connID());
    Party transferrer = BasicCalls.requireEstablished(state, call, dn, "transfer");
    List<Party> others = call.members().stream().filter(p -> p != transferrer).toList();
    String dialed = BasicCalls.dialable(r.otherDN(), dn.number());
    Dn target = state.dn(dialed);
    BasicCalls.checkCallable(target);
    if (others.size() > 1) {
      Conferences.checkJoins(call, dialed, target, "a single-step transfer from a conference to");
    }
    BasicCalls.checkAvailable(target);
    return new SingleStep(call, transferrer, others, dialed, target);
  }

  void singleStepTransfer(StepContext step, SingleStep t) {
    if (t.others().size() > 1) {
      singleStepTransferFromConference(step, t);
      return;
    }
    Call call = t.call();
    Party transferrer = t.transferrer();
    Party other = t.others().get(0);
    state.changeState(transferrer, PartyState.Released);
    step.deliver(
        transferrer,
        events
            .callEvent(step, EventType.EventReleased, transferrer)
            .with(OtherDN, other.dn())
            .with(OtherDNRole, other.role())
            .with(Attribute.CallState, CallState.Transferred)
            .with(ThirdPartyDN, t.dialed())
            .with(ThirdPartyDNRole, DNRole.Destination)
            .with(Cause, "1stepTransfer")
            .build());
    basicCalls.offer(
        step,
        call,
        t.dialed(),
        t.target(),
        new Offer(transferrer.thisQueue(), CallState.Transferred, transferrer.role(), null, null));
    if (calls.containsKey(call.connId().value())) {
      step.deliver(
          other,
          events
              .callEvent(step, EventType.EventPartyChanged, other)
              .with(PreviousConnID, call.connId())
              .with(OtherDN, t.dialed())
              .with(ThirdPartyDN, transferrer.dn())
              .with(ThirdPartyDNRole, DNRole.TransferredBy)
              .with(Attribute.CallState, CallState.Transferred)
              .build());
    }
    callRelease.afterLeaving(step, transferrer, PartyState.Connected);
  }

  /**
   * A member of a conference hands its place to the number it dialed in one step: it is released
   * (Transferred), the new party rings as a conference member, and the others are told it joined
   * and the transferrer left, as for a two-step transfer from a conference.
   */
  void singleStepTransferFromConference(StepContext step, SingleStep t) {
    Call call = t.call();
    Party transferrer = t.transferrer();
    step.deliver(
        transferrer,
        events
            .callEvent(step, EventType.EventReleased, transferrer)
            .with(Attribute.CallState, CallState.Transferred)
            .with(ThirdPartyDN, t.dialed())
            .with(ThirdPartyDNRole, DNRole.Destination)
            .with(Cause, "1stepTransfer")
            .build());
    state.changeState(transferrer, PartyState.Released);
    Offer offer = new Offer(null, CallState.Transferred, DNRole.ConferenceMember, null, null);
    Party added = conferences.add(step, call, t.dialed(), t.target(), offer);
    conferences.memberReplaced(step, call, added, transferrer.dn());
    callRelease.afterLeaving(step, transferrer, PartyState.Connected);
  }

  /** What RequestRedirectCall found: the ringing party, and where the call goes instead. */
  record Redirect(Party ringing, String dialed, Dn target) {}

  static Redirect decideRedirectCall(ReadState state, RequestRedirectCall r) {
    Dn dn = state.internal(r.thisDN());
    Call call = state.call(r.connID());
    Party ringing = state.party(call, dn.number());
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
    Dn target = state.dn(dialed);
    BasicCalls.checkCallable(target);
    BasicCalls.checkAvailable(target);
    return new Redirect(ringing, dialed, target);
  }

  void redirectCall(StepContext step, Redirect r) {
    Party ringing = r.ringing();
    Call call = ringing.call();
    state.changeState(ringing, PartyState.Released);
    step.deliver(
        ringing,
        events
            .callEvent(step, EventType.EventReleased, ringing)
            .with(Attribute.CallState, CallState.Redirected)
            .with(ThirdPartyDN, r.dialed())
            .with(
                ThirdPartyDNRole,
                call.isConference() ? DNRole.ConferenceMember : DNRole.Destination)
            .build());
    basicCalls.offer(
        step,
        call,
        r.dialed(),
        r.target(),
        new Offer(ringing.thisQueue(), CallState.Redirected, ringing.role(), null, null));
  }
}
