package io.switchboard.model.request;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.MonitorNextCallType;
import java.util.List;
import java.util.Optional;

/**
 * Every kind of step, as data: its wire name (the constant's name, as scenario files and request
 * bodies write it, after the Genesys Platform SDK), whether it is a request or a stimulus, its
 * record, and its attributes. Each step record returns its constant from {@link Step#type()}, so a
 * new record does not compile until it has one, and a {@code switch} over this enum (the engine's
 * dispatch) does not compile until it handles it.
 *
 * <p>The attributes are listed in the order of the record's components, a request's {@link
 * RequestAttributes} (ReferenceID, Reasons, Extensions) left out: the wire format is declared here,
 * so renaming a Java component does not change it. What an absent attribute means follows from the
 * component's type (an {@link Optional} is empty, a key-value list or a list is empty, anything
 * else is mandatory) unless the attribute declares a default, or is a list that must be given.
 */
public enum StepType {
  RequestAgentLogin(
      Kind.REQUEST,
      RequestAgentLogin.class,
      attribute("ThisDN"),
      attribute("AgentID"),
      attribute("ThisQueue"),
      withDefault("AgentWorkMode", AgentWorkMode.Unknown)),
  RequestAgentLogout(
      Kind.REQUEST, RequestAgentLogout.class, attribute("ThisDN"), attribute("ThisQueue")),
  RequestAgentReady(
      Kind.REQUEST,
      RequestAgentReady.class,
      attribute("ThisDN"),
      attribute("ThisQueue"),
      withDefault("AgentWorkMode", AgentWorkMode.ManualIn)),
  RequestAgentNotReady(
      Kind.REQUEST,
      RequestAgentNotReady.class,
      attribute("ThisDN"),
      attribute("ThisQueue"),
      withDefault("AgentWorkMode", AgentWorkMode.AuxWork)),
  RequestSetDNDOn(Kind.REQUEST, RequestSetDNDOn.class, attribute("ThisDN")),
  RequestSetDNDOff(Kind.REQUEST, RequestSetDNDOff.class, attribute("ThisDN")),
  RequestSetCallForward(
      Kind.REQUEST,
      RequestSetCallForward.class,
      attribute("ThisDN"),
      attribute("OtherDN"),
      withDefault("ForwardMode", ForwardMode.Unconditional)),
  RequestCancelCallForward(Kind.REQUEST, RequestCancelCallForward.class, attribute("ThisDN")),
  RequestMakeCall(
      Kind.REQUEST,
      RequestMakeCall.class,
      attribute("ThisDN"),
      attribute("OtherDN"),
      attribute("UserData")),
  RequestAnswerCall(
      Kind.REQUEST, RequestAnswerCall.class, attribute("ThisDN"), attribute("ConnID")),
  RequestReleaseCall(
      Kind.REQUEST, RequestReleaseCall.class, attribute("ThisDN"), attribute("ConnID")),
  RequestHoldCall(Kind.REQUEST, RequestHoldCall.class, attribute("ThisDN"), attribute("ConnID")),
  RequestRetrieveCall(
      Kind.REQUEST, RequestRetrieveCall.class, attribute("ThisDN"), attribute("ConnID")),
  RequestAttachUserData(
      Kind.REQUEST,
      RequestAttachUserData.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      mandatory("UserData")),
  RequestUpdateUserData(
      Kind.REQUEST,
      RequestUpdateUserData.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      mandatory("UserData")),
  RequestDeleteUserData(
      Kind.REQUEST,
      RequestDeleteUserData.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("Keys")),
  RequestDeletePair(
      Kind.REQUEST,
      RequestDeletePair.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("Key")),
  RequestRouteCall(
      Kind.REQUEST,
      RequestRouteCall.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN"),
      attribute("UserData")),
  RequestApplyTreatment(
      Kind.REQUEST,
      RequestApplyTreatment.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("TreatmentType"),
      attribute("TreatmentParms")),
  RequestInitiateTransfer(
      Kind.REQUEST,
      RequestInitiateTransfer.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN"),
      attribute("UserData")),
  RequestCompleteTransfer(
      Kind.REQUEST,
      RequestCompleteTransfer.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("TransferConnID")),
  RequestSingleStepTransfer(
      Kind.REQUEST,
      RequestSingleStepTransfer.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN")),
  RequestMuteTransfer(
      Kind.REQUEST,
      RequestMuteTransfer.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN")),
  RequestInitiateConference(
      Kind.REQUEST,
      RequestInitiateConference.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN"),
      attribute("UserData")),
  RequestCompleteConference(
      Kind.REQUEST,
      RequestCompleteConference.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("ConferenceConnID")),
  RequestSingleStepConference(
      Kind.REQUEST,
      RequestSingleStepConference.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN")),
  RequestDeleteFromConference(
      Kind.REQUEST,
      RequestDeleteFromConference.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN")),
  RequestRedirectCall(
      Kind.REQUEST,
      RequestRedirectCall.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN")),
  RequestAlternateCall(
      Kind.REQUEST,
      RequestAlternateCall.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("CurrentConnID")),
  RequestReconnectCall(
      Kind.REQUEST,
      RequestReconnectCall.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("TransferConnID")),
  RequestMonitorNextCall(
      Kind.REQUEST,
      RequestMonitorNextCall.class,
      attribute("ThisDN"),
      attribute("OtherDN"),
      withDefault("MonitorNextCallType", MonitorNextCallType.MonitorOneCall)),
  RequestCancelMonitoring(
      Kind.REQUEST, RequestCancelMonitoring.class, attribute("ThisDN"), attribute("OtherDN")),
  RequestListenDisconnect(
      Kind.REQUEST,
      RequestListenDisconnect.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN")),
  RequestListenReconnect(
      Kind.REQUEST,
      RequestListenReconnect.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("OtherDN")),
  RequestSetMuteOn(Kind.REQUEST, RequestSetMuteOn.class, attribute("ThisDN"), attribute("ConnID")),
  RequestSetMuteOff(
      Kind.REQUEST, RequestSetMuteOff.class, attribute("ThisDN"), attribute("ConnID")),
  InboundCall(
      Kind.STIMULUS, InboundCall.class, attribute("From"), attribute("To"), attribute("UserData")),
  RemoteAnswer(Kind.STIMULUS, RemoteAnswer.class, attribute("DN"), attribute("ConnID")),
  RemoteBusy(Kind.STIMULUS, RemoteBusy.class, attribute("DN"), attribute("ConnID")),
  RemoteRelease(Kind.STIMULUS, RemoteRelease.class, attribute("DN"), attribute("ConnID")),
  Advance(Kind.STIMULUS, Advance.class, attribute("seconds")),
  DeviceOffHook(Kind.STIMULUS, DeviceOffHook.class, attribute("DN")),
  DeviceOnHook(Kind.STIMULUS, DeviceOnHook.class, attribute("DN")),
  DeviceOutOfService(Kind.STIMULUS, DeviceOutOfService.class, attribute("DN")),
  DeviceBackInService(Kind.STIMULUS, DeviceBackInService.class, attribute("DN")),
  MessageWaitingOn(Kind.STIMULUS, MessageWaitingOn.class, attribute("DN")),
  MessageWaitingOff(Kind.STIMULUS, MessageWaitingOff.class, attribute("DN")),
  TreatmentEnd(
      Kind.STIMULUS,
      TreatmentEnd.class,
      attribute("ThisDN"),
      attribute("ConnID"),
      attribute("CollectedDigits"));

  /** Whether a step is a client's request or an outside stimulus. */
  public enum Kind {
    REQUEST,
    STIMULUS
  }

  /**
   * One attribute of a step on the wire.
   *
   * @param name the attribute's name, e.g. {@code ThisDN}
   * @param absent the value taken when the attribute is left out, if it declares one
   * @param mandatory whether it must be given although its type could be empty (a key-value list)
   */
  public record Attribute(String name, Optional<Object> absent, boolean mandatory) {}

  private final Kind kind;
  private final Class<? extends Step> record;
  private final List<Attribute> attributes;

  StepType(Kind kind, Class<? extends Step> record, Attribute... attributes) {
    this.kind = kind;
    this.record = record;
    this.attributes = List.of(attributes);
  }

  private static Attribute attribute(String name) {
    return new Attribute(name, Optional.empty(), false);
  }

  private static Attribute withDefault(String name, Object value) {
    return new Attribute(name, Optional.of(value), false);
  }

  private static Attribute mandatory(String name) {
    return new Attribute(name, Optional.empty(), true);
  }

  /** The step's name on the wire, e.g. {@code RequestMakeCall}. */
  public String wireName() {
    return name();
  }

  public Kind kind() {
    return kind;
  }

  public boolean isRequest() {
    return kind == Kind.REQUEST;
  }

  /** The record that holds a step of this type. */
  public Class<? extends Step> record() {
    return record;
  }

  /** The attributes, in the order of the record's components, RequestAttributes left out. */
  public List<Attribute> attributes() {
    return attributes;
  }
}
