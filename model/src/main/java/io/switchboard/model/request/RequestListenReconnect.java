package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Lets conference member {@code otherDN} hear conference {@code connID} again (TListenReconnect).
 */
public record RequestListenReconnect(
    String thisDN, ConnId connID, String otherDN, RequestAttributes attributes)
    implements Request, OnCall {}
