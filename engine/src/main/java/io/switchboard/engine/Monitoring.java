package io.switchboard.engine;

import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThirdPartyDNRole;
import static io.switchboard.model.Attribute.ThisDNRole;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Monitor;
import io.switchboard.engine.state.Party;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.DNRole;
import io.switchboard.model.EventType;
import io.switchboard.model.request.*;
import java.util.Optional;

/**
 * Monitoring: a supervisor observing the calls of an agent's DN (MonitorNextCall). Each request is
 * decided by a static {@code decide...} method against the state as it reads ({@link ReadState}),
 * then, if accepted, evolved from the supervision it found; bridging and releasing observers are
 * steps of other features' evolutions.
 */
final class Monitoring extends Feature {
  Monitoring(EngineState state) {
    super(state);
  }

  Dn observedBy(Call call, String supervisor) {
    for (Party p : call.parties()) {
      if (p.isInternal()
          && p.internal().monitor() != null
          && p.internal().monitor().supervisor().equals(supervisor)) {
        return p.internal();
      }
    }
    return null;
  }

  /** What a supervision request found: the supervisor's DN, the agent's, and the supervision. */
  record Supervision(Dn supervisor, Dn agentDn, Monitor monitor) {}

  static Supervision decideMonitorNextCall(ReadState state, RequestMonitorNextCall r) {
    Dn supervisor = state.extension(r.thisDN(), "supervise");
    Dn agentDn = state.extension(r.otherDN(), "be supervised");
    if (supervisor == agentDn) {
      throw new Rejection(ErrorCode.InvalidDestination, "a DN cannot supervise itself");
    }
    if (agentDn.monitor() != null && !agentDn.monitor().supervisor().equals(supervisor.number())) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN " + agentDn.number() + " is already supervised by " + agentDn.monitor().supervisor());
    }
    Monitor monitor =
        new Monitor(
            supervisor.number(),
            agentDn.number(),
            r.monitorNextCallType(),
            r.attributes().extensions());
    return new Supervision(supervisor, agentDn, monitor);
  }

  void monitorNextCall(StepContext step, RequestMonitorNextCall r, Supervision supervision) {
    Dn supervisor = supervision.supervisor();
    Dn agentDn = supervision.agentDn();
    Monitor monitor = supervision.monitor();
    state.setMonitor(agentDn, monitor);
    step.deliver(
        supervisor.number(),
        events
            .agentEvent(step, EventType.EventMonitoringNextCall, supervisor, r.attributes())
            .with(ThisDNRole, DNRole.Observer)
            .with(OtherDN, agentDn.number())
            .with(OtherDNRole, DNRole.Destination)
            .with(Attribute.MonitorNextCallType, monitor.type())
            .build());
    step.deliver(
        agentDn.number(),
        events
            .agentEvent(step, EventType.EventMonitoringNextCall, agentDn, r.attributes())
            .with(OtherDN, supervisor.number())
            .with(OtherDNRole, DNRole.Observer)
            .with(Attribute.MonitorNextCallType, monitor.type())
            .build());
  }

  static Supervision decideCancelMonitoring(ReadState state, RequestCancelMonitoring r) {
    Dn supervisor = state.extension(r.thisDN(), "cancel a supervision");
    Dn agentDn = state.internal(r.otherDN());
    if (agentDn.monitor() == null || !agentDn.monitor().supervisor().equals(supervisor.number())) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "DN " + supervisor.number() + " does not supervise DN " + agentDn.number());
    }
    return new Supervision(supervisor, agentDn, agentDn.monitor());
  }

  void cancelMonitoring(StepContext step, RequestCancelMonitoring r, Supervision supervision) {
    state.setMonitor(supervision.agentDn(), null);
    monitoringCancelled(step, supervision.monitor(), r.attributes());
  }

  void monitoringCancelled(StepContext step, Monitor monitor, RequestAttributes attributes) {
    Dn supervisor = dns.get(monitor.supervisor());
    Dn agentDn = dns.get(monitor.agentDn());
    if (supervisor != null) {
      step.deliver(
          supervisor.number(),
          events
              .agentEvent(step, EventType.EventMonitoringCancelled, supervisor, attributes)
              .with(ThisDNRole, DNRole.Observer)
              .with(OtherDN, monitor.agentDn())
              .with(OtherDNRole, DNRole.Destination)
              .with(Attribute.MonitorNextCallType, monitor.type())
              .build());
    }
    if (agentDn != null) {
      step.deliver(
          agentDn.number(),
          events
              .agentEvent(step, EventType.EventMonitoringCancelled, agentDn, attributes)
              .with(OtherDN, monitor.supervisor())
              .with(OtherDNRole, DNRole.Observer)
              .with(Attribute.MonitorNextCallType, monitor.type())
              .build());
    }
  }

  /**
   * Service observing: the supervisor of {@code observed} joins the call as an Observer, bridged.
   *
   * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/MonitorCalls">VM:
   *     Monitoring calls</a>
   */
  void bridgeObserver(StepContext step, Call call, Party observed, Monitor monitor) {
    Dn supervisor = dns.get(monitor.supervisor());
    if (supervisor == null
        || supervisor.activeParty().isPresent()
        || supervisor.outOfService()
        || call.party(supervisor.number()).isPresent()) {
      return;
    }
    Party observer =
        state.join(call, supervisor.number(), supervisor, DNRole.Observer, PartyState.Alerting);
    step.deliver(
        observer,
        events
            .callEvent(step, EventType.EventRinging, observer)
            .with(Attribute.CallState, CallState.Bridged)
            .build());
    step.deliver(
        observed,
        events
            .callEvent(step, EventType.EventPartyAdded, observed)
            .with(OtherDN, supervisor.number())
            .with(OtherDNRole, DNRole.Observer)
            .with(Attribute.CallState, CallState.Bridged)
            .build());
    state.changeState(observer, PartyState.Connected);
    step.deliver(
        observer,
        events
            .callEvent(step, EventType.EventEstablished, observer)
            .with(Attribute.CallState, CallState.Bridged)
            .build());
  }

  /**
   * The observer leaves: because the call ends ({@code endedBy}, the member whose release ended
   * it), or on its own ({@code endedBy} null). On its own, the members are told first, then the
   * observer is released, as the GenEM table "Observer Releases a Call" orders them.
   */
  void releaseObserver(StepContext step, Call call, Party observer, Party endedBy) {
    if (endedBy != null) {
      state.changeState(observer, PartyState.Released);
      step.deliver(
          observer,
          events
              .callEvent(step, EventType.EventPartyDeleted, observer)
              .with(OtherDN, endedBy.dn())
              .with(OtherDNRole, DNRole.DeletedParty)
              .with(Attribute.CallState, CallState.Ok)
              .build());
      step.deliver(
          observer,
          events
              .callEvent(step, EventType.EventReleased, observer)
              .with(OtherDN, call.origin().dn())
              .with(OtherDNRole, call.origin().role())
              .with(Attribute.CallState, CallState.Ok)
              .build());
      return;
    }
    for (Party p : call.members()) {
      step.deliver(
          p,
          events
              .callEvent(step, EventType.EventPartyDeleted, p)
              .with(OtherDN, observer.dn())
              .with(OtherDNRole, DNRole.DeletedParty)
              .with(ThirdPartyDN, observer.dn())
              .with(ThirdPartyDNRole, DNRole.DeletedBy)
              .with(Attribute.CallState, CallState.Ok)
              .build());
    }
    step.deliver(
        observer,
        events
            .callEvent(step, EventType.EventReleased, observer)
            .with(Attribute.CallState, CallState.Ok)
            .build());
    state.changeState(observer, PartyState.Released);
  }

  /**
   * The observed party's customer leaves first, while the observer is bridged: as for a member
   * leaving a conference, the observed party and the observer get EventPartyDeleted (the observed
   * party's ThirdPartyDN names the observer), then both are released, each with the other as
   * OtherDN (the reference's copy is cut before the observer's OtherDN).
   *
   * @see <a href="https://docs.genesys.com/Documentation/System/latest/GenEM/MonitoringCalls">
   *     GenEM: Monitoring Calls, External Party Releases First</a>
   */
  void customerLeavesObservedCall(
      StepContext step, Call call, Party leaving, Party observed, Party observer) {
    PartyState leavingWas = leaving.state();
    PartyState observedWas = observed.state();
    state.changeState(leaving, PartyState.Released);
    if (leaving.isInternal()) {
      step.deliver(
          leaving,
          events
              .callEvent(step, EventType.EventReleased, leaving)
              .with(OtherDN, observed.dn())
              .with(OtherDNRole, observed.role())
              .with(Attribute.CallState, CallState.Ok)
              .build());
    }
    step.deliver(
        observed,
        events
            .callEvent(step, EventType.EventPartyDeleted, observed)
            .with(OtherDN, leaving.dn())
            .with(OtherDNRole, DNRole.DeletedParty)
            .with(ThirdPartyDN, observer.dn())
            .with(ThirdPartyDNRole, DNRole.Observer)
            .with(Attribute.CallState, CallState.Ok)
            .build());
    step.deliver(
        observer,
        events
            .callEvent(step, EventType.EventPartyDeleted, observer)
            .with(OtherDN, leaving.dn())
            .with(OtherDNRole, DNRole.DeletedParty)
            .with(Attribute.CallState, CallState.Ok)
            .build());
    state.changeState(observed, PartyState.Released);
    state.changeState(observer, PartyState.Released);
    step.deliver(
        observed,
        events
            .callEvent(step, EventType.EventReleased, observed)
            .with(OtherDN, observer.dn())
            .with(OtherDNRole, observer.role())
            .with(Attribute.CallState, CallState.Ok)
            .build());
    step.deliver(
        observer,
        events
            .callEvent(step, EventType.EventReleased, observer)
            .with(OtherDN, observed.dn())
            .with(OtherDNRole, observed.role())
            .with(Attribute.CallState, CallState.Ok)
            .build());
    callRelease.endCall(step, call);
    callRelease.afterLeaving(step, leaving, leavingWas);
    callRelease.afterLeaving(step, observed, observedWas);
  }

  /**
   * The member of {@code call} that {@code observer} observes, if it is still in the call and its
   * supervision still holds.
   */
  Optional<Party> observedMember(Call call, Party observer) {
    Dn observed = observedBy(call, observer.dn());
    return observed == null ? Optional.empty() : call.party(observed.number());
  }
}
