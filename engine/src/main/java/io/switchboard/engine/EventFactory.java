package io.switchboard.engine;

import static io.switchboard.model.Attribute.ANI;
import static io.switchboard.model.Attribute.AgentID;
import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.CallThreadID;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.CustomerID;
import static io.switchboard.model.Attribute.DNIS;
import static io.switchboard.model.Attribute.ErrorMessage;
import static io.switchboard.model.Attribute.Extensions;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.PreviousConnID;
import static io.switchboard.model.Attribute.Reasons;
import static io.switchboard.model.Attribute.ReferenceID;
import static io.switchboard.model.Attribute.Server;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.Attribute.ThisQueue;
import static io.switchboard.model.Attribute.UserData;
import static io.switchboard.model.Attribute.time;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.model.Attribute;
import io.switchboard.model.DNRole;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.Timestamp;
import io.switchboard.model.request.*;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one way to build the engine's events: the attributes of an agent's, a party's or a queue's
 * event, and the EventError of a rejected or refused step.
 */
final class EventFactory extends Feature {
  EventFactory(EngineState state) {
    super(state);
  }

  /** The attributes of every event: Server, time, CustomerID and the step's ReferenceID. */
  Event.Builder base(StepContext step, EventType type) {
    Event.Builder builder =
        Event.builder(type).with(Server, config.server()).with(time, step.stamp);
    builder.withIfAllowed(CustomerID, Optional.of(tenant));
    if (step.referenceId != 0) {
      builder.withIfAllowed(ReferenceID, Optional.of(step.referenceId));
    }
    return builder;
  }

  Event.Builder agentEvent(StepContext step, EventType type, Dn dn, RequestAttributes attributes) {
    Event.Builder builder =
        base(step, type).with(ThisDN, dn.number()).withIfAllowed(AgentID, agentOn(dn));
    if (!attributes.reasons().isEmpty()) {
      builder.withIfAllowed(Reasons, Optional.of(attributes.reasons()));
    }
    if (!attributes.extensions().isEmpty()) {
      builder.withIfAllowed(Extensions, Optional.of(attributes.extensions()));
    }
    return builder;
  }

  /** The AgentID of the agent logged in on {@code dn}, if one is. */
  static Optional<String> agentOn(Dn dn) {
    return dn.agent() == null ? Optional.empty() : Optional.of(dn.agent().id());
  }

  /** The attributes every event of {@code party} in its call carries. */
  Event.Builder callEvent(StepContext step, EventType type, Party party) {
    Call call = party.call();
    Event.Builder builder =
        base(step, type)
            .with(ThisDN, party.dn())
            .with(ConnID, call.connId())
            .with(CallThreadID, call.threadId())
            .withIfAllowed(CallID, Optional.of(call.callId()))
            .withIfAllowed(Attribute.CallType, Optional.of(call.type()))
            .withIfAllowed(ThisDNRole, Optional.of(party.role()))
            .withIfAllowed(AgentID, party.agentId())
            .withIfAllowed(ThisQueue, Optional.ofNullable(party.thisQueue()))
            .withIfAllowed(PreviousConnID, call.previousConnId())
            .withIfAllowed(ANI, Optional.ofNullable(call.ani()))
            .withIfAllowed(DNIS, Optional.ofNullable(call.dnis()));
    if (!call.userData().isEmpty()) {
      builder.withIfAllowed(UserData, Optional.of(call.userData()));
    }
    Optional<Party> other = otherOf(party);
    if (other.isPresent()) {
      builder
          .withIfAllowed(OtherDN, Optional.of(other.get().dn()))
          .withIfAllowed(OtherDNRole, Optional.of(other.get().role()));
    } else if (call.members().size() <= 1 && !call.waitingAt().isEmpty()) {
      builder
          .withIfAllowed(OtherDN, callRelease.waitingDn(call))
          .withIfAllowed(OtherDNRole, Optional.of(DNRole.Destination));
    }
    return builder;
  }

  /**
   * The party at the other end: the one other member of a two-party call; none in a conference (the
   * complex party is left out, as the call models do); for an observer, the party the observed
   * agent talks to.
   */
  Optional<Party> otherOf(Party party) {
    Call call = party.call();
    List<Party> members = call.members();
    if (party.isObserver()) {
      Dn observed = monitoring.observedBy(call, party.dn());
      for (Party p : members) {
        if (observed == null || !p.dn().equals(observed.number())) {
          return Optional.of(p);
        }
      }
      return Optional.empty();
    }
    Party other = null;
    for (Party p : members) {
      if (p != party) {
        if (other != null) {
          return Optional.empty();
        }
        other = p;
      }
    }
    return Optional.ofNullable(other);
  }

  /** The events of a call on a queue or routing point, where ThisDN = ThisQueue. */
  Event.Builder queueEvent(StepContext step, EventType type, Call call, String queue) {
    Party origin = call.origin();
    Event.Builder builder =
        base(step, type)
            .with(ThisDN, queue)
            .with(ConnID, call.connId())
            .with(CallThreadID, call.threadId())
            .withIfAllowed(CallID, Optional.of(call.callId()))
            .withIfAllowed(Attribute.CallType, Optional.of(call.type()))
            .withIfAllowed(ThisQueue, Optional.of(queue))
            .withIfAllowed(ThisDNRole, Optional.of(DNRole.Destination))
            .withIfAllowed(PreviousConnID, call.previousConnId())
            .withIfAllowed(ANI, Optional.ofNullable(call.ani()))
            .withIfAllowed(DNIS, Optional.ofNullable(call.dnis()))
            .withIfAllowed(OtherDN, Optional.of(origin.dn()))
            .withIfAllowed(OtherDNRole, Optional.of(origin.role()));
    if (!call.userData().isEmpty()) {
      builder.withIfAllowed(UserData, Optional.of(call.userData()));
    }
    return builder;
  }

  /**
   * The EventError of a request or stimulus the engine rejected: to the requester (ThisDN, the DN a
   * device stimulus names, or {@code network}), with the step's ReferenceID.
   */
  Delivery error(Step step, StepContext context, Rejection rejection) {
    String party = step instanceof Request request ? request.thisDN() : stimulusParty(step);
    return error(
        step,
        party,
        context.stamp,
        context.referenceId,
        rejection.code,
        "rejected",
        rejection.getMessage());
  }

  /**
   * The outcome of a step the service refused before the engine saw it: the EventError to the
   * requester (ThisDN, or {@code network} for a stimulus), with the client's ReferenceID.
   */
  Outcome refused(Step step, Refusal refusal, Instant now) {
    long referenceId = step instanceof Request request ? request.attributes().referenceId() : 0;
    String party = step instanceof Request request ? request.thisDN() : "network";
    Delivery error =
        error(
            step,
            party,
            Timestamp.of(now),
            referenceId,
            refusal.code(),
            "refused",
            refusal.message());
    return new Outcome(referenceId, List.of(error), Optional.empty());
  }

  /**
   * The one way to build an EventError: with the ConnID a request names and the agent logged in on
   * its ThisDN.
   */
  private Delivery error(
      Step step,
      String party,
      Timestamp at,
      long referenceId,
      ErrorCode code,
      String verdict,
      String message) {
    Event.Builder builder =
        Event.builder(EventType.EventError).with(Server, config.server()).with(time, at);
    builder.withIfAllowed(CustomerID, Optional.of(tenant));
    if (referenceId != 0) {
      builder.withIfAllowed(ReferenceID, Optional.of(referenceId));
    }
    builder
        .with(Attribute.ErrorCode, (long) code.code())
        .with(ErrorMessage, step.name() + " " + verdict + ": " + message);
    if (step instanceof Request request) {
      builder.with(ThisDN, party);
      Dn dn = dns.get(party);
      if (dn != null) {
        builder.withOptional(AgentID, agentOn(dn));
      }
      if (request instanceof OnCall onCall) {
        builder.with(ConnID, onCall.connID());
      }
    }
    return new Delivery(party, builder.build());
  }

  /** Who hears of a rejected stimulus: the DN it names, or the network. */
  static String stimulusParty(Step step) {
    if (step instanceof TreatmentEnd s) {
      return s.thisDN();
    } else if (step instanceof DeviceOffHook s) {
      return s.dn();
    } else if (step instanceof DeviceOnHook s) {
      return s.dn();
    } else if (step instanceof DeviceOutOfService s) {
      return s.dn();
    } else if (step instanceof DeviceBackInService s) {
      return s.dn();
    } else if (step instanceof MessageWaitingOn s) {
      return s.dn();
    } else if (step instanceof MessageWaitingOff s) {
      return s.dn();
    }
    return "network";
  }
}
