package io.switchboard.engine.state;

import io.switchboard.engine.AgentState;
import io.switchboard.model.AgentWorkMode;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An agent logged in on a DN. Owned by one engine: the features read it, only {@link EngineState}
 * changes it.
 */
public final class Agent {
  final String id;
  final Dn dn;

  final Set<String> queues = new LinkedHashSet<>();
  private final Set<String> queuesView = Collections.unmodifiableSet(queues);

  /** Written only by {@link #moveTo}, which checks the transition. */
  private AgentState state = AgentState.LoggedOut;

  AgentWorkMode workMode = AgentWorkMode.Unknown;

  AgentWorkMode readyMode = AgentWorkMode.ManualIn;

  long availableSince;

  /** The availability this agent is listed under, and the queues it is listed in (Availability). */
  long indexedSince;

  Set<String> indexedQueues = Set.of();

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

  public String id() {
    return id;
  }

  /** The DN the agent is logged in on. */
  public Dn dn() {
    return dn;
  }

  /** The ACD queues the agent is logged in to, in login order. */
  public Set<String> queues() {
    return queuesView;
  }

  public AgentState state() {
    return state;
  }

  public AgentWorkMode workMode() {
    return workMode;
  }

  /** The work mode the agent logged in or last became Ready with: decides after-call work. */
  public AgentWorkMode readyMode() {
    return readyMode;
  }

  /** When the agent last became available, for longest-idle distribution (an engine sequence). */
  public long availableSince() {
    return availableSince;
  }

  /** Counts after-call-work episodes, so that a wrap-up timer fires only for its own. */
  public int wrapUps() {
    return wrapUps;
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
