package io.switchboard.engine;

import io.switchboard.model.KVList;
import io.switchboard.model.MonitorNextCallType;

/** A supervisor's subscription to observe an agent DN's next call, or all its calls. */
record Monitor(String supervisor, String agentDn, MonitorNextCallType type, KVList extensions) {}
