package io.switchboard.engine;

import java.util.EnumSet;
import java.util.Set;

/** The lifecycle of an agent, with its transition table. */
public enum AgentState {
  LoggedOut,
  NotReady,
  Ready;

  private Set<AgentState> next;

  static {
    LoggedOut.next = EnumSet.of(NotReady, Ready);
    NotReady.next = EnumSet.of(NotReady, Ready, LoggedOut);
    Ready.next = EnumSet.of(Ready, NotReady, LoggedOut);
  }

  /**
   * Checks that an agent may move from this state to {@code to}.
   *
   * @throws IllegalStateException naming tenant, agent, from and to, if the move is illegal
   */
  public void checkTransition(AgentState to, String tenant, String agent) {
    if (!next.contains(to)) {
      throw new IllegalStateException(
          "tenant " + tenant + ": agent " + agent + " cannot go from " + this + " to " + to);
    }
  }
}
