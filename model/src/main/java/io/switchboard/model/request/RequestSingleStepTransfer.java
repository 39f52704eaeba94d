package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Transfers call {@code connID} of {@code thisDN} to {@code otherDN} without consultation
 * (TSingleStepTransfer).
 */
public record RequestSingleStepTransfer(
    String thisDN, ConnId connID, String otherDN, RequestAttributes attributes)
    implements Request, OnCall {}
