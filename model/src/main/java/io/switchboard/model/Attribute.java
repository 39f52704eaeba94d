package io.switchboard.model;

/**
 * The 42 event attributes of Genesys Voice Microservices, named verbatim, in the order they are
 * written on the wire.
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/Attributes">VM: Event
 *     attributes</a>
 */
public enum Attribute {
  /** Event name, e.g. "EventAgentLogin" (replaces T-Lib's numeric Event attribute). */
  id(ValueType.EVENT_NAME, null),
  /**
   * Unique identifier VM assigns to the connection between a client and VM (T-Lib: server handle).
   */
  Server(ValueType.STRING, null),
  /** Event generation time: elapsed seconds and microseconds since 1970-01-01 00:00 GMT. */
  time(ValueType.TIMESTAMP, null),
  /** Tenant (customer) identifier through which call processing started. */
  CustomerID(ValueType.STRING, null),
  /**
   * Correlates an event with the client request that caused it (0 / absent for unsolicited events).
   */
  ReferenceID(ValueType.INTEGER, null),
  /**
   * Directory number of the most significant telephony object for the event (never an ACD group or
   * trunk group)
   */
  ThisDN(ValueType.STRING, null),
  /** Role of the DN the event is about (receiving party) in this event. */
  ThisDNRole(ValueType.ENUM, DNRole.class),
  /** ACD group / queue / routing point related to the DN the event is about (receiving party). */
  ThisQueue(ValueType.STRING, null),
  /** Trunk related to ThisDN. */
  ThisTrunk(ValueType.INTEGER, null),
  /** Identifies the ACD agent (VM page spells the heading 'Agent ID'). */
  AgentID(ValueType.STRING, null),
  /** Current work mode of the agent/supervisor (sub-state of Ready or NotReady). */
  AgentWorkMode(ValueType.ENUM, AgentWorkMode.class),
  /**
   * Current connection identifier of the call the event relates to (assigned by VM, not the
   * switch).
   */
  ConnID(ValueType.CONN_ID, null),
  /**
   * Switch-assigned call identifier (distinct from ConnID); 0 while the switch has not supplied it.
   */
  CallID(ValueType.INTEGER, null),
  /**
   * Identifier of the call thread the call belongs to; VM-specific; the voice-callthread Kafka key
   * is '{tenant_id}:{callthread_id}'.
   */
  CallThreadID(ValueType.STRING, null),
  /** Type of call relative to the local switch. */
  CallType(ValueType.ENUM, CallType.class),
  /** Status of the call the event relates to. */
  CallState(ValueType.ENUM, CallState.class),
  /**
   * ConnID the call had before (consultation ConnID after transfer/conference; original call ConnID
   * in consult events).
   */
  PreviousConnID(ValueType.CONN_ID, null),
  /** ConnID of the call being transferred (treatment events). */
  TransferConnID(ValueType.CONN_ID, null),
  /** Directory number of the other party of the call from ThisDN's point of view. */
  OtherDN(ValueType.STRING, null),
  /** Role of the other party of the call from ThisDN's point of view in this event. */
  OtherDNRole(ValueType.ENUM, DNRole.class),
  /**
   * ACD group / queue / routing point related to the other party of the call from ThisDN's point of
   * view.
   */
  OtherQueue(ValueType.STRING, null),
  /** Trunk used by the other party. */
  OtherTrunk(ValueType.INTEGER, null),
  /**
   * Directory number of a third DN involved in the operation (who transferred/conferenced/deleted,
   * or where a call was diverted/routed).
   */
  ThirdPartyDN(ValueType.STRING, null),
  /**
   * Role of a third DN involved in the operation (who transferred/conferenced/deleted, or where a
   * call was diverted/routed) in this event.
   */
  ThirdPartyDNRole(ValueType.ENUM, DNRole.class),
  /**
   * ACD group / queue / routing point related to a third DN involved in the operation (who
   * transferred/conferenced/deleted, or where a call was diverted/routed).
   */
  ThirdPartyQueue(ValueType.STRING, null),
  /** Automatic Number Identification - the calling/charge number. */
  ANI(ValueType.STRING, null),
  /** Dialed Number Identification Service - number the caller dialed. */
  DNIS(ValueType.STRING, null),
  /**
   * For network calls, reason for transitions to Routing/NoParty states; clarifies delivery
   * failures such as Busy or NoAnswer.
   */
  Cause(ValueType.STRING, null),
  /** Call identifier in the network (network-level routing). */
  NetworkCallID(ValueType.INTEGER, null),
  /** Network node identifier accompanying NetworkCallID. */
  NetworkNodeID(ValueType.INTEGER, null),
  /** Multisite transfer/routing history of the call. */
  CallHistory(ValueType.KV_LIST, null),
  /** Digits collected from the caller (treatments / routing). */
  CollectedDigits(ValueType.STRING, null),
  /** Last digit collected (digit-collection treatments). */
  LastCollectedDigit(ValueType.STRING, null),
  /** Kind of treatment. */
  TreatmentType(ValueType.ENUM, TreatmentType.class),
  /**
   * Parameters of the treatment (T-Lib TreatmentParameters), e.g. MUSIC_DN, LABEL, DNIS,
   * digit-collection settings.
   */
  TreatmentParms(ValueType.KV_LIST, null),
  /** Error code (used by EventTreatmentNotApplied; EventError is not produced to Kafka). */
  ErrorCode(ValueType.INTEGER, null),
  /** Human-readable error text. */
  ErrorMessage(ValueType.STRING, null),
  /**
   * Address information status value (e.g. forwarding mode, agent status); exact use by VM events
   * not documented in the material found.
   */
  InfoStatus(ValueType.INTEGER, null),
  /** Scope of a supervision subscription. */
  MonitorNextCallType(ValueType.ENUM, MonitorNextCallType.class),
  /**
   * Additional information supplied with a request and echoed in the resulting event (e.g. agent
   * reason codes).
   */
  Reasons(ValueType.KV_LIST, null),
  /**
   * Switch/VM-specific extra data not covered by other attributes; e.g. ReasonCode (agent events),
   * MonitorMode/MonitorScope (monitoring), INTERRUPTED/COMPLETION_STATUS (treatment end).
   */
  Extensions(ValueType.KV_LIST, null),
  /**
   * Data attached to the call by applications; carried in call events (EventAttachedDataChanged
   * itself is not produced to Kafka).
   */
  UserData(ValueType.KV_LIST, null);

  private final ValueType type;
  private final Class<? extends Enum<?>> enumClass;

  Attribute(ValueType type, Class<? extends Enum<?>> enumClass) {
    this.type = type;
    this.enumClass = enumClass;
  }

  /** The type of this attribute's values. */
  public ValueType type() {
    return type;
  }

  /** For {@link ValueType#ENUM} attributes, the enum class of the values; empty otherwise. */
  public java.util.Optional<Class<? extends Enum<?>>> enumClass() {
    return java.util.Optional.ofNullable(enumClass);
  }

  /** Whether {@code value} is a legal value of this attribute. */
  public boolean accepts(Object value) {
    if (value == null) {
      return false;
    }
    if (type == ValueType.ENUM) {
      return enumClass.isInstance(value);
    }
    return type.javaType().isInstance(value);
  }
}
