package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Takes call {@code connID} off hold at {@code thisDN} (TRetrieveCall). */
public record RequestRetrieveCall(String thisDN, ConnId connID, RequestAttributes attributes)
    implements Request, OnCall {}
