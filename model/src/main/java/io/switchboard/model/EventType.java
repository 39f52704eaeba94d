package io.switchboard.model;

import static io.switchboard.model.Attribute.*;

import java.util.EnumSet;
import java.util.Set;

/**
 * The event catalog: the 43 events of Genesys Voice Microservices (42 published, and
 * EventAttachedDataChanged, which never is) and EventError, each with its topic, its T-Library
 * message code, and its mandatory and optional attributes.
 *
 * <p>A test compares this catalog with the reference data; an {@link Event} can only be built with
 * the mandatory attributes of its type present and no attribute outside its lists.
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/Topics">VM: Topics</a>
 */
public enum EventType {
  /**
   * Agent logged in (to the ACD group named by ThisQueue, if any). Repeated logins for the same
   * DN+AgentID are allowed, so the event alone does not mean an agent-state transition.
   */
  EventAgentLogin(
      Topic.AGENT_STATE,
      73,
      of(id, Server, ThisDN, time),
      of(AgentID, AgentWorkMode, CustomerID, Extensions, Reasons, ReferenceID, ThisQueue)),
  /**
   * Agent logged out of the ACD group ThisQueue; where multi-queue login exists it marks the final
   * logout (agent now in Logged Out state).
   */
  EventAgentLogout(
      Topic.AGENT_STATE,
      74,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, Reasons, ReferenceID, ThisQueue)),
  /**
   * Agent logged out of one queue (ThisQueue) while staying logged in to other queues (contrast
   * with EventAgentLogout = final logout).
   */
  EventQueueLogout(
      Topic.AGENT_STATE,
      152,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, Reasons, ReferenceID, ThisQueue)),
  /**
   * Agent is ready to receive ACD calls; AgentWorkMode tells the ready sub-mode (ManualIn / AutoIn
   * / ReturnBack).
   */
  EventAgentReady(
      Topic.AGENT_STATE,
      75,
      of(id, Server, ThisDN, time),
      of(AgentID, AgentWorkMode, CustomerID, Extensions, Reasons, ReferenceID, ThisQueue)),
  /**
   * Agent is not ready to receive ACD calls; AgentWorkMode tells why (AuxWork, AfterCallWork,
   * LegalGuard, WalkAway, NoCallDisconnect).
   */
  EventAgentNotReady(
      Topic.AGENT_STATE,
      76,
      of(id, Server, ThisDN, time),
      of(AgentID, AgentWorkMode, CustomerID, Extensions, Reasons, ReferenceID, ThisQueue)),
  /**
   * The DN ThisDN has become unavailable (out of service; for SIP typically the endpoint is
   * unregistered/unreachable).
   */
  EventDNOutOfService(
      Topic.AGENT_STATE,
      147,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** The DN ThisDN is available again. */
  EventDNBackInService(
      Topic.AGENT_STATE,
      148,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** Do-Not-Disturb switched on for ThisDN. */
  EventDNDOn(
      Topic.AGENT_STATE,
      77,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** Do-Not-Disturb switched off for ThisDN. */
  EventDNDOff(
      Topic.AGENT_STATE,
      78,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** Call forwarding was set on ThisDN; OtherDN carries the forwarding destination. */
  EventForwardSet(
      Topic.AGENT_STATE,
      88,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, InfoStatus, OtherDN, Reasons, ReferenceID)),
  /** Call forwarding was cancelled on ThisDN. */
  EventForwardCancel(
      Topic.AGENT_STATE,
      89,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, InfoStatus, Reasons, ReferenceID)),
  /**
   * A supervision (monitor-next-call) subscription between a supervisor DN and an agent DN became
   * active. Sent to both DNs.
   */
  EventMonitoringNextCall(
      Topic.AGENT_STATE,
      141,
      of(id, Server, ThisDN, time),
      of(
          AgentID,
          CustomerID,
          Extensions,
          MonitorNextCallType,
          OtherDN,
          OtherDNRole,
          Reasons,
          ReferenceID,
          ThisDNRole)),
  /**
   * The supervision subscription ended (explicit cancel, or automatically after the monitored call
   * when MonitorOneCall). Sent to both DNs.
   */
  EventMonitoringCancelled(
      Topic.AGENT_STATE,
      142,
      of(id, Server, ThisDN, time),
      of(
          AgentID,
          CustomerID,
          Extensions,
          MonitorNextCallType,
          OtherDN,
          OtherDNRole,
          Reasons,
          ReferenceID,
          ThisDNRole)),
  /**
   * ThisDN went off-hook (for SIP: typically emitted before the first EventDialing of a 1pcc call).
   */
  EventOffHook(
      Topic.AGENT_STATE,
      86,
      of(id, Server, ThisDN, time),
      of(AgentID, CallHistory, CallID, ConnID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** ThisDN went on-hook (emitted when the DN has no more calls). */
  EventOnHook(
      Topic.AGENT_STATE,
      87,
      of(id, Server, ThisDN, time),
      of(AgentID, CallHistory, CallID, ConnID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** ThisDN was muted in the call ConnID (others no longer hear it). */
  EventMuteOn(
      Topic.AGENT_STATE,
      145,
      of(id, Server, ThisDN, time, ConnID),
      of(AgentID, CallID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** Mute removed for ThisDN in call ConnID. */
  EventMuteOff(
      Topic.AGENT_STATE,
      146,
      of(id, Server, ThisDN, time, ConnID),
      of(AgentID, CallID, CustomerID, Extensions, Reasons, ReferenceID)),
  /**
   * The party OtherDN can no longer hear the (conference) call ConnID; reported to the requesting
   * DN.
   */
  EventListenDisconnected(
      Topic.AGENT_STATE,
      106,
      of(id, Server, ThisDN, time, ConnID),
      of(
          AgentID,
          CallID,
          CallState,
          CustomerID,
          Extensions,
          OtherDN,
          OtherDNRole,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThirdPartyDNRole)),
  /** Listening restored for party OtherDN in call ConnID. */
  EventListenReconnected(
      Topic.AGENT_STATE,
      107,
      of(id, Server, ThisDN, time, ConnID),
      of(
          AgentID,
          CallID,
          CallState,
          CustomerID,
          Extensions,
          OtherDN,
          OtherDNRole,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThirdPartyDNRole)),
  /** Message-waiting indicator switched on for ThisDN (voicemail). */
  EventMessageWaitingOn(
      Topic.AGENT_STATE,
      90,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** Message-waiting indicator switched off for ThisDN. */
  EventMessageWaitingOff(
      Topic.AGENT_STATE,
      91,
      of(id, Server, ThisDN, time),
      of(AgentID, CustomerID, Extensions, Reasons, ReferenceID)),
  /** A call attempt on behalf of ThisDN is in progress (originating side). */
  EventDialing(
      Topic.CALL_THREAD,
      61,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time),
      of(
          AgentID,
          CallHistory,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThisQueue,
          UserData)),
  /** A call has been delivered (is alerting) at ThisDN. */
  EventRinging(
      Topic.CALL_THREAD,
      60,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time, CallState),
      of(
          AgentID,
          ANI,
          CallHistory,
          Cause,
          CollectedDigits,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /** ThisDN is now connected (answered/talking) in call ConnID. */
  EventEstablished(
      Topic.CALL_THREAD,
      64,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time),
      of(
          AgentID,
          ANI,
          CallHistory,
          CallState,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /**
   * The caller hung up before the call was answered; reported to the party (or queue) at which the
   * call was alerting/queued.
   */
  EventAbandoned(
      Topic.CALL_THREAD,
      59,
      of(CallID, CallState, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time),
      of(
          AgentID,
          ANI,
          CallHistory,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /**
   * The call from ThisDN cannot reach its destination because it is busy (or otherwise fails: SIT
   * tones, invalid number).
   */
  EventDestinationBusy(
      Topic.CALL_THREAD,
      63,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time, CallState),
      of(
          ANI,
          CallHistory,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /**
   * The call left the queue/routing point ThisDN and went to ThirdPartyDN (distribution, routing,
   * overflow).
   */
  EventDiverted(
      Topic.CALL_THREAD,
      58,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisQueue, time),
      of(
          CallHistory,
          CallState,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThirdPartyDNRole,
          ThirdPartyQueue,
          ThisDNRole,
          ThisTrunk,
          UserData)),
  /** ThisDN placed call ConnID on hold. Only the holding party is notified. */
  EventHeld(
      Topic.CALL_THREAD,
      66,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time),
      of(
          ANI,
          CallHistory,
          CallState,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /**
   * An outbound call from ThisDN has reached the external network (trunk seized); OtherDN is the
   * external number.
   */
  EventNetworkReached(
      Topic.CALL_THREAD,
      62,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time),
      of(
          ANI,
          CallHistory,
          CallState,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /**
   * A new party (OtherDN) joined the call ConnID (conference completion, single-step conference,
   * observer intrusion); sent to the parties already in the call.
   */
  EventPartyAdded(
      Topic.CALL_THREAD,
      69,
      of(CallState, CallThreadID, CallType, ConnID, id, OtherDN, Server, ThisDN, ThisDNRole, time),
      of(
          ANI,
          CallHistory,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThirdPartyDNRole,
          ThirdPartyQueue,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /**
   * The call seen by ThisDN changed because of a completed transfer or conference: the other party
   * and/or the ConnID changed.
   */
  EventPartyChanged(
      Topic.CALL_THREAD,
      68,
      of(
          CallID,
          CallThreadID,
          CallType,
          ConnID,
          id,
          Server,
          ThisDN,
          ThisDNRole,
          time,
          CallState,
          PreviousConnID),
      of(
          ANI,
          CallHistory,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThirdPartyDNRole,
          ThirdPartyQueue,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /**
   * Party OtherDN left/was removed from the conference call ConnID; sent to the parties that
   * remain.
   */
  EventPartyDeleted(
      Topic.CALL_THREAD,
      70,
      of(
          CallID,
          CallThreadID,
          CallType,
          ConnID,
          id,
          Server,
          ThisDN,
          ThisDNRole,
          time,
          CallState,
          OtherDN),
      of(
          ANI,
          CallHistory,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThirdPartyDNRole,
          ThirdPartyQueue,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /**
   * The call was placed in the ACD queue ThisQueue (also on SIP routing points before
   * EventRouteRequest).
   */
  EventQueued(
      Topic.CALL_THREAD,
      57,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisQueue, time),
      of(
          ANI,
          CallHistory,
          CallState,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThisDNRole,
          ThisTrunk,
          UserData)),
  /**
   * ThisDN was bridged into the call (bridged call appearance / shared line); semantics are
   * switch-specific.
   */
  EventBridged(
      Topic.CALL_THREAD,
      151,
      of(CallThreadID, ConnID, id, Server, ThisDN, time),
      of(
          CallID,
          CallState,
          CallType,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          Reasons,
          ReferenceID,
          ThisDNRole,
          UserData)),
  /** ThisDN left the call ConnID (hang-up, transfer completion, redirect, or call end). */
  EventReleased(
      Topic.CALL_THREAD,
      65,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time, CallState),
      of(
          AgentID,
          ANI,
          CallHistory,
          Cause,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThirdPartyDNRole,
          ThirdPartyQueue,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /** ThisDN took call ConnID off hold. */
  EventRetrieved(
      Topic.CALL_THREAD,
      67,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisDNRole, time),
      of(
          ANI,
          CallHistory,
          CallState,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          Reasons,
          ReferenceID,
          ThisQueue,
          ThisTrunk,
          UserData)),
  /** The call arrived at routing point ThisDN and waits for a routing instruction. */
  EventRouteRequest(
      Topic.CALL_THREAD,
      71,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisQueue, time),
      of(
          ANI,
          CallHistory,
          CollectedDigits,
          CustomerID,
          DNIS,
          Extensions,
          LastCollectedDigit,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          OtherDNRole,
          OtherQueue,
          OtherTrunk,
          PreviousConnID,
          ThirdPartyDN,
          ThisTrunk,
          UserData)),
  /**
   * The call left routing point ThisDN: routed as instructed (TRouteCall) or default-routed after
   * the routing timeout.
   */
  EventRouteUsed(
      Topic.CALL_THREAD,
      72,
      of(CallID, CallThreadID, CallType, ConnID, id, Server, ThisDN, ThisQueue, time),
      of(
          ANI,
          CallHistory,
          CallState,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          OtherDN,
          Reasons,
          ReferenceID,
          ThirdPartyDN,
          ThirdPartyDNRole,
          ThisTrunk,
          UserData)),
  /** A treatment was started on the call and the treatment device is executing it. */
  EventTreatmentApplied(
      Topic.CALL_THREAD,
      114,
      of(
          CallID,
          CallThreadID,
          CallType,
          ConnID,
          CustomerID,
          Extensions,
          id,
          Server,
          ThisDN,
          ThisDNRole,
          time,
          TreatmentType),
      of(
          NetworkCallID,
          NetworkNodeID,
          Reasons,
          ReferenceID,
          TransferConnID,
          TreatmentParms,
          UserData)),
  /** The treatment finished and the treatment device waits for the next instruction. */
  EventTreatmentEnd(
      Topic.CALL_THREAD,
      116,
      of(
          CallID,
          CallThreadID,
          CallType,
          ConnID,
          CustomerID,
          id,
          Server,
          ThisDN,
          time,
          TreatmentType),
      of(
          CollectedDigits,
          Extensions,
          LastCollectedDigit,
          NetworkCallID,
          NetworkNodeID,
          Reasons,
          ReferenceID,
          TransferConnID,
          TreatmentParms,
          UserData)),
  /** The requested treatment could not be applied; ErrorCode/ErrorMessage say why. */
  EventTreatmentNotApplied(
      Topic.CALL_THREAD,
      115,
      of(
          CallID,
          CallThreadID,
          CallType,
          ConnID,
          CustomerID,
          ErrorCode,
          id,
          Server,
          ThisDN,
          time,
          TreatmentType),
      of(
          ErrorMessage,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          Reasons,
          ReferenceID,
          TransferConnID,
          TreatmentParms,
          UserData)),
  /**
   * The call at ThisDN needs a treatment instruction (the platform asks the controlling application
   * to apply a treatment).
   */
  EventTreatmentRequired(
      Topic.CALL_THREAD,
      119,
      of(CallThreadID, ConnID, id, Server, ThisDN, time),
      of(
          CallID,
          CallType,
          CustomerID,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          Reasons,
          ReferenceID,
          ThisDNRole,
          UserData)),
  /**
   * User data attached to call ConnID changed (TAttachUserData/TUpdateUserData/TDeleteUserData...).
   * NOT written to Kafka by Voice Microservices; consumers see user data in later call events'
   * UserData.
   */
  EventAttachedDataChanged(
      Topic.NONE,
      85,
      of(CallID, CallType, ConnID, id, Server, time, UserData),
      of(
          ANI,
          CallHistory,
          CustomerID,
          DNIS,
          Extensions,
          NetworkCallID,
          NetworkNodeID,
          ReferenceID,
          ThirdPartyDN,
          ThisDN,
          ThisDNRole,
          ThisTrunk)),
  /**
   * A request was rejected: delivered to the requester only, never published. Not part of the Voice
   * Microservices stream; modelled on the T-Library EventError.
   */
  EventError(
      Topic.NONE,
      52,
      of(id, Server, time, ErrorCode, ErrorMessage),
      of(AgentID, ConnID, CustomerID, Extensions, OtherDN, ReferenceID, ThisDN, ThisQueue));

  private final Topic topic;
  private final int code;
  private final Set<Attribute> mandatory;
  private final Set<Attribute> optional;
  private final EnumSet<Attribute> allowed;
  private final Attribute[] given;

  EventType(Topic topic, int code, Set<Attribute> mandatory, Set<Attribute> optional) {
    this.topic = topic;
    this.code = code;
    this.mandatory = java.util.Collections.unmodifiableSet(mandatory);
    this.optional = java.util.Collections.unmodifiableSet(optional);
    EnumSet<Attribute> all = EnumSet.copyOf(mandatory);
    all.addAll(optional);
    // kept bare: allows() is on the hot path of every event built
    this.allowed = all;
    this.given = mandatory.stream().filter(a -> a != Attribute.id).toArray(Attribute[]::new);
  }

  private static Set<Attribute> of(Attribute... attributes) {
    EnumSet<Attribute> set = EnumSet.noneOf(Attribute.class);
    set.addAll(java.util.Arrays.asList(attributes));
    return set;
  }

  /** The stream this event belongs to; {@link Topic#NONE} for events never published. */
  public Topic topic() {
    return topic;
  }

  /** The T-Library message code. */
  public int code() {
    return code;
  }

  /** Attributes every event of this type carries. */
  public Set<Attribute> mandatory() {
    return mandatory;
  }

  /**
   * The mandatory attributes a builder must be given: all but {@code id}, which is the type itself.
   * An array, not a set, since {@link Event.Builder#build()} walks it for every event; not to be
   * changed.
   */
  Attribute[] mandatoryGiven() {
    return given;
  }

  /** Attributes an event of this type may carry. */
  public Set<Attribute> optional() {
    return optional;
  }

  /** Whether an event of this type may carry {@code attribute}. */
  public boolean allows(Attribute attribute) {
    return allowed.contains(attribute);
  }

  /** Whether events of this type are published to Kafka. */
  public boolean published() {
    return topic.published();
  }
}
