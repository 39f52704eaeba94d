package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Puts call {@code connID} on hold at {@code thisDN} (THoldCall). */
public record RequestHoldCall(String thisDN, ConnId connID, RequestAttributes attributes)
    implements Request, OnCall {}
