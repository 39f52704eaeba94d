package io.switchboard.engine.state;

import io.switchboard.engine.PartyState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The engine's invariants, checked on the live state (the links between DNs, calls, parties and
 * agents, which a snapshot does not hold as such).
 */
final class Invariants {
  private Invariants() {}

  /**
   * Checks the engine's invariants and returns the violations found: every DN has at most one
   * active leg (dialing or talking, not held); every leg a DN lists is in a call in progress; every
   * call in progress has a party or waits somewhere; queues and calls agree on who waits where;
   * agents and DNs agree on who is logged in where.
   */
  static List<String> violations(EngineState state) {
    Map<String, Dn> dns = state.dns;
    Map<Long, Call> calls = state.calls;
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
    for (Agent agent : state.agents.values()) {
      if (agent.dn.agent != agent || !agentDns.add(agent.dn.number)) {
        violations.add(
            "agent " + agent.id + " is not consistently logged in on DN " + agent.dn.number);
      }
      if (!state.agentList().accepts(agent.id)) {
        violations.add("agent " + agent.id + " is logged in but not in the tenant's agents");
      }
    }
    return violations;
  }
}
