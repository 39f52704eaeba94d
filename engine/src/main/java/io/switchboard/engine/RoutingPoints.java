package io.switchboard.engine;

import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.CallThreadID;
import static io.switchboard.model.Attribute.CollectedDigits;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.ErrorMessage;
import static io.switchboard.model.Attribute.Extensions;
import static io.switchboard.model.Attribute.LastCollectedDigit;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThirdPartyDNRole;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.Attribute.TreatmentParms;
import static io.switchboard.model.Attribute.UserData;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.TimerKind;
import io.switchboard.engine.state.Treatment;
import io.switchboard.model.Attribute;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.TreatmentType;
import io.switchboard.model.request.*;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Routing points and treatments: a call waits for a route, and a treatment may be applied. Each
 * request is decided by a static {@code decide...} method against the state as it reads ({@link
 * ReadState}), then, if accepted, evolved from the facts the decision found.
 */
final class RoutingPoints extends Feature {
  RoutingPoints(EngineState state) {
    super(state);
  }

  /** Treatment types that collect digits, and so report them in EventTreatmentEnd. */
  private static final Set<TreatmentType> DIGIT_TREATMENTS =
      EnumSet.of(
          TreatmentType.CollectDigits,
          TreatmentType.PlayAnnouncementAndDigits,
          TreatmentType.VerifyDigits,
          TreatmentType.TextToSpeechAndDigits);

  /** Treatment types that need an IVR port: a routing point cannot apply them. */
  private static final Set<TreatmentType> IVR_TREATMENTS =
      EnumSet.of(
          TreatmentType.IVR,
          TreatmentType.PlayApplication,
          TreatmentType.RecordUserAnnouncement,
          TreatmentType.DeleteUserAnnouncement);

  /**
   * The call waits on a routing point: EventQueued (SIP Server's default) and EventRouteRequest;
   * default routing follows after the routing point's routeTimeout, if it has a defaultDestination.
   *
   * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/CallRoutingEvents">VM:
   *     Call routing events</a>
   */
  void arriveAtRoutingPoint(StepContext step, Call call, Dn rp) {
    state.waitAtRoutingPoint(call, rp);
    step.deliver(
        rp.number(), events.queueEvent(step, EventType.EventQueued, call, rp.number()).build());
    step.deliver(
        rp.number(),
        events.queueEvent(step, EventType.EventRouteRequest, call, rp.number()).build());
    Optional<String> destination = rp.entry().text("defaultDestination");
    Optional<Duration> timeout = rp.entry().duration("routeTimeout");
    if (destination.isPresent() && timeout.isPresent()) {
      state.schedule(
          step.current.plus(timeout.get()), TimerKind.DEFAULT_ROUTE, call, null, rp.number(), 0);
    }
  }

  /** What RequestRouteCall found: the call, the routing point, the destination, the data after. */
  record Route(Call call, Dn rp, String dialed, KVList userData) {}

  static Route decideRouteCall(ReadState state, RequestRouteCall r) {
    Dn rp = state.internal(r.thisDN());
    if (rp.type() != DNType.RoutingPoint) {
      throw new Rejection(
          ErrorCode.WrongDNType,
          "DN " + rp.number() + " is a " + rp.type() + ", not a RoutingPoint");
    }
    Call call = state.call(r.connID());
    if (!call.waitingAt().contains(rp.number())) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "call " + call.connId() + " is not waiting on routing point " + rp.number());
    }
    String dialed = BasicCalls.dialable(r.otherDN(), rp.number());
    Dn target = state.dn(dialed);
    BasicCalls.checkCallable(target);
    BasicCalls.checkAvailable(target);
    KVList data = call.userData().merge(r.userData());
    CallUserData.checkUserDataSize(state, data);
    return new Route(call, rp, dialed, data);
  }

  void routeCall(StepContext step, Route route) {
    state.setUserData(route.call(), route.userData());
    routeTo(step, route.call(), route.rp(), route.dialed());
  }

  void routeTo(StepContext step, Call call, Dn rp, String dialed) {
    for (EventType type : List.of(EventType.EventRouteUsed, EventType.EventDiverted)) {
      step.deliver(
          rp.number(),
          events
              .queueEvent(step, type, call, rp.number())
              .with(ThirdPartyDN, dialed)
              .with(ThirdPartyDNRole, DNRole.Destination)
              .build());
    }
    state.leaveWaiting(call, rp.number());
    basicCalls.offer(step, call, dialed, dns.get(dialed), Offer.from(rp.number()));
  }

  /**
   * What RequestApplyTreatment found: the DN that applies it, the call, and why the treatment
   * cannot be applied (an EventTreatmentNotApplied, not a rejection), if it cannot.
   */
  record Treat(Dn dn, Call call, long code, Optional<String> notApplied) {}

  static Treat decideApplyTreatment(ReadState state, RequestApplyTreatment r) {
    Dn dn = state.internal(r.thisDN());
    Call call = state.call(r.connID());
    if (dn.type() == DNType.RoutingPoint) {
      if (!call.waitingAt().contains(dn.number())) {
        throw new Rejection(
            ErrorCode.InvalidPartyState,
            "call " + call.connId() + " is not waiting on routing point " + dn.number());
      }
    } else if (dn.type() == DNType.VoiceTreatmentPort) {
      BasicCalls.requireEstablished(state, call, dn, "apply a treatment");
    } else {
      throw new Rejection(
          ErrorCode.WrongDNType,
          "treatments are applied by a RoutingPoint or a VoiceTreatmentPort; DN "
              + dn.number()
              + " is a "
              + dn.type());
    }
    Optional<String> notApplied = Optional.empty();
    long code = 0;
    if (r.treatmentType() == TreatmentType.Unknown) {
      code = 301;
      notApplied = Optional.of("TreatmentType Unknown names no treatment");
    } else if (dn.type() == DNType.RoutingPoint && IVR_TREATMENTS.contains(r.treatmentType())) {
      code = 302;
      notApplied =
          Optional.of(r.treatmentType() + " needs an IVR port; a routing point cannot apply it");
    } else if (r.treatmentType() == TreatmentType.SetDefaultRoute
        && (dn.type() != DNType.RoutingPoint || dn.entry().text("defaultDestination").isEmpty())) {
      code = 303;
      notApplied = Optional.of("SetDefaultRoute needs a routing point with a defaultDestination");
    }
    return new Treat(dn, call, code, notApplied);
  }

  void applyTreatment(StepContext step, RequestApplyTreatment r, Treat treat) {
    Dn dn = treat.dn();
    Call call = treat.call();
    Optional<String> notApplied = treat.notApplied();
    long code = treat.code();
    if (notApplied.isPresent()) {
      step.deliver(
          dn.number(),
          treatmentEvent(
                  step,
                  EventType.EventTreatmentNotApplied,
                  call,
                  dn.number(),
                  r.treatmentType(),
                  r.treatmentParms())
              .with(Attribute.ErrorCode, code)
              .with(ErrorMessage, notApplied.get())
              .build());
      return;
    }
    state.setTreatment(call, new Treatment(dn.number(), r.treatmentType(), r.treatmentParms()));
    step.deliver(
        dn.number(),
        treatmentEvent(
                step,
                EventType.EventTreatmentApplied,
                call,
                dn.number(),
                r.treatmentType(),
                r.treatmentParms())
            .with(ThisDNRole, DNRole.Destination)
            .with(Extensions, r.attributes().extensions())
            .build());
    if (r.treatmentType() == TreatmentType.CancelCall) {
      callRelease.clearCall(step, call);
    } else if (r.treatmentType() == TreatmentType.SetDefaultRoute) {
      routeTo(step, call, dn, dn.entry().text("defaultDestination").orElseThrow());
    }
  }

  /** What TreatmentEnd found: the DN that applied the treatment, the call, the treatment. */
  record End(Dn dn, Call call, Treatment treatment) {}

  static End decideTreatmentEnd(ReadState state, TreatmentEnd s) {
    Dn dn = state.internal(s.thisDN());
    Call call = state.call(s.connID());
    Treatment treatment = call.treatment();
    if (treatment == null || !treatment.dn().equals(dn.number())) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          "no treatment is being applied to call " + call.connId() + " on DN " + dn.number());
    }
    if (!treatment.ends()) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          treatment.type() + " is an open-ended treatment: it gives no EventTreatmentEnd");
    }
    boolean digits = DIGIT_TREATMENTS.contains(treatment.type());
    if (s.collectedDigits().isPresent() && !digits) {
      throw new Rejection(
          ErrorCode.InvalidPartyState,
          treatment.type()
              + " collects no digits; give CollectedDigits only for "
              + DIGIT_TREATMENTS);
    }
    return new End(dn, call, treatment);
  }

  void treatmentEnd(StepContext step, TreatmentEnd s, End ended) {
    Dn dn = ended.dn();
    Call call = ended.call();
    Treatment treatment = ended.treatment();
    state.setTreatment(call, null);
    Event.Builder end =
        treatmentEvent(
            step,
            EventType.EventTreatmentEnd,
            call,
            dn.number(),
            treatment.type(),
            treatment.parms());
    s.collectedDigits()
        .filter(d -> !d.isEmpty())
        .ifPresent(
            d ->
                end.with(CollectedDigits, d).with(LastCollectedDigit, d.substring(d.length() - 1)));
    step.deliver(dn.number(), end.build());
  }

  Event.Builder treatmentEvent(
      StepContext step,
      EventType type,
      Call call,
      String dn,
      TreatmentType treatmentType,
      KVList parms) {
    Event.Builder builder =
        events
            .base(step, type)
            .with(ThisDN, dn)
            .with(ConnID, call.connId())
            .with(CallThreadID, call.threadId())
            .with(CallID, call.callId())
            .with(Attribute.CallType, call.type())
            .with(Attribute.TreatmentType, treatmentType);
    if (!parms.isEmpty()) {
      builder.with(TreatmentParms, parms);
    }
    if (!call.userData().isEmpty()) {
      builder.with(UserData, call.userData());
    }
    return builder;
  }
}
