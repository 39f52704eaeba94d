package io.switchboard.model.request;

import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;

/**
 * Routes call {@code connID}, waiting on routing point {@code thisDN}, to {@code otherDN}
 * (TRouteCall).
 */
public record RequestRouteCall(
    String thisDN, ConnId connID, String otherDN, KVList userData, RequestAttributes attributes)
    implements Request, OnCall {}
