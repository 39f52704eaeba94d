package io.switchboard.model.request;

/**
 * A T-Library request from a client. The requester is {@link #thisDN()}: it receives the EventError
 * when the request is rejected.
 */
public sealed interface Request extends Step
    permits RequestAgentLogin,
        RequestAgentLogout,
        RequestAgentReady,
        RequestAgentNotReady,
        RequestSetDNDOn,
        RequestSetDNDOff,
        RequestSetCallForward,
        RequestCancelCallForward,
        RequestMakeCall,
        RequestAnswerCall,
        RequestReleaseCall,
        RequestHoldCall,
        RequestRetrieveCall,
        RequestAttachUserData,
        RequestUpdateUserData,
        RequestDeleteUserData,
        RequestDeletePair,
        RequestRouteCall,
        RequestApplyTreatment,
        RequestInitiateTransfer,
        RequestCompleteTransfer,
        RequestSingleStepTransfer,
        RequestMuteTransfer,
        RequestInitiateConference,
        RequestCompleteConference,
        RequestSingleStepConference,
        RequestDeleteFromConference,
        RequestRedirectCall,
        RequestAlternateCall,
        RequestReconnectCall,
        RequestMonitorNextCall,
        RequestCancelMonitoring,
        RequestListenDisconnect,
        RequestListenReconnect,
        RequestSetMuteOn,
        RequestSetMuteOff {

  /** The DN the request is made on, and the requester. */
  String thisDN();

  /** ReferenceID, Reasons and Extensions. */
  RequestAttributes attributes();
}
