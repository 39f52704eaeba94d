package io.switchboard.engine.state;

import io.switchboard.model.KVList;
import io.switchboard.model.MonitorNextCallType;

/** A supervisor's subscription to observe an agent DN's next call, or all its calls. */
public record Monitor(
    String supervisor, String agentDn, MonitorNextCallType type, KVList extensions) {}
