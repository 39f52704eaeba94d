package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Stops conference member {@code otherDN} from hearing conference {@code connID}
 * (TListenDisconnect).
 */
public record RequestListenDisconnect(
    String thisDN, ConnId connID, String otherDN, RequestAttributes attributes)
    implements Request, OnCall {}
