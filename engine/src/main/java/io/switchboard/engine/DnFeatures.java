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
 * state of a device.
 */
final class DnFeatures extends Feature {
  DnFeatures(EngineState state) {
    super(state);
  }

  void offHook(StepContext step, DeviceOffHook s) {
    Dn dn = internal(s.dn());
    state.setOffHook(dn, true);
    step.deliver(
        dn.number(),
        events.agentEvent(step, EventType.EventOffHook, dn, RequestAttributes.NONE).build());
  }

  /** The device of DN {@code number} goes out of service, or comes back. */
  void inService(StepContext step, String number, boolean inService) {
    Dn dn = internal(number);
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

  void messageWaiting(StepContext step, String number, boolean on) {
    Dn dn = internal(number);
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

  void setDnd(StepContext step, String thisDN, boolean on, RequestAttributes attributes) {
    Dn dn = extension(thisDN, on ? "turn do-not-disturb on" : "turn do-not-disturb off");
    state.setDnd(dn, on);
    step.deliver(
        dn.number(),
        events
            .agentEvent(step, on ? EventType.EventDNDOn : EventType.EventDNDOff, dn, attributes)
            .build());
  }

  void setCallForward(StepContext step, RequestSetCallForward r) {
    Dn dn = extension(r.thisDN(), "set call forwarding");
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
    state.setForwarding(dn, r.forwardMode(), r.otherDN());
    step.deliver(
        dn.number(),
        events
            .agentEvent(step, EventType.EventForwardSet, dn, r.attributes())
            .with(OtherDN, r.otherDN())
            .build());
  }

  void cancelCallForward(StepContext step, RequestCancelCallForward r) {
    Dn dn = extension(r.thisDN(), "cancel call forwarding");
    if (dn.forwardMode() == ForwardMode.None) {
      throw new Rejection(
          ErrorCode.InvalidPartyState, "no call forwarding is set on DN " + dn.number());
    }
    state.setForwarding(dn, ForwardMode.None, null);
    step.deliver(
        dn.number(),
        events.agentEvent(step, EventType.EventForwardCancel, dn, r.attributes()).build());
  }

  void onHook(StepContext step, DeviceOnHook s) {
    Dn dn = internal(s.dn());
    Optional<Party> active = dn.activeParty();
    state.setOffHook(dn, false);
    active.ifPresent(p -> callRelease.release(step, p.call(), p, null));
    step.deliver(
        dn.number(),
        events.agentEvent(step, EventType.EventOnHook, dn, RequestAttributes.NONE).build());
  }

  void mute(
      StepContext step, String thisDN, ConnId connId, boolean on, RequestAttributes attributes) {
    Dn dn = internal(thisDN);
    Call call = call(connId);
    Party party = party(call, dn.number());
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
    state.setMuted(party, on);
    step.deliver(
        dn.number(),
        events
            .agentEvent(step, on ? EventType.EventMuteOn : EventType.EventMuteOff, dn, attributes)
            .with(ConnID, call.connId())
            .with(CallID, call.callId())
            .build());
  }
}
