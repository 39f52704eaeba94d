package io.switchboard.sim.traffic;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.DNType;
import java.util.ArrayList;
import java.util.List;

/**
 * The directory of a simulated contact center and how its numbers are laid out: the routing point
 * {@value #ROUTING_POINT} where every call arrives, the ACD queues 7001 to 7099 in configuration
 * order, the supervisors' Extensions from 4001, and the agents' Extensions from 1000000, with agent
 * ids {@code agent1}, {@code agent2}, ...
 */
public final class ContactCenter {

  /** The routing point every call arrives at. */
  public static final String ROUTING_POINT = "3000";

  private ContactCenter() {}

  /** The DN of queue {@code index} (0-based). */
  public static String queueDn(int index) {
    return Integer.toString(7001 + index);
  }

  /** The DN of agent {@code index} (0-based). */
  public static String agentDn(int index) {
    return Integer.toString(1_000_000 + index);
  }

  /** The AgentID of agent {@code index} (0-based). */
  public static String agentId(int index) {
    return "agent" + (index + 1);
  }

  /** The DN of supervisor {@code index} (0-based). */
  public static String supervisorDn(int index) {
    return Integer.toString(4001 + index);
  }

  /** The tenant the simulation of {@code config} runs in, with every DN it needs. */
  public static TenantConfig tenant(TrafficConfig config, String server) {
    List<DirectoryEntry> directory = new ArrayList<>();
    directory.add(new DirectoryEntry(ROUTING_POINT, DNType.RoutingPoint));
    for (int q = 0; q < config.queues().size(); q++) {
      directory.add(new DirectoryEntry(queueDn(q), DNType.ACDQueue));
    }
    for (int s = 0; s < config.supervisors(); s++) {
      directory.add(new DirectoryEntry(supervisorDn(s), DNType.Extension));
    }
    int agents = config.agentCount();
    for (int a = 0; a < agents; a++) {
      directory.add(new DirectoryEntry(agentDn(a), DNType.Extension));
    }
    return new TenantConfig(config.tenant(), directory, server);
  }
}
