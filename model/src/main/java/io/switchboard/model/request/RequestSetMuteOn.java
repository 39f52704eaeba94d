package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Mutes {@code thisDN} in call {@code connID} (TSetMuteOn). */
public record RequestSetMuteOn(String thisDN, ConnId connID, RequestAttributes attributes)
    implements Request, OnCall {}
