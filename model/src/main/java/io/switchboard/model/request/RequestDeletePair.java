package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Deletes the user-data key {@code key} of call {@code connID} (TDeletePair). */
public record RequestDeletePair(
    String thisDN, ConnId connID, String key, RequestAttributes attributes)
    implements Request, OnCall {}
