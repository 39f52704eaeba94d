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

  /** The index of the agent whose DN is {@code dn}, or -1 when it is none of the {@code agents}. */
  static int agentIndex(String dn, int agents) {
    if (dn.length() != 7 || dn.charAt(0) != '1') {
      return -1;
    }
    int index = parse(dn) - 1_000_000;
    return index >= 0 && index < agents ? index : -1;
  }

  /** The index of the supervisor whose DN is {@code dn}, or -1 when it is none of them. */
  static int supervisorIndex(String dn, int supervisors) {
    if (dn.length() != 4 || dn.charAt(0) != '4') {
      return -1;
    }
    int index = parse(dn) - 4001;
    return index >= 0 && index < supervisors ? index : -1;
  }

  /** The index of the queue whose DN is {@code dn}, or -1 when it is none of them. */
  static int queueIndex(String dn, int queues) {
    if (dn.length() != 4 || dn.charAt(0) != '7') {
      return -1;
    }
    int index = parse(dn) - 7001;
    return index >= 0 && index < queues ? index : -1;
  }

  private static int parse(String digits) {
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1_000_000_000;
      }
      value = value * 10 + (c - '0');
    }
    return value;
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
