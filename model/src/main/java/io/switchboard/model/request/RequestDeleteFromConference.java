package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** Removes {@code otherDN} from the conference call {@code connID} (TDeleteFromConference). */
public record RequestDeleteFromConference(
    String thisDN, ConnId connID, String otherDN, RequestAttributes attributes)
    implements Request, OnCall {}
