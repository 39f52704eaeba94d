package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Unmutes {@code thisDN} in call {@code connID} (TSetMuteOff). */
public record RequestSetMuteOff(String thisDN, ConnId connID, RequestAttributes attributes)
    implements Request, OnCall {}
