package io.switchboard.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the engine shows of its state, all read from one {@link EngineSnapshot}: the snapshot is the
 * one walk over the state, and {@link TenantView} and the state digest are made from it.
 */
final class Views {
  private Views() {}

  /** The read-only view of {@code snapshot}: DNs, agents, and calls with their present parties. */
  static TenantView view(EngineSnapshot snapshot) {
    List<TenantView.AgentView> agentViews = new ArrayList<>(snapshot.agents().size());
    for (EngineSnapshot.AgentRecord a : snapshot.agents()) {
      agentViews.add(
          new TenantView.AgentView(a.agentId(), a.dn(), a.state(), a.workMode(), a.queues()));
    }
    List<TenantView.DnView> dnViews = new ArrayList<>(snapshot.dns().size());
    // the agents are in the order of their DNs, as the snapshot lists them
    int agent = 0;
    for (int i = 0; i < snapshot.dns().size(); i++) {
      EngineSnapshot.DnRecord dn = snapshot.dns().get(i);
      Optional<String> agentId = Optional.empty();
      if (agent < snapshot.agents().size() && snapshot.agents().get(agent).dn().equals(dn.dn())) {
        agentId = Optional.of(snapshot.agents().get(agent++).agentId());
      }
      dnViews.add(
          new TenantView.DnView(
              dn.dn(),
              snapshot.directory().get(i).type(),
              dn.dnd(),
              dn.forwardMode(),
              dn.forwardTo(),
              agentId,
              dn.legs()));
    }
    List<TenantView.CallView> callViews = new ArrayList<>(snapshot.calls().size());
    for (EngineSnapshot.CallRecord call : snapshot.calls()) {
      callViews.add(
          new TenantView.CallView(
              call.connId(),
              call.threadId(),
              call.callType(),
              call.userData(),
              call.parties().stream()
                  .filter(p -> p.state() != PartyState.Released)
                  .map(
                      p ->
                          new TenantView.PartyView(
                              p.dn(), p.internal(), p.role(), p.state(), p.thisQueue()))
                  .toList()));
    }
    return new TenantView(snapshot.tenant(), dnViews, agentViews, callViews);
  }

  /**
   * A deterministic rendering of {@code snapshot}, one line per DN, agent, call and timer: two
   * equal digests mean equal states. The engine-assigned ReferenceID counter is left out: a request
   * rejected without a ReferenceID of its own takes the next one (its EventError carries it), and
   * changes nothing else.
   */
  static String digest(EngineSnapshot snapshot) {
    StringBuilder digest = new StringBuilder();
    digest
        .append("tenant ")
        .append(snapshot.tenant())
        .append(" server=")
        .append(snapshot.server())
        .append(" userDataLimit=")
        .append(snapshot.userDataLimit())
        .append(" nextCallId=")
        .append(snapshot.nextCallId())
        .append(" sequence=")
        .append(snapshot.sequence())
        .append('\n');
    for (int i = 0; i < snapshot.dns().size(); i++) {
      digest
          .append(snapshot.directory().get(i))
          .append(' ')
          .append(snapshot.dns().get(i))
          .append('\n');
    }
    for (EngineSnapshot.AgentRecord agent : snapshot.agents()) {
      digest.append(agent).append('\n');
    }
    for (EngineSnapshot.CallRecord call : snapshot.calls()) {
      digest.append(call).append('\n');
    }
    for (EngineSnapshot.TimerRecord timer : snapshot.timers()) {
      digest.append(timer).append('\n');
    }
    return digest.toString();
  }
}
