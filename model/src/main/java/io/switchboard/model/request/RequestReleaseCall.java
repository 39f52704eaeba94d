package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Releases {@code thisDN} from call {@code connID} (TReleaseCall). */
public record RequestReleaseCall(String thisDN, ConnId connID, RequestAttributes attributes)
    implements Request, OnCall {}
