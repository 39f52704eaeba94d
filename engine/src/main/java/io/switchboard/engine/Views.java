package io.switchboard.engine;

import io.switchboard.model.request.*;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Read-only views of the engine: {@link TenantView}, its state digest and its invariants. */
final class Views extends Feature {
  Views(EngineState state) {
    super(state);
  }

  /** A read-only copy of what the engine holds now. */
  public TenantView view() {
    List<TenantView.DnView> dnViews = new ArrayList<>();
    List<TenantView.AgentView> agentViews = new ArrayList<>();
    for (Dn dn : dns.values()) {
      dnViews.add(
          new TenantView.DnView(
              dn.number,
              dn.type,
              dn.dnd,
              dn.forwardMode,
              Optional.ofNullable(dn.forwardTo),
              dn.agent().map(a -> a.id),
              dn.parties.stream().map(p -> p.call.connId).toList()));
      dn.agent()
          .ifPresent(
              a ->
                  agentViews.add(
                      new TenantView.AgentView(
                          a.id, dn.number, a.state(), a.workMode, List.copyOf(a.queues))));
    }
    List<TenantView.CallView> callViews = new ArrayList<>();
    for (Call call : calls.values()) {
      callViews.add(
          new TenantView.CallView(
              call.connId,
              call.threadId,
              call.type,
              call.userData,
              call.present().stream()
                  .map(
                      p ->
                          new TenantView.PartyView(
                              p.dn, p.isInternal(), p.role, p.state(), p.thisQueue()))
                  .toList()));
    }
    return new TenantView(tenant, dnViews, agentViews, callViews);
  }

  /**
   * A deterministic rendering of everything the engine holds (DNs, agents, calls, parties, user
   * data, queues, timers): two equal digests mean equal states. Used by tests to show that a
   * rejected request changed nothing.
   */
  public String stateDigest() {
    StringBuilder digest = new StringBuilder();
    for (Dn dn : dns.values()) {
      digest
          .append("dn ")
          .append(dn.number)
          .append(' ')
          .append(dn.type)
          .append(" dnd=")
          .append(dn.dnd)
          .append(" oos=")
          .append(dn.outOfService)
          .append(" hook=")
          .append(dn.offHook)
          .append(" mwi=")
          .append(dn.messageWaiting)
          .append(" fwd=")
          .append(dn.forwardMode)
          .append(':')
          .append(dn.forwardTo)
          .append(" legs=")
          .append(dn.parties)
          .append(" waiting=")
          .append(dn.waiting.stream().map(c -> c.connId).toList())
          .append(" monitor=")
          .append(dn.monitor);
      dn.agent()
          .ifPresent(
              a ->
                  digest
                      .append(" agent=")
                      .append(a.id)
                      .append(' ')
                      .append(a.state())
                      .append(' ')
                      .append(a.workMode)
                      .append(' ')
                      .append(a.queues));
      digest.append('\n');
    }
    for (Call call : calls.values()) {
      digest
          .append("call ")
          .append(call.connId)
          .append(' ')
          .append(call.type)
          .append(' ')
          .append(call.userData)
          .append(' ')
          .append(call.parties)
          .append(" at ")
          .append(call.waitingAt)
          .append(" treatment ")
          .append(call.treatment)
          .append(" consult ")
          .append(call.consult == null ? "-" : call.consult.connId)
          .append('\n');
    }
    digest.append("timers ").append(timers.size()).append('\n');
    return digest.toString();
  }

  /**
   * Checks the engine's invariants and returns the violations found: every DN has at most one
   * active leg (dialing or talking, not held); every leg a DN lists is in a call in progress; every
   * call in progress has a party or waits somewhere; queues and calls agree on who waits where;
   * agents and DNs agree on who is logged in where.
   */
  public List<String> invariantViolations() {
    List<String> violations = new ArrayList<>();
    for (Dn dn : dns.values()) {
      long active = dn.parties.stream().filter(p -> p.state().isActive()).count();
      if (active > 1) {
        violations.add("DN " + dn.number + " has " + active + " active legs: " + dn.parties);
      }
      for (Party p : dn.parties) {
        if (!calls.containsKey(p.call.connId.value()) || p.state() == PartyState.Released) {
          violations.add("DN " + dn.number + " lists a leg of an ended call " + p.call.connId);
        }
      }
      for (Call waiting : dn.waiting) {
        if (!waiting.waitingAt.contains(dn.number) || !calls.containsKey(waiting.connId.value())) {
          violations.add(
              "DN " + dn.number + " lists call " + waiting.connId + " as waiting, wrongly");
        }
      }
    }
    for (Call call : calls.values()) {
      if (call.present().isEmpty() && call.waitingAt.isEmpty()) {
        violations.add("call " + call.connId + " is in progress with no party");
      }
      for (String waiting : call.waitingAt) {
        if (!dns.containsKey(waiting) || !dns.get(waiting).waiting.contains(call)) {
          violations.add(
              "call " + call.connId + " waits at " + waiting + ", which does not list it");
        }
      }
    }
    Set<String> agentDns = new HashSet<>();
    for (Agent agent : agents.values()) {
      if (agent.dn.agent != agent || !agentDns.add(agent.dn.number)) {
        violations.add(
            "agent " + agent.id + " is not consistently logged in on DN " + agent.dn.number);
      }
      if (!state.agentList.accepts(agent.id)) {
        violations.add("agent " + agent.id + " is logged in but not in the tenant's agents");
      }
    }
    return violations;
  }
}
