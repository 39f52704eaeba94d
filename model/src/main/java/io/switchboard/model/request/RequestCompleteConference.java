package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/**
 * Joins the party of the consultation call {@code conferenceConnID} to the held call {@code connID}
 * (TCompleteConference).
 */
public record RequestCompleteConference(
    String thisDN, ConnId connID, ConnId conferenceConnID, RequestAttributes attributes)
    implements Request, OnCall {}
