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

  AgentState state = AgentState.LoggedOut;
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
}
