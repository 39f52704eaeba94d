package io.switchboard.engine;

import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.EngineState;
import io.switchboard.model.CallState;
import io.switchboard.model.ConnId;
import io.switchboard.model.request.*;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

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
  /** The decision on a step that asks nothing of any feature ({@code Advance}). */
  private static final Decision<Void> ACCEPTED = new Decision.Accepted<>(null);

  Dispatch(EngineState state) {
    super(state);
  }

  /**
   * Runs {@code step}, delivering its events in {@code context} (and the call it created, if any).
   *
   * @return the decision taken: accepted, the state evolved; or rejected, with the rejection
   */
  Decision<?> run(Step step, StepContext context) {
    return switch (step.type()) {
      case RequestAgentLogin -> {
        RequestAgentLogin x = (RequestAgentLogin) step;
        yield decideThenEvolve(
            s -> AgentStates.decideAgentLogin(s, x), f -> agentStates.agentLogin(context, x, f));
      }
      case RequestAgentLogout -> {
        RequestAgentLogout x = (RequestAgentLogout) step;
        yield decideThenEvolve(
            s -> AgentStates.decideAgentLogout(s, x), f -> agentStates.agentLogout(context, x, f));
      }
      case RequestAgentReady -> {
        RequestAgentReady x = (RequestAgentReady) step;
        yield decideThenEvolve(
            s -> AgentStates.decideAgentReady(s, x), f -> agentStates.agentReady(context, x, f));
      }
      case RequestAgentNotReady -> {
        RequestAgentNotReady x = (RequestAgentNotReady) step;
        yield decideThenEvolve(
            s -> AgentStates.decideAgentNotReady(s, x),
            f -> agentStates.agentNotReady(context, x, f));
      }
      case RequestSetDNDOn -> {
        RequestSetDNDOn x = (RequestSetDNDOn) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideSetDnd(s, x.thisDN(), true),
            dn -> dnFeatures.setDnd(context, dn, true, x.attributes()));
      }
      case RequestSetDNDOff -> {
        RequestSetDNDOff x = (RequestSetDNDOff) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideSetDnd(s, x.thisDN(), false),
            dn -> dnFeatures.setDnd(context, dn, false, x.attributes()));
      }
      case RequestSetCallForward -> {
        RequestSetCallForward x = (RequestSetCallForward) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideSetCallForward(s, x),
            dn -> dnFeatures.setCallForward(context, x, dn));
      }
      case RequestCancelCallForward -> {
        RequestCancelCallForward x = (RequestCancelCallForward) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideCancelCallForward(s, x),
            dn -> dnFeatures.cancelCallForward(context, x, dn));
      }
      case RequestMakeCall -> {
        RequestMakeCall x = (RequestMakeCall) step;
        yield decideThenCreate(
            context, s -> BasicCalls.decideMakeCall(s, x), f -> basicCalls.makeCall(context, x, f));
      }
      case RequestAnswerCall -> {
        RequestAnswerCall x = (RequestAnswerCall) step;
        yield decideThenEvolve(
            s -> BasicCalls.decideAnswerCall(s, x), party -> basicCalls.connect(context, party));
      }
      case RequestReleaseCall -> {
        RequestReleaseCall x = (RequestReleaseCall) step;
        yield decideThenEvolve(
            s -> CallRelease.decideReleaseCall(s, x),
            party -> callRelease.release(context, party.call(), party, null));
      }
      case RequestHoldCall -> {
        RequestHoldCall x = (RequestHoldCall) step;
        yield decideThenEvolve(
            s -> BasicCalls.decideHoldCall(s, x.thisDN(), x.connID()),
            party -> basicCalls.holdCall(context, party));
      }
      case RequestRetrieveCall -> {
        RequestRetrieveCall x = (RequestRetrieveCall) step;
        yield decideThenEvolve(
            s -> BasicCalls.decideRetrieveCall(s, x.thisDN(), x.connID()),
            party -> basicCalls.retrieve(context, party, CallState.Ok));
      }
      case RequestAttachUserData -> {
        RequestAttachUserData x = (RequestAttachUserData) step;
        yield decideThenEvolve(
            s -> CallUserData.decideMerge(s, x.thisDN(), x.connID(), x.userData()),
            f -> callUserData.changeUserData(context, f));
      }
      case RequestUpdateUserData -> {
        RequestUpdateUserData x = (RequestUpdateUserData) step;
        yield decideThenEvolve(
            s -> CallUserData.decideMerge(s, x.thisDN(), x.connID(), x.userData()),
            f -> callUserData.changeUserData(context, f));
      }
      case RequestDeleteUserData -> {
        RequestDeleteUserData x = (RequestDeleteUserData) step;
        yield decideThenEvolve(
            s -> CallUserData.decideDelete(s, x.thisDN(), x.connID(), x.keys()),
            f -> callUserData.changeUserData(context, f));
      }
      case RequestDeletePair -> {
        RequestDeletePair x = (RequestDeletePair) step;
        yield decideThenEvolve(
            s -> CallUserData.decideDelete(s, x.thisDN(), x.connID(), List.of(x.key())),
            f -> callUserData.changeUserData(context, f));
      }
      case RequestRouteCall -> {
        RequestRouteCall x = (RequestRouteCall) step;
        yield decideThenEvolve(
            s -> RoutingPoints.decideRouteCall(s, x), f -> routing.routeCall(context, f));
      }
      case RequestApplyTreatment -> {
        RequestApplyTreatment x = (RequestApplyTreatment) step;
        yield decideThenEvolve(
            s -> RoutingPoints.decideApplyTreatment(s, x),
            f -> routing.applyTreatment(context, x, f));
      }
      case RequestInitiateTransfer -> {
        RequestInitiateTransfer x = (RequestInitiateTransfer) step;
        yield decideThenCreate(
            context,
            s -> Transfers.decideInitiate(s, x.thisDN(), x.connID(), x.otherDN(), x.userData()),
            f -> transfers.initiate(context, f, Call.Purpose.TRANSFER));
      }
      case RequestCompleteTransfer -> {
        RequestCompleteTransfer x = (RequestCompleteTransfer) step;
        yield decideThenEvolve(
            s ->
                Transfers.decideTwoStep(
                    s, x.thisDN(), x.connID(), x.transferConnID(), "TransferConnID", false),
            f -> transfers.completeTransfer(context, f));
      }
      case RequestSingleStepTransfer -> {
        RequestSingleStepTransfer x = (RequestSingleStepTransfer) step;
        yield decideThenEvolve(
            s -> Transfers.decideSingleStepTransfer(s, x),
            f -> transfers.singleStepTransfer(context, f));
      }
      case RequestMuteTransfer -> {
        RequestMuteTransfer x = (RequestMuteTransfer) step;
        yield decideThenEvolve(
            s -> Transfers.decideMuteTransfer(s, x), f -> transfers.muteTransfer(context, f));
      }
      case RequestInitiateConference -> {
        RequestInitiateConference x = (RequestInitiateConference) step;
        yield decideThenCreate(
            context,
            s -> Transfers.decideInitiate(s, x.thisDN(), x.connID(), x.otherDN(), x.userData()),
            f -> transfers.initiate(context, f, Call.Purpose.CONFERENCE));
      }
      case RequestCompleteConference -> {
        RequestCompleteConference x = (RequestCompleteConference) step;
        yield decideThenEvolve(
            s ->
                Transfers.decideTwoStep(
                    s, x.thisDN(), x.connID(), x.conferenceConnID(), "ConferenceConnID", true),
            f -> conferences.completeConference(context, f));
      }
      case RequestSingleStepConference -> {
        RequestSingleStepConference x = (RequestSingleStepConference) step;
        yield decideThenEvolve(
            s -> Conferences.decideSingleStepConference(s, x),
            f -> conferences.singleStepConference(context, f));
      }
      case RequestDeleteFromConference -> {
        RequestDeleteFromConference x = (RequestDeleteFromConference) step;
        yield decideThenEvolve(
            s -> Conferences.decideDeleteFromConference(s, x),
            f -> conferences.deleteFromConference(context, f));
      }
      case RequestRedirectCall -> {
        RequestRedirectCall x = (RequestRedirectCall) step;
        yield decideThenEvolve(
            s -> Transfers.decideRedirectCall(s, x), f -> transfers.redirectCall(context, f));
      }
      case RequestAlternateCall -> {
        RequestAlternateCall x = (RequestAlternateCall) step;
        yield decideThenEvolve(
            s -> BasicCalls.decideAlternateCall(s, x), f -> basicCalls.alternateCall(context, f));
      }
      case RequestReconnectCall -> {
        RequestReconnectCall x = (RequestReconnectCall) step;
        yield decideThenEvolve(
            s -> BasicCalls.decideReconnectCall(s, x), f -> basicCalls.reconnectCall(context, f));
      }
      case RequestMonitorNextCall -> {
        RequestMonitorNextCall x = (RequestMonitorNextCall) step;
        yield decideThenEvolve(
            s -> Monitoring.decideMonitorNextCall(s, x),
            f -> monitoring.monitorNextCall(context, x, f));
      }
      case RequestCancelMonitoring -> {
        RequestCancelMonitoring x = (RequestCancelMonitoring) step;
        yield decideThenEvolve(
            s -> Monitoring.decideCancelMonitoring(s, x),
            f -> monitoring.cancelMonitoring(context, x, f));
      }
      case RequestListenDisconnect -> {
        RequestListenDisconnect x = (RequestListenDisconnect) step;
        yield decideThenEvolve(
            s -> Conferences.decideListen(s, x.thisDN(), x.connID(), x.otherDN(), false),
            f -> conferences.listen(context, f, false));
      }
      case RequestListenReconnect -> {
        RequestListenReconnect x = (RequestListenReconnect) step;
        yield decideThenEvolve(
            s -> Conferences.decideListen(s, x.thisDN(), x.connID(), x.otherDN(), true),
            f -> conferences.listen(context, f, true));
      }
      case RequestSetMuteOn -> {
        RequestSetMuteOn x = (RequestSetMuteOn) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideMute(s, x.thisDN(), x.connID()),
            party -> dnFeatures.mute(context, party, true, x.attributes()));
      }
      case RequestSetMuteOff -> {
        RequestSetMuteOff x = (RequestSetMuteOff) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideMute(s, x.thisDN(), x.connID()),
            party -> dnFeatures.mute(context, party, false, x.attributes()));
      }
      case InboundCall -> {
        InboundCall x = (InboundCall) step;
        yield decideThenCreate(
            context,
            s -> BasicCalls.decideInboundCall(s, x),
            target -> basicCalls.inboundCall(context, x, target));
      }
      case RemoteAnswer -> {
        RemoteAnswer x = (RemoteAnswer) step;
        yield decideThenEvolve(
            s -> BasicCalls.decideRemoteParty(s, x.connID(), x.dn()),
            party -> basicCalls.connect(context, party));
      }
      case RemoteBusy -> {
        RemoteBusy x = (RemoteBusy) step;
        yield decideThenEvolve(
            s -> BasicCalls.decideRemoteParty(s, x.connID(), x.dn()),
            party -> basicCalls.remoteBusy(context, party));
      }
      case RemoteRelease -> {
        RemoteRelease x = (RemoteRelease) step;
        yield decideThenEvolve(
            s -> CallRelease.decideRemoteRelease(s, x),
            party -> callRelease.release(context, party.call(), party, null));
      }
      case Advance -> ACCEPTED;
      case DeviceOffHook -> {
        DeviceOffHook x = (DeviceOffHook) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideDevice(s, x.dn()), dn -> dnFeatures.offHook(context, dn));
      }
      case DeviceOnHook -> {
        DeviceOnHook x = (DeviceOnHook) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideDevice(s, x.dn()), dn -> dnFeatures.onHook(context, dn));
      }
      case DeviceOutOfService -> {
        DeviceOutOfService x = (DeviceOutOfService) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideDevice(s, x.dn()),
            dn -> dnFeatures.inService(context, dn, false));
      }
      case DeviceBackInService -> {
        DeviceBackInService x = (DeviceBackInService) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideDevice(s, x.dn()), dn -> dnFeatures.inService(context, dn, true));
      }
      case MessageWaitingOn -> {
        MessageWaitingOn x = (MessageWaitingOn) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideDevice(s, x.dn()),
            dn -> dnFeatures.messageWaiting(context, dn, true));
      }
      case MessageWaitingOff -> {
        MessageWaitingOff x = (MessageWaitingOff) step;
        yield decideThenEvolve(
            s -> DnFeatures.decideDevice(s, x.dn()),
            dn -> dnFeatures.messageWaiting(context, dn, false));
      }
      case TreatmentEnd -> {
        TreatmentEnd x = (TreatmentEnd) step;
        yield decideThenEvolve(
            s -> RoutingPoints.decideTreatmentEnd(s, x), f -> routing.treatmentEnd(context, x, f));
      }
    };
  }

  /**
   * Decides with {@code decide}, then evolves the state with {@code evolve} from the facts of an
   * accepted decision. A rejection then is an engine error: a check belongs in the decision.
   */
  private <F> Decision<F> decideThenEvolve(Decision.Decide<F> decide, Consumer<F> evolve) {
    Decision<F> decision = Decision.of(read, decide);
    if (decision instanceof Decision.Accepted<F> accepted) {
      try {
        evolve.accept(accepted.facts());
      } catch (Rejection rejection) {
        throw new IllegalStateException(
            "tenant " + tenant + ": a step was rejected while the state evolved", rejection);
      }
    }
    return decision;
  }

  /** As {@link #decideThenEvolve}, for a step that makes a call: its ConnID is the step's. */
  private <F> Decision<F> decideThenCreate(
      StepContext context, Decision.Decide<F> decide, Function<F, ConnId> evolve) {
    return decideThenEvolve(decide, facts -> context.created = evolve.apply(facts));
  }
}
