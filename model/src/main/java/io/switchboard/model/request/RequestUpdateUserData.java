package io.switchboard.model.request;

import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;

/**
 * Adds {@code userData} to call {@code connID}, replacing the values of keys already attached
 * (TUpdateUserData).
 */
public record RequestUpdateUserData(
    String thisDN, ConnId connID, KVList userData, RequestAttributes attributes)
    implements Request, OnCall {}
