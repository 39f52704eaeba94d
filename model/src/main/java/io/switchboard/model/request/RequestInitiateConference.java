package io.switchboard.model.request;

import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;

/**
 * Holds call {@code connID} at {@code thisDN} and makes a consultation call to {@code otherDN} for
 * a conference (TInitiateConference).
 */
public record RequestInitiateConference(
    String thisDN, ConnId connID, String otherDN, KVList userData, RequestAttributes attributes)
    implements Request, OnCall {}
