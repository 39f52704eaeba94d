package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Releases the consultation call {@code transferConnID} and retrieves the held call {@code connID}
 * at {@code thisDN} (TReconnectCall).
 */
public record RequestReconnectCall(
    String thisDN, ConnId connID, ConnId transferConnID, RequestAttributes attributes)
    implements Request, OnCall {}
