package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Transfers call {@code connID} of {@code thisDN} to {@code otherDN} through a consultation call
 * completed at once, before the destination answers (TMuteTransfer).
 */
public record RequestMuteTransfer(
    String thisDN, ConnId connID, String otherDN, RequestAttributes attributes)
    implements Request, OnCall {}
