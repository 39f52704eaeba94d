package io.switchboard.model.request;

import io.switchboard.model.ConnId;

/** The external party {@code dn} hangs up call {@code connID}. */
public record RemoteRelease(String dn, ConnId connID) implements Stimulus {}
