package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Sends call {@code connID}, ringing at {@code thisDN}, on to {@code otherDN} (TRedirectCall). */
public record RequestRedirectCall(
    String thisDN, ConnId connID, String otherDN, RequestAttributes attributes)
    implements Request, OnCall {}
