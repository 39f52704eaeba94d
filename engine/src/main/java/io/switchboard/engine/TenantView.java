package io.switchboard.engine;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import java.util.List;
import java.util.Optional;

/**
 * A read-only copy of what one tenant's engine holds at one moment: its DNs, its agents, and its
 * calls in progress with their parties and user data. Taken under the tenant's lock, so it is
 * consistent; it does not change afterwards.
 *
 * @param tenant the tenant id
 * @param dns every DN of the directory, in directory order
 * @param agents the agents logged in
 * @param calls the calls in progress, oldest first
 */
public record TenantView(
    String tenant, List<DnView> dns, List<AgentView> agents, List<CallView> calls) {

  public TenantView {
    dns = List.copyOf(dns);
    agents = List.copyOf(agents);
    calls = List.copyOf(calls);
  }

  /**
   * A DN.
   *
   * @param dn the directory number
   * @param type what it is
   * @param dnd whether do-not-disturb is on
   * @param forwardMode its call forwarding ({@code None} when not set)
   * @param forwardTo where calls are forwarded
   * @param agentId the agent logged in on it
   * @param calls the calls it is a party of
   */
  public record DnView(
      String dn,
      DNType type,
      boolean dnd,
      ForwardMode forwardMode,
      Optional<String> forwardTo,
      Optional<String> agentId,
      List<ConnId> calls) {
    public DnView {
      calls = List.copyOf(calls);
    }
  }

  /**
   * An agent logged in.
   *
   * @param agentId the agent
   * @param dn the DN it is logged in on
   * @param state Ready or NotReady
   * @param workMode the sub-state
   * @param queues the ACD queues it is logged in to
   */
  public record AgentView(
      String agentId, String dn, AgentState state, AgentWorkMode workMode, List<String> queues) {
    public AgentView {
      queues = List.copyOf(queues);
    }
  }

  /**
   * A call in progress.
   *
   * @param connId its ConnID
   * @param callThreadId its call thread
   * @param callType its CallType
   * @param userData its user data
   * @param parties the parties that have not left, in joining order
   */
  public record CallView(
      ConnId connId,
      String callThreadId,
      CallType callType,
      KVList userData,
      List<PartyView> parties) {
    public CallView {
      parties = List.copyOf(parties);
    }
  }

  /**
   * A party of a call.
   *
   * @param dn its DN, or the external number
   * @param internal whether the DN is in the directory
   * @param role its role in the call
   * @param state its state
   * @param thisQueue the queue or routing point that delivered the call to it
   */
  public record PartyView(
      String dn, boolean internal, DNRole role, PartyState state, Optional<String> thisQueue) {}
}
