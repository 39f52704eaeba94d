package io.switchboard.engine;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.EngineState;
import io.switchboard.model.CallState;
import io.switchboard.model.ConnId;
import io.switchboard.model.request.*;
import java.util.List;

/**
 * Hands each step to the feature that handles it, by an exhaustive {@code switch} over its {@link
 * StepType}: a new kind of step does not compile until it is handled here.
 *
 * <p>Every step is first decided against the state as it reads ({@link ReadState}), by a static
 * method of its feature that has nothing to change the state with; the state evolves from the facts
 * of an accepted decision only ({@link #decideThenEvolve}). A rejection is the decision's result,
 * and nothing can have changed before it.
 */
final class Dispatch extends Feature {
  Dispatch(EngineState state) {
    super(state);
  }

  /**
   * Runs {@code step}, delivering its events in {@code context} (and the call it created, if any).
   *
   * @return the decision taken: accepted, the state evolved; or rejected, with the rejection
   */
  Decision run(Step step, StepContext context) {
    return switch (step.type()) {
      case RequestAgentLogin ->
          decideThenEvolve(
              (RequestAgentLogin) step,
              context,
              AgentStates::decideAgentLogin,
              (of, c, r, f) -> of.agentStates.agentLogin(c, r, f));
      case RequestAgentLogout ->
          decideThenEvolve(
              (RequestAgentLogout) step,
              context,
              AgentStates::decideAgentLogout,
              (of, c, r, f) -> of.agentStates.agentLogout(c, r, f));
      case RequestAgentReady ->
          decideThenEvolve(
              (RequestAgentReady) step,
              context,
              AgentStates::decideAgentReady,
              (of, c, r, f) -> of.agentStates.agentReady(c, r, f));
      case RequestAgentNotReady ->
          decideThenEvolve(
              (RequestAgentNotReady) step,
              context,
              AgentStates::decideAgentNotReady,
              (of, c, r, f) -> of.agentStates.agentNotReady(c, r, f));
      case RequestSetDNDOn ->
          decideThenEvolve(
              (RequestSetDNDOn) step,
              context,
              (s, r) -> DnFeatures.decideSetDnd(s, r.thisDN(), true),
              (of, c, r, dn) -> of.dnFeatures.setDnd(c, dn, true, r.attributes()));
      case RequestSetDNDOff ->
          decideThenEvolve(
              (RequestSetDNDOff) step,
              context,
              (s, r) -> DnFeatures.decideSetDnd(s, r.thisDN(), false),
              (of, c, r, dn) -> of.dnFeatures.setDnd(c, dn, false, r.attributes()));
      case RequestSetCallForward ->
          decideThenEvolve(
              (RequestSetCallForward) step,
              context,
              DnFeatures::decideSetCallForward,
              (of, c, r, dn) -> of.dnFeatures.setCallForward(c, r, dn));
      case RequestCancelCallForward ->
          decideThenEvolve(
              (RequestCancelCallForward) step,
              context,
              DnFeatures::decideCancelCallForward,
              (of, c, r, dn) -> of.dnFeatures.cancelCallForward(c, r, dn));
      case RequestMakeCall ->
          decideThenCreate(
              (RequestMakeCall) step,
              context,
              BasicCalls::decideMakeCall,
              (of, c, r, f) -> of.basicCalls.makeCall(c, r, f));
      case RequestAnswerCall ->
          decideThenEvolve(
              (RequestAnswerCall) step,
              context,
              BasicCalls::decideAnswerCall,
              (of, c, r, party) -> of.basicCalls.connect(c, party));
      case RequestReleaseCall ->
          decideThenEvolve(
              (RequestReleaseCall) step,
              context,
              CallRelease::decideReleaseCall,
              (of, c, r, party) -> of.callRelease.release(c, party.call(), party, null));
      case RequestHoldCall ->
          decideThenEvolve(
              (RequestHoldCall) step,
              context,
              (s, r) -> BasicCalls.decideHoldCall(s, r.thisDN(), r.connID()),
              (of, c, r, party) -> of.basicCalls.holdCall(c, party));
      case RequestRetrieveCall ->
          decideThenEvolve(
              (RequestRetrieveCall) step,
              context,
              (s, r) -> BasicCalls.decideRetrieveCall(s, r.thisDN(), r.connID()),
              (of, c, r, party) -> of.basicCalls.retrieve(c, party, CallState.Ok));
      case RequestAttachUserData ->
          decideThenEvolve(
              (RequestAttachUserData) step,
              context,
              (s, r) -> CallUserData.decideMerge(s, r.thisDN(), r.connID(), r.userData()),
              (of, c, r, f) -> of.callUserData.changeUserData(c, f));
      case RequestUpdateUserData ->
          decideThenEvolve(
              (RequestUpdateUserData) step,
              context,
              (s, r) -> CallUserData.decideMerge(s, r.thisDN(), r.connID(), r.userData()),
              (of, c, r, f) -> of.callUserData.changeUserData(c, f));
      case RequestDeleteUserData ->
          decideThenEvolve(
              (RequestDeleteUserData) step,
              context,
              (s, r) -> CallUserData.decideDelete(s, r.thisDN(), r.connID(), r.keys()),
              (of, c, r, f) -> of.callUserData.changeUserData(c, f));
      case RequestDeletePair ->
          decideThenEvolve(
              (RequestDeletePair) step,
              context,
              (s, r) -> CallUserData.decideDelete(s, r.thisDN(), r.connID(), List.of(r.key())),
              (of, c, r, f) -> of.callUserData.changeUserData(c, f));
      case RequestRouteCall ->
          decideThenEvolve(
              (RequestRouteCall) step,
              context,
              RoutingPoints::decideRouteCall,
              (of, c, r, f) -> of.routing.routeCall(c, f));
      case RequestApplyTreatment ->
          decideThenEvolve(
              (RequestApplyTreatment) step,
              context,
              RoutingPoints::decideApplyTreatment,
              (of, c, r, f) -> of.routing.applyTreatment(c, r, f));
      case RequestInitiateTransfer ->
          decideThenCreate(
              (RequestInitiateTransfer) step,
              context,
              (s, r) ->
                  Transfers.decideInitiate(s, r.thisDN(), r.connID(), r.otherDN(), r.userData()),
              (of, c, r, f) -> of.transfers.initiate(c, f, Call.Purpose.TRANSFER));
      case RequestCompleteTransfer ->
          decideThenEvolve(
              (RequestCompleteTransfer) step,
              context,
              (s, r) ->
                  Transfers.decideTwoStep(
                      s, r.thisDN(), r.connID(), r.transferConnID(), "TransferConnID", false),
              (of, c, r, f) -> of.transfers.completeTransfer(c, f));
      case RequestSingleStepTransfer ->
          decideThenEvolve(
              (RequestSingleStepTransfer) step,
              context,
              Transfers::decideSingleStepTransfer,
              (of, c, r, f) -> of.transfers.singleStepTransfer(c, f));
      case RequestMuteTransfer ->
          decideThenEvolve(
              (RequestMuteTransfer) step,
              context,
              Transfers::decideMuteTransfer,
              (of, c, r, f) -> of.transfers.muteTransfer(c, f));
      case RequestInitiateConference ->
          decideThenCreate(
              (RequestInitiateConference) step,
              context,
              (s, r) ->
                  Transfers.decideInitiate(s, r.thisDN(), r.connID(), r.otherDN(), r.userData()),
              (of, c, r, f) -> of.transfers.initiate(c, f, Call.Purpose.CONFERENCE));
      case RequestCompleteConference ->
          decideThenEvolve(
              (RequestCompleteConference) step,
              context,
              (s, r) ->
                  Transfers.decideTwoStep(
                      s, r.thisDN(), r.connID(), r.conferenceConnID(), "ConferenceConnID", true),
              (of, c, r, f) -> of.conferences.completeConference(c, f));
      case RequestSingleStepConference ->
          decideThenEvolve(
              (RequestSingleStepConference) step,
              context,
              Conferences::decideSingleStepConference,
              (of, c, r, f) -> of.conferences.singleStepConference(c, f));
      case RequestDeleteFromConference ->
          decideThenEvolve(
              (RequestDeleteFromConference) step,
              context,
              Conferences::decideDeleteFromConference,
              (of, c, r, f) -> of.conferences.deleteFromConference(c, f));
      case RequestRedirectCall ->
          decideThenEvolve(
              (RequestRedirectCall) step,
              context,
              Transfers::decideRedirectCall,
              (of, c, r, f) -> of.transfers.redirectCall(c, f));
      case RequestAlternateCall ->
          decideThenEvolve(
              (RequestAlternateCall) step,
              context,
              BasicCalls::decideAlternateCall,
              (of, c, r, f) -> of.basicCalls.alternateCall(c, f));
      case RequestReconnectCall ->
          decideThenEvolve(
              (RequestReconnectCall) step,
              context,
              BasicCalls::decideReconnectCall,
              (of, c, r, f) -> of.basicCalls.reconnectCall(c, f));
      case RequestMonitorNextCall ->
          decideThenEvolve(
              (RequestMonitorNextCall) step,
              context,
              Monitoring::decideMonitorNextCall,
              (of, c, r, f) -> of.monitoring.monitorNextCall(c, r, f));
      case RequestCancelMonitoring ->
          decideThenEvolve(
              (RequestCancelMonitoring) step,
              context,
              Monitoring::decideCancelMonitoring,
              (of, c, r, f) -> of.monitoring.cancelMonitoring(c, r, f));
      case RequestListenDisconnect ->
          decideThenEvolve(
              (RequestListenDisconnect) step,
              context,
              (s, r) -> Conferences.decideListen(s, r.thisDN(), r.connID(), r.otherDN(), false),
              (of, c, r, f) -> of.conferences.listen(c, f, false));
      case RequestListenReconnect ->
          decideThenEvolve(
              (RequestListenReconnect) step,
              context,
              (s, r) -> Conferences.decideListen(s, r.thisDN(), r.connID(), r.otherDN(), true),
              (of, c, r, f) -> of.conferences.listen(c, f, true));
      case RequestSetMuteOn ->
          decideThenEvolve(
              (RequestSetMuteOn) step,
              context,
              (s, r) -> DnFeatures.decideMute(s, r.thisDN(), r.connID()),
              (of, c, r, party) -> of.dnFeatures.mute(c, party, true, r.attributes()));
      case RequestSetMuteOff ->
          decideThenEvolve(
              (RequestSetMuteOff) step,
              context,
              (s, r) -> DnFeatures.decideMute(s, r.thisDN(), r.connID()),
              (of, c, r, party) -> of.dnFeatures.mute(c, party, false, r.attributes()));
      case InboundCall ->
          decideThenCreate(
              (InboundCall) step,
              context,
              BasicCalls::decideInboundCall,
              (of, c, r, target) -> of.basicCalls.inboundCall(c, r, target));
      case RemoteAnswer ->
          decideThenEvolve(
              (RemoteAnswer) step,
              context,
              (s, r) -> BasicCalls.decideRemoteParty(s, r.connID(), r.dn()),
              (of, c, r, party) -> of.basicCalls.connect(c, party));
      case RemoteBusy ->
          decideThenEvolve(
              (RemoteBusy) step,
              context,
              (s, r) -> BasicCalls.decideRemoteParty(s, r.connID(), r.dn()),
              (of, c, r, party) -> of.basicCalls.remoteBusy(c, party));
      case RemoteRelease ->
          decideThenEvolve(
              (RemoteRelease) step,
              context,
              CallRelease::decideRemoteRelease,
              (of, c, r, party) -> of.callRelease.release(c, party.call(), party, null));
      case Advance -> Decision.ACCEPTED;
      case DeviceOffHook ->
          decideThenEvolve(
              (DeviceOffHook) step,
              context,
              (s, r) -> DnFeatures.decideDevice(s, r.dn()),
              (of, c, r, dn) -> of.dnFeatures.offHook(c, dn));
      case DeviceOnHook ->
          decideThenEvolve(
              (DeviceOnHook) step,
              context,
              (s, r) -> DnFeatures.decideDevice(s, r.dn()),
              (of, c, r, dn) -> of.dnFeatures.onHook(c, dn));
      case DeviceOutOfService ->
          decideThenEvolve(
              (DeviceOutOfService) step,
              context,
              (s, r) -> DnFeatures.decideDevice(s, r.dn()),
              (of, c, r, dn) -> of.dnFeatures.inService(c, dn, false));
      case DeviceBackInService ->
          decideThenEvolve(
              (DeviceBackInService) step,
              context,
              (s, r) -> DnFeatures.decideDevice(s, r.dn()),
              (of, c, r, dn) -> of.dnFeatures.inService(c, dn, true));
      case MessageWaitingOn ->
          decideThenEvolve(
              (MessageWaitingOn) step,
              context,
              (s, r) -> DnFeatures.decideDevice(s, r.dn()),
              (of, c, r, dn) -> of.dnFeatures.messageWaiting(c, dn, true));
      case MessageWaitingOff ->
          decideThenEvolve(
              (MessageWaitingOff) step,
              context,
              (s, r) -> DnFeatures.decideDevice(s, r.dn()),
              (of, c, r, dn) -> of.dnFeatures.messageWaiting(c, dn, false));
      case TreatmentEnd ->
          decideThenEvolve(
              (TreatmentEnd) step,
              context,
              RoutingPoints::decideTreatmentEnd,
              (of, c, r, f) -> of.routing.treatmentEnd(c, r, f));
    };
  }

  /**
   * Decides {@code step} with {@code decide}, then evolves the state with {@code evolve} from the
   * facts of an accepted decision. A rejection then is an engine error: a check belongs in the
   * decision. Neither function captures anything (the step, its context and the features are their
   * arguments), so that a step allocates no function objects.
   */
  private <S extends Step, F> Decision decideThenEvolve(
      S step, StepContext context, Decision.Decide<S, F> decide, Evolve<S, F> evolve) {
    F facts;
    try {
      facts = decide.decide(read, step);
    } catch (Rejection rejection) {
      return new Decision.Rejected(rejection);
    }
    try {
      evolve.evolve(this, context, step, facts);
    } catch (Rejection rejection) {
      throw new IllegalStateException(
          "tenant " + tenant + ": a step was rejected while the state evolved", rejection);
    }
    return Decision.ACCEPTED;
  }

  /** As {@link #decideThenEvolve}, for a step that makes a call: its ConnID is the step's. */
  private <S extends Step, F> Decision decideThenCreate(
      S step, StepContext context, Decision.Decide<S, F> decide, Create<S, F> create) {
    return decideThenEvolve(step, context, decide, create);
  }

  /**
   * How a feature evolves the state from the facts of an accepted decision on {@code step}: {@code
   * of} gives the features, {@code context} the step being handled.
   */
  @FunctionalInterface
  private interface Evolve<S, F> {
    void evolve(Feature of, StepContext context, S step, F facts);
  }

  /** As {@link Evolve}, for a step that makes a call: the ConnID it returns is the step's. */
  @FunctionalInterface
  private interface Create<S, F> extends Evolve<S, F> {
    ConnId create(Feature of, StepContext context, S step, F facts);

    @Override
    default void evolve(Feature of, StepContext context, S step, F facts) {
      context.created = create(of, context, step, facts);
    }
  }
}
