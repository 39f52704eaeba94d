package io.switchboard.engine;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.model.request.*;
import java.util.Comparator;
import java.util.List;

/**
 * Changes to the tenant's configuration at run time: its agents and its directory, refused while in
 * use.
 */
final class Administration extends Feature {
  Administration(EngineState state) {
    super(state);
  }

  /**
   * Adds agent {@code agentId} to the tenant's list of agents; it may log in from the next step on.
   *
   * @throws IllegalArgumentException if the AgentID is not valid, or is listed already
   * @throws IllegalStateException if the tenant accepts any AgentID (it has no list to add to: set
   *     one with {@link #setAgents})
   */
  public void addAgent(String agentId) {
    state.setAgentList(state.agentList().with(agentId, tenant));
  }

  /**
   * Removes agent {@code agentId} from the tenant's list of agents; it cannot log in from then on.
   *
   * @throws IllegalArgumentException if the agent is not listed
   * @throws IllegalStateException if the agent is logged in, or the tenant accepts any AgentID
   */
  public void removeAgent(String agentId) {
    AgentList fewer = state.agentList().without(agentId, tenant);
    Agent agent = agents.get(agentId);
    if (agent != null) {
      throw new IllegalStateException(
          "agent " + agentId + " is logged in on DN " + agent.dn().number() + "; log it out first");
    }
    state.setAgentList(fewer);
  }

  /**
   * Replaces the tenant's agents: any AgentID, or a list. Agents logged in stay logged in, so a
   * list must hold every one of them.
   *
   * @throws IllegalStateException naming the agents logged in that {@code list} leaves out
   */
  public void setAgents(AgentList list) {
    List<String> orphans =
        agents.values().stream()
            .filter(a -> !list.accepts(a.id()))
            .sorted(Comparator.comparing((Agent a) -> a.id()))
            .map(a -> a.id() + " (on DN " + a.dn().number() + ")")
            .toList();
    if (!orphans.isEmpty()) {
      throw new IllegalStateException(
          (orphans.size() == 1 ? "agent " : "agents ")
              + String.join(", ", orphans)
              + (orphans.size() == 1 ? " is" : " are")
              + " logged in on tenant "
              + tenant
              + " and not in the new list; log "
              + (orphans.size() == 1 ? "it" : "them")
              + " out first, or keep "
              + (orphans.size() == 1 ? "it" : "them")
              + " in the list");
    }
    state.setAgentList(list);
  }

  /**
   * Adds {@code entry} to the directory; calls to it are possible from the next step on.
   *
   * @throws IllegalArgumentException if the DN is already in the directory
   */
  public void addDn(DirectoryEntry entry) {
    if (dns.containsKey(entry.dn())) {
      throw new IllegalArgumentException(
          "DN " + entry.dn() + " is already in the directory of tenant " + tenant);
    }
    state.addDn(entry);
  }

  /**
   * Removes DN {@code number} from the directory.
   *
   * @throws IllegalArgumentException if there is no such DN
   * @throws IllegalStateException if the DN is in use: an agent is logged in on it or into it, it
   *     is a party of a call in progress, or calls wait on it
   */
  public void removeDn(String number) {
    Dn dn = dns.get(number);
    if (dn == null) {
      throw new IllegalArgumentException(
          "DN " + number + " is not in the directory of tenant " + tenant);
    }
    if (dn.agent() != null) {
      throw new IllegalStateException(
          "DN "
              + number
              + " is in use: agent "
              + dn.agent().id()
              + " is logged in on it; log it out first");
    }
    if (!dn.parties().isEmpty()) {
      throw new IllegalStateException(
          "DN "
              + number
              + " is in use: it is a party of call "
              + dn.parties().get(0).call().connId());
    }
    if (!dn.waiting().isEmpty()) {
      throw new IllegalStateException(
          "DN " + number + " is in use: " + dn.waiting().size() + " calls wait on it");
    }
    for (Agent agent : agents.values()) {
      if (agent.queues().contains(number)) {
        throw new IllegalStateException(
            "DN "
                + number
                + " is in use: agent "
                + agent.id()
                + " is logged in to it; log it out first");
      }
    }
    state.removeDn(dn);
  }
}
