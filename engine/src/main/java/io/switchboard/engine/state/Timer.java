package io.switchboard.engine.state;

import java.time.Instant;

/** An action due at an instant; it re-checks that it still applies when it fires. */
public record Timer(
    Instant due,
    long sequence,
    TimerKind kind,
    long connId,
    String dn,
    String subject,
    int episode) {}
