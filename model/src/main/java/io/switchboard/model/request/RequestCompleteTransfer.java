package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Completes the transfer of the held call {@code connID} to the party of the consultation call
 * {@code transferConnID} (TCompleteTransfer).
 */
public record RequestCompleteTransfer(
    String thisDN, ConnId connID, ConnId transferConnID, RequestAttributes attributes)
    implements Request, OnCall {}
