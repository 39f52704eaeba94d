package io.switchboard.wallboard;

/**
 * The states an agent is shown in, after Genesys Pulse's current agent state: the agent events give
 * the first four, the agent's calls the others (a call outranks readiness: an agent in AutoIn stays
 * Ready while it talks).
 */
final class AgentState {
  /** No EventAgentLogin yet, or EventAgentLogout. */
  static final String LOGGED_OUT = "LoggedOut";

  /** EventAgentReady: waiting for a call. */
  static final String READY = "Ready";

  /** EventAgentNotReady with a work mode other than AfterCallWork (reasons shown). */
  static final String NOT_READY = "NotReady";

  /** EventAgentNotReady with AgentWorkMode AfterCallWork: wrap-up. */
  static final String AFTER_CALL_WORK = "AfterCallWork";

  /** A call rings at the agent's DN. */
  static final String RINGING = "Ringing";

  /** The agent dials out. */
  static final String DIALING = "Dialing";

  /** The agent is connected to a call. */
  static final String TALKING = "Talking";

  /** The agent holds a call and is connected to none. */
  static final String ON_HOLD = "OnHold";

  private AgentState() {}
}
