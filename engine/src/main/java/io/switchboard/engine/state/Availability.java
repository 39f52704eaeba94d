package io.switchboard.engine.state;

import io.switchboard.engine.AgentState;
import io.switchboard.model.DNType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which agents and IVR ports can take an ACD call now, per queue, kept up to date incrementally so
 * that distribution costs the same with ten agents or a hundred thousand. An agent is available
 * when it is Ready and its DN has no call at all, no do-not-disturb and is in service; agents of a
 * queue are ordered by how long they have been available. The features ask it; only {@link
 * EngineState} keeps it up to date.
 */
public final class Availability {
  private static final Comparator<Agent> LONGEST_AVAILABLE =
      Comparator.comparingLong((Agent a) -> a.indexedSince).thenComparing(a -> a.id);

  private final Map<String, TreeSet<Agent>> agentsByQueue = new HashMap<>();
  private final Map<String, List<Dn>> portsByQueue = new HashMap<>();
  private final Set<Dn> touched = new LinkedHashSet<>();

  /** Notes that something that decides {@code dn}'s availability may have changed. */
  void touch(Dn dn) {
    touched.add(dn);
  }

  /** Takes an agent that logs out out of every queue's list. */
  void forget(Agent agent) {
    unindex(agent);
  }

  void addPort(Dn port) {
    port.entry
        .text("queue")
        .ifPresent(q -> portsByQueue.computeIfAbsent(q, k -> new ArrayList<>()).add(port));
  }

  void removePort(Dn port) {
    port.entry
        .text("queue")
        .ifPresent(q -> portsByQueue.getOrDefault(q, new ArrayList<>()).remove(port));
  }

  /** Brings the lists up to date with the DNs touched since the last refresh. */
  void refresh() {
    for (Dn dn : touched) {
      Agent agent = dn.agent;
      if (agent != null) {
        unindex(agent);
        if (available(agent)) {
          index(agent);
        }
      }
    }
    touched.clear();
  }

  /** Whether some agent or IVR port of {@code queue} is free. */
  public boolean anyFor(String queue) {
    TreeSet<Agent> agents = agentsByQueue.get(queue);
    return (agents != null && !agents.isEmpty()) || freePort(queue).isPresent();
  }

  /** The agent of {@code queue} available longest that is not already in {@code call}. */
  public Optional<Dn> agentFor(String queue, Call call) {
    TreeSet<Agent> agents = agentsByQueue.get(queue);
    if (agents == null) {
      return Optional.empty();
    }
    for (Agent agent : agents) {
      if (call.party(agent.dn.number).isEmpty()) {
        return Optional.of(agent.dn);
      }
    }
    return Optional.empty();
  }

  /** An idle IVR port that takes calls from {@code queue}. */
  public Optional<Dn> freePort(String queue) {
    for (Dn port : portsByQueue.getOrDefault(queue, List.of())) {
      if (port.type == DNType.VoiceTreatmentPort
          && port.idle()
          && !port.outOfService
          && !port.dnd) {
        return Optional.of(port);
      }
    }
    return Optional.empty();
  }

  private static boolean available(Agent agent) {
    Dn dn = agent.dn;
    return agent.state() == AgentState.Ready
        && dn.agent == agent
        && dn.idle()
        && !dn.dnd
        && !dn.outOfService;
  }

  private void index(Agent agent) {
    agent.indexedSince = agent.availableSince;
    agent.indexedQueues = Set.copyOf(agent.queues);
    for (String queue : agent.indexedQueues) {
      agentsByQueue.computeIfAbsent(queue, q -> new TreeSet<>(LONGEST_AVAILABLE)).add(agent);
    }
  }

  private void unindex(Agent agent) {
    for (String queue : agent.indexedQueues) {
      TreeSet<Agent> agents = agentsByQueue.get(queue);
      if (agents != null) {
        agents.remove(agent);
      }
    }
    agent.indexedQueues = Set.of();
  }
}
