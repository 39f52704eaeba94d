package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** What the statistics keep of one agent of one tenant (a state store value, as JSON). */
final class AgentStats {
  String tenant;
  String agentId;

  /** The DN the agent is logged in on. */
  String dn;

  /** LoggedOut, Ready, NotReady or AfterCallWork: what the agent events say. */
  String readiness = AgentState.LOGGED_OUT;

  String workMode;
  JsonNode reasons;

  /** The agent's calls now: ConnID to Ringing, Dialing, Talking or OnHold. */
  Map<String, String> calls = new LinkedHashMap<>();

  /** The state shown ({@link AgentState}), and since when (event time, microseconds). */
  String state = AgentState.LOGGED_OUT;

  long sinceMicros;

  /** Calls the agent answered (EventEstablished where the agent's DN is the destination). */
  long handled;

  /** The queue of the agent's last call from a queue: after-call work is counted there. */
  String lastQueue;

  String acwQueue;
  long acwSinceMicros;
  long lastMicros;

  AgentStats() {}

  AgentStats(String tenant, String agentId) {
    this.tenant = tenant;
    this.agentId = agentId;
  }

  /**
   * Recomputes the state shown from the agent's readiness and calls; when it (or the work mode or
   * reasons) changed, the time in state starts again at {@code micros}.
   */
  void settle(long micros, String previousState, String previousMode, JsonNode previousReasons) {
    String now = readiness;
    if (!readiness.equals(AgentState.LOGGED_OUT) || !calls.isEmpty()) {
      if (calls.containsValue(AgentState.TALKING)) {
        now = AgentState.TALKING;
      } else if (calls.containsValue(AgentState.ON_HOLD)) {
        now = AgentState.ON_HOLD;
      } else if (calls.containsValue(AgentState.RINGING)) {
        now = AgentState.RINGING;
      } else if (calls.containsValue(AgentState.DIALING)) {
        now = AgentState.DIALING;
      }
    }
    state = now;
    boolean sameMode = java.util.Objects.equals(previousMode, workMode);
    boolean sameReasons = java.util.Objects.equals(previousReasons, reasons);
    if (!now.equals(previousState) || !sameMode || !sameReasons) {
      sinceMicros = micros;
    }
    lastMicros = Math.max(lastMicros, micros);
  }
}
