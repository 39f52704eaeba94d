package io.switchboard.model.request;

/** Something the network or a phone does, outside any client's control. */
public sealed interface Stimulus extends Step
    permits InboundCall,
        RemoteAnswer,
        RemoteBusy,
        RemoteRelease,
        Advance,
        DeviceOffHook,
        DeviceOnHook,
        DeviceOutOfService,
        DeviceBackInService,
        MessageWaitingOn,
        MessageWaitingOff,
        TreatmentEnd {}
