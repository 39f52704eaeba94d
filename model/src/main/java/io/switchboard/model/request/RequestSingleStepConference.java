package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Adds {@code otherDN} to call {@code connID} of {@code thisDN} without consultation
 * (TSingleStepConference).
 */
public record RequestSingleStepConference(
    String thisDN, ConnId connID, String otherDN, RequestAttributes attributes)
    implements Request, OnCall {}
