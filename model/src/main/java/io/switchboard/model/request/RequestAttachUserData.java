package io.switchboard.model.request;

import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;

/**
 * Attaches {@code userData} to call {@code connID}; keys already attached keep their values
 * (TAttachUserData).
 */
public record RequestAttachUserData(
    String thisDN, ConnId connID, KVList userData, RequestAttributes attributes)
    implements Request, OnCall {}
