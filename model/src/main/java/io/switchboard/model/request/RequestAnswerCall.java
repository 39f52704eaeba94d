package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Answers call {@code connID} ringing at {@code thisDN} (TAnswerCall). */
public record RequestAnswerCall(String thisDN, ConnId connID, RequestAttributes attributes)
    implements Request, OnCall {}
