package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Holds the active call {@code currentConnID} at {@code thisDN} and connects the held call {@code
 * connID} (TAlternateCall: held_conn_id, current_conn_id).
 */
public record RequestAlternateCall(
    String thisDN, ConnId connID, ConnId currentConnID, RequestAttributes attributes)
    implements Request, OnCall {}
