package io.switchboard.engine;

import io.switchboard.model.AgentWorkMode;
import java.util.LinkedHashSet;
import java.util.Set;

/** An agent logged in on a DN. Mutable; owned by one engine. */
final class Agent {
  final String id;
  final Dn dn;

  /** The ACD queues the agent is logged in to, in login order. */
  final Set<String> queues = new LinkedHashSet<>();

  /** Written only by {@link #moveTo}, which checks the transition. */
  private AgentState state = AgentState.LoggedOut;

  AgentWorkMode workMode = AgentWorkMode.Unknown;

  /** The work mode the agent logged in or last became Ready with: decides after-call work. */
  AgentWorkMode readyMode = AgentWorkMode.ManualIn;

  /** When the agent last became available, for longest-idle distribution (an engine sequence). */
  long availableSince;

  /** The availability this agent is listed under, and the queues it is listed in (Availability). */
  long indexedSince;

  java.util.Set<String> indexedQueues = java.util.Set.of();

  /** Counts after-call-work episodes, so that a wrap-up timer fires only for its own. */
  int wrapUps;

  Agent(String id, Dn dn) {
    this.id = id;
    this.dn = dn;
  }

  /** An agent as a snapshot holds it, in state {@code state}. */
  Agent(String id, Dn dn, AgentState state) {
    this(id, dn);
    this.state = state;
  }

  AgentState state() {
    return state;
  }

  /**
   * Moves the agent to {@code to}; the only way its state changes.
   *
   * @throws IllegalStateException if the transition table does not allow it (a bug in the engine)
   */
  void moveTo(AgentState to, String tenant) {
    state.checkTransition(to, tenant, id);
    state = to;
  }
}
