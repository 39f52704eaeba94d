package io.switchboard.engine;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.EngineState;
import io.switchboard.model.ConnId;
import io.switchboard.model.request.*;
import java.util.List;
import java.util.Optional;

/**
 * Hands each step to the feature that handles it, by an exhaustive {@code switch} over its {@link
 * StepType}: a new kind of step does not compile until it is handled here.
 */
final class Dispatch extends Feature {
  private static final Optional<ConnId> NONE = Optional.empty();

  Dispatch(EngineState state) {
    super(state);
  }

  /**
   * Runs {@code step}, delivering its events in {@code context}.
   *
   * @return the ConnID of the call it created, if it created one
   * @throws Rejection if the step is not valid in the current state
   */
  Optional<ConnId> run(Step step, StepContext context) {
    return switch (step.type()) {
      case RequestAgentLogin -> {
        RequestAgentLogin x = (RequestAgentLogin) step;
        agentStates.agentLogin(context, x);
        yield NONE;
      }
      case RequestAgentLogout -> {
        RequestAgentLogout x = (RequestAgentLogout) step;
        agentStates.agentLogout(context, x);
        yield NONE;
      }
      case RequestAgentReady -> {
        RequestAgentReady x = (RequestAgentReady) step;
        agentStates.agentReady(context, x);
        yield NONE;
      }
      case RequestAgentNotReady -> {
        RequestAgentNotReady x = (RequestAgentNotReady) step;
        agentStates.agentNotReady(context, x);
        yield NONE;
      }
      case RequestSetDNDOn -> {
        RequestSetDNDOn x = (RequestSetDNDOn) step;
        dnFeatures.setDnd(context, x.thisDN(), true, x.attributes());
        yield NONE;
      }
      case RequestSetDNDOff -> {
        RequestSetDNDOff x = (RequestSetDNDOff) step;
        dnFeatures.setDnd(context, x.thisDN(), false, x.attributes());
        yield NONE;
      }
      case RequestSetCallForward -> {
        RequestSetCallForward x = (RequestSetCallForward) step;
        dnFeatures.setCallForward(context, x);
        yield NONE;
      }
      case RequestCancelCallForward -> {
        RequestCancelCallForward x = (RequestCancelCallForward) step;
        dnFeatures.cancelCallForward(context, x);
        yield NONE;
      }
      case RequestMakeCall -> {
        RequestMakeCall x = (RequestMakeCall) step;
        yield Optional.of(basicCalls.makeCall(context, x));
      }
      case RequestAnswerCall -> {
        RequestAnswerCall x = (RequestAnswerCall) step;
        basicCalls.answerCall(context, x);
        yield NONE;
      }
      case RequestReleaseCall -> {
        RequestReleaseCall x = (RequestReleaseCall) step;
        callRelease.releaseCall(context, x);
        yield NONE;
      }
      case RequestHoldCall -> {
        RequestHoldCall x = (RequestHoldCall) step;
        basicCalls.holdCall(context, x.thisDN(), x.connID());
        yield NONE;
      }
      case RequestRetrieveCall -> {
        RequestRetrieveCall x = (RequestRetrieveCall) step;
        basicCalls.retrieveCall(context, x.thisDN(), x.connID());
        yield NONE;
      }
      case RequestAttachUserData -> {
        RequestAttachUserData x = (RequestAttachUserData) step;
        callUserData.merge(context, x.thisDN(), x.connID(), x.userData());
        yield NONE;
      }
      case RequestUpdateUserData -> {
        RequestUpdateUserData x = (RequestUpdateUserData) step;
        callUserData.merge(context, x.thisDN(), x.connID(), x.userData());
        yield NONE;
      }
      case RequestDeleteUserData -> {
        RequestDeleteUserData x = (RequestDeleteUserData) step;
        callUserData.delete(context, x.thisDN(), x.connID(), x.keys());
        yield NONE;
      }
      case RequestDeletePair -> {
        RequestDeletePair x = (RequestDeletePair) step;
        callUserData.delete(context, x.thisDN(), x.connID(), List.of(x.key()));
        yield NONE;
      }
      case RequestRouteCall -> {
        RequestRouteCall x = (RequestRouteCall) step;
        routing.routeCall(context, x);
        yield NONE;
      }
      case RequestApplyTreatment -> {
        RequestApplyTreatment x = (RequestApplyTreatment) step;
        routing.applyTreatment(context, x);
        yield NONE;
      }
      case RequestInitiateTransfer -> {
        RequestInitiateTransfer x = (RequestInitiateTransfer) step;
        yield Optional.of(
            transfers.initiate(
                context, x.thisDN(), x.connID(), x.otherDN(), x.userData(), Call.Purpose.TRANSFER));
      }
      case RequestCompleteTransfer -> {
        RequestCompleteTransfer x = (RequestCompleteTransfer) step;
        transfers.completeTransfer(context, x.thisDN(), x.connID(), x.transferConnID());
        yield NONE;
      }
      case RequestSingleStepTransfer -> {
        RequestSingleStepTransfer x = (RequestSingleStepTransfer) step;
        transfers.singleStepTransfer(context, x);
        yield NONE;
      }
      case RequestMuteTransfer -> {
        RequestMuteTransfer x = (RequestMuteTransfer) step;
        transfers.muteTransfer(context, x);
        yield NONE;
      }
      case RequestInitiateConference -> {
        RequestInitiateConference x = (RequestInitiateConference) step;
        yield Optional.of(
            transfers.initiate(
                context,
                x.thisDN(),
                x.connID(),
                x.otherDN(),
                x.userData(),
                Call.Purpose.CONFERENCE));
      }
      case RequestCompleteConference -> {
        RequestCompleteConference x = (RequestCompleteConference) step;
        transfers.completeConference(context, x.thisDN(), x.connID(), x.conferenceConnID());
        yield NONE;
      }
      case RequestSingleStepConference -> {
        RequestSingleStepConference x = (RequestSingleStepConference) step;
        transfers.singleStepConference(context, x);
        yield NONE;
      }
      case RequestDeleteFromConference -> {
        RequestDeleteFromConference x = (RequestDeleteFromConference) step;
        transfers.deleteFromConference(context, x);
        yield NONE;
      }
      case RequestRedirectCall -> {
        RequestRedirectCall x = (RequestRedirectCall) step;
        transfers.redirectCall(context, x);
        yield NONE;
      }
      case RequestAlternateCall -> {
        RequestAlternateCall x = (RequestAlternateCall) step;
        basicCalls.alternateCall(context, x);
        yield NONE;
      }
      case RequestReconnectCall -> {
        RequestReconnectCall x = (RequestReconnectCall) step;
        basicCalls.reconnectCall(context, x);
        yield NONE;
      }
      case RequestMonitorNextCall -> {
        RequestMonitorNextCall x = (RequestMonitorNextCall) step;
        monitoring.monitorNextCall(context, x);
        yield NONE;
      }
      case RequestCancelMonitoring -> {
        RequestCancelMonitoring x = (RequestCancelMonitoring) step;
        monitoring.cancelMonitoring(context, x);
        yield NONE;
      }
      case RequestListenDisconnect -> {
        RequestListenDisconnect x = (RequestListenDisconnect) step;
        transfers.listen(context, x.thisDN(), x.connID(), x.otherDN(), false);
        yield NONE;
      }
      case RequestListenReconnect -> {
        RequestListenReconnect x = (RequestListenReconnect) step;
        transfers.listen(context, x.thisDN(), x.connID(), x.otherDN(), true);
        yield NONE;
      }
      case RequestSetMuteOn -> {
        RequestSetMuteOn x = (RequestSetMuteOn) step;
        dnFeatures.mute(context, x.thisDN(), x.connID(), true, x.attributes());
        yield NONE;
      }
      case RequestSetMuteOff -> {
        RequestSetMuteOff x = (RequestSetMuteOff) step;
        dnFeatures.mute(context, x.thisDN(), x.connID(), false, x.attributes());
        yield NONE;
      }
      case InboundCall -> {
        InboundCall x = (InboundCall) step;
        yield Optional.of(basicCalls.inboundCall(context, x));
      }
      case RemoteAnswer -> {
        RemoteAnswer x = (RemoteAnswer) step;
        basicCalls.remoteAnswer(context, x);
        yield NONE;
      }
      case RemoteBusy -> {
        RemoteBusy x = (RemoteBusy) step;
        basicCalls.remoteBusy(context, x);
        yield NONE;
      }
      case RemoteRelease -> {
        RemoteRelease x = (RemoteRelease) step;
        callRelease.remoteRelease(context, x);
        yield NONE;
      }
      case Advance -> NONE;
      case DeviceOffHook -> {
        DeviceOffHook x = (DeviceOffHook) step;
        dnFeatures.offHook(context, x);
        yield NONE;
      }
      case DeviceOnHook -> {
        DeviceOnHook x = (DeviceOnHook) step;
        dnFeatures.onHook(context, x);
        yield NONE;
      }
      case DeviceOutOfService -> {
        DeviceOutOfService x = (DeviceOutOfService) step;
        dnFeatures.inService(context, x.dn(), false);
        yield NONE;
      }
      case DeviceBackInService -> {
        DeviceBackInService x = (DeviceBackInService) step;
        dnFeatures.inService(context, x.dn(), true);
        yield NONE;
      }
      case MessageWaitingOn -> {
        MessageWaitingOn x = (MessageWaitingOn) step;
        dnFeatures.messageWaiting(context, x.dn(), true);
        yield NONE;
      }
      case MessageWaitingOff -> {
        MessageWaitingOff x = (MessageWaitingOff) step;
        dnFeatures.messageWaiting(context, x.dn(), false);
        yield NONE;
      }
      case TreatmentEnd -> {
        TreatmentEnd x = (TreatmentEnd) step;
        routing.treatmentEnd(context, x);
        yield NONE;
      }
    };
  }
}
