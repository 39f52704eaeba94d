package io.switchboard.engine;

import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.OtherDN;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.model.ConnId;
import io.switchboard.model.EventType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.request.*;
import java.util.Optional;

/**
 * DN features: do-not-disturb, call forwarding, the hook, mute, message waiting and the service
 * state of a device. Each step is decided by a static {@code decide...} method against the state as
 * it reads ({@link ReadState}), then, if accepted, evolved from the DN or party it found.
 */
final class DnFeatures extends Feature {
  DnFeatures(EngineState state) {
    super(state);
  }

  /** A stimulus from the device of DN {@code number}: the DN, which must be in the directory. */
  static Dn decideDevice(ReadState state, String number) {
    return state.internal(number);
  }

  void offHook(StepContext step, Dn dn) {
    state.setOffHook(dn, true);
    step.deliver(
        dn.number(),
        events.agentEvent(step, EventType.EventOffHook, dn, RequestAttributes.NONE).build());
  }

  /** The device of {@code dn} goes out of service, or comes back. */
  void inService(StepContext step, Dn dn, boolean inService) {
    state.setInService(dn, inService);
    step.deliver(
        dn.number(),
        events
            .agentEvent(
                step,
                inService ? EventType.EventDNBackInService : EventType.EventDNOutOfService,
                dn,
                RequestAttributes.NONE)
            .build());
  }

  void messageWaiting(StepContext step, Dn dn, boolean on) {
    state.setMessageWaiting(dn, on);
    step.deliver(
        dn.number(),
        events
            .agentEvent(
                step,
                on ? EventType.EventMessageWaitingOn : EventType.EventMessageWaitingOff,
                dn,
                RequestAttributes.NONE)
            .build());
  }

  static Dn decideSetDnd(ReadState state, String thisDN, boolean on) {
    return state.extension(thisDN, on ? "turn do-not-disturb on" : "turn do-not-disturb off");
  }

  void setDnd(StepContext step, Dn dn, boolean on, RequestAttributes attributes) {
    state.setDnd(dn, on);
    step.deliver(
        dn.number(),
        events
            .agentEvent(step, on ? EventType.EventDNDOn : EventType.EventDNDOff, dn, attributes)
            .build());
  }

  static Dn decideSetCallForward(ReadState state, RequestSetCallForward r) {
    Dn dn = state.extension(r.thisDN(), "set call forwarding");
    if (r.otherDN().isBlank() || r.otherDN().equals(dn.number())) {
      throw new Rejection(
          ErrorCode.InvalidDestination,
          "OtherDN must be another DN or an external number to forward to");
    }
    if (r.forwardMode() == ForwardMode.None) {
      throw new Rejection(
          ErrorCode.InvalidDestination,
          "ForwardMode None sets nothing; use RequestCancelCallForward");
    }
    return dn;
  }

  void setCallForward(StepContext step, RequestSetCallForward r, Dn dn) {
    state.setForwarding(dn, r.forwardMode(), r.otherDN());
    step.deliver(
        dn.number(),
        events
            .agentEvent(step, EventType.EventForwardSet, dn, r.attributes())
            .with(OtherDN, r.otherDN())
            .build());
  }

  static Dn decideCancelCallForward(ReadState state, RequestCancelCallForward r) {
    Dn dn = state.extension(r.thisDN(), "cancel call forwarding");
    if (dn.forwardMode() == ForwardMode.None) {
      throw new Rejection(
          ErrorCode.InvalidPartyState, "no call forwarding is set on DN " + dn.number());
    }
    return dn;
  }

  void cancelCallForward(StepContext step, RequestCancelCallForward r, Dn dn) {
    state.setForwarding(dn, ForwardMode.None, null);
    step.deliver(
        dn.number(),
        events.agentEvent(step, EventType.EventForwardCancel, dn, r.attributes()).build());
  }

  /** The handset goes on hook: the call that holds the line, if any, is released first. */
  void onHook(StepContext step, Dn dn) {
    Optional<Party> active = dn.activeParty();
    state.setOffHook(dn, false);
    active.ifPresent(p -> callRelease.release(step, p.call(), p, null));
    step.deliver(
        dn.number(),
        events.agentEvent(step, EventType.EventOnHook, dn, RequestAttributes.NONE).build());
  }

  /** RequestSetMuteOn or Off: the party of ThisDN in the call, which must be talking. */
  static Party decideMute(ReadState state, String thisDN, ConnId connId) {
    Dn dn = state.internal(thisDN);
    Call call = state.call(connId);
    Party party = state.party(call, dn.number());
    if (party.state() != PartyState.Connected) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN "
              + dn.number()
              + " is "
              + party.state()
              + " in call "
              + call.connId()
              + "; only a talking party can be muted or unmuted");
    }
    return party;
  }

  void mute(StepContext step, Party party, boolean on, RequestAttributes attributes) {
    state.setMuted(party, on);
    Dn dn = party.internal();
    step.deliver(
        dn.number(),
        events
            .agentEvent(step, on ? EventType.EventMuteOn : EventType.EventMuteOff, dn, attributes)
            .with(ConnID, party.call().connId())
            .with(CallID, party.call().callId())
            .build());
  }
}
