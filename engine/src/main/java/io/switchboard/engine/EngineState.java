package io.switchboard.engine;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.request.*;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * One tenant's state: its directory of DNs, its agents, its calls and their parties, its timers and
 * its counters. It is the one writer of the changes a step makes: a party's state ({@link
 * #changeState}, {@link #join}, {@link #move}) and an agent's ({@link #changeAgentState}), each
 * checking its transition; logins and availability; calls, their consultations, queues and
 * treatments; timers; DN features, monitoring and user data. Every writer counts its change ({@link
 * #changes}): once a step has changed something, it can no longer be rejected.
 */
final class EngineState {
  final TenantConfig config;
  final String tenant;

  /** The agents that may log in; changed at run time by {@link Administration}. */
  AgentList agentList;

  final IdSource ids;
  final Map<String, Dn> dns = new LinkedHashMap<>();
  final Map<String, Agent> agents = new HashMap<>();
  final Map<Long, Call> calls = new LinkedHashMap<>();
  final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::sequence));
  long nextCallId = 1;
  long nextReferenceId = 1;
  long sequence;
  final Availability availability = new Availability();

  /** The ACD queues of the directory (a few, among possibly many thousands of DNs). */
  final Set<Dn> acdQueues = new LinkedHashSet<>();

  /** The calls waiting in ACD queues, oldest first. */
  final java.util.TreeSet<Call> waitingCalls =
      new java.util.TreeSet<>(
          Comparator.comparingLong((Call c) -> c.waitingSince).thenComparingLong(c -> c.callId));

  /** How many changes the writers have made. */
  private long changes;

  EngineState(TenantConfig config, IdSource ids) {
    this.config = config;
    this.tenant = config.tenant();
    this.agentList = config.agents();
    this.ids = ids;
    for (DirectoryEntry entry : config.directory()) {
      addDn(new Dn(entry));
    }
    for (Dn dn : dns.values()) {
      for (String queue : dn.entry.list("overflow")) {
        requireQueueOption(dn, "overflow", queue);
      }
      dn.entry.text("queue").ifPresent(queue -> requireQueueOption(dn, "queue", queue));
    }
  }

  void addDn(Dn dn) {
    dns.put(dn.number, dn);
    availability.addPort(dn);
    if (dn.type == DNType.ACDQueue) {
      acdQueues.add(dn);
    }
  }

  /**
   * How many changes the writers have made so far: a step whose count moved has changed the state,
   * and {@link TenantEngine#handle} then turns a rejection into an error of the engine instead of
   * an EventError over a half-made change.
   */
  long changes() {
    return changes;
  }

  void requireQueueOption(Dn dn, String option, String queue) {
    Dn target = dns.get(queue);
    if (target == null || target.type != DNType.ACDQueue || target == dn) {
      throw new IllegalArgumentException(
          "DN "
              + dn.number
              + ": option "
              + option
              + " names "
              + queue
              + ", which is not another ACDQueue of tenant "
              + tenant);
    }
  }

  /** A timer of {@code kind} due at {@code due}; see {@link TimerKind} for its other fields. */
  void schedule(Instant due, TimerKind kind, Call call, String dn, String subject, int episode) {
    changes++;
    timers.add(
        new Timer(
            due, sequence++, kind, call == null ? 0 : call.connId.value(), dn, subject, episode));
  }

  void changeAgentState(Agent agent, AgentState to, AgentWorkMode mode) {
    changes++;
    agent.moveTo(to, tenant);
    agent.workMode = mode;
    availability.touch(agent.dn);
  }

  /** Moves a party from its call into {@code into}, keeping its state, role and queue. */
  Party move(Party party, Call into) {
    changes++;
    Party moved = new Party(into, party.dn, party.internal, party.role, party.state());
    moved.thisQueue = party.thisQueue;
    moved.ringing = party.ringing;
    moved.muted = party.muted;
    party.moveTo(PartyState.Released, tenant);
    if (party.internal != null) {
      int index = party.internal.parties.indexOf(party);
      party.internal.parties.set(index, moved);
    }
    into.parties.add(moved);
    if (party.call.acdQueue != null && into.acdQueue == null) {
      into.acdQueue = party.call.acdQueue;
    }
    return moved;
  }

  Call newCall(CallType type, String ani, String dnis, KVList userData, Call consultOf) {
    changes++;
    ConnId connId = new ConnId(ids.nextConnId(), tenant);
    String thread = consultOf == null ? connId.hex() : consultOf.threadId;
    Call call = new Call(connId, nextCallId++, thread, type, ani, dnis, userData);
    call.consultOf = consultOf;
    calls.put(connId.value(), call);
    return call;
  }

  Party join(Call call, String number, Dn dn, DNRole role, PartyState state) {
    changes++;
    Party party = new Party(call, number, dn, role, state);
    call.parties.add(party);
    if (dn != null) {
      dn.parties.add(party);
      availability.touch(dn);
    }
    return party;
  }

  void changeState(Party party, PartyState to) {
    changes++;
    if (party.state() == to && to == PartyState.Released) {
      return;
    }
    party.moveTo(to, tenant);
    if (to == PartyState.Released && party.internal != null) {
      party.internal.parties.remove(party);
      availability.touch(party.internal);
    }
  }

  void setDnd(Dn dn, boolean on) {
    changes++;
    dn.dnd = on;
    availability.touch(dn);
  }

  /** Sets or (with {@link ForwardMode#None} and null) cancels the forwarding of {@code dn}. */
  void setForwarding(Dn dn, ForwardMode mode, String to) {
    changes++;
    dn.forwardMode = mode;
    dn.forwardTo = to;
  }

  void setOffHook(Dn dn, boolean offHook) {
    changes++;
    dn.offHook = offHook;
  }

  void setInService(Dn dn, boolean inService) {
    changes++;
    dn.outOfService = !inService;
    availability.touch(dn);
  }

  void setMessageWaiting(Dn dn, boolean on) {
    changes++;
    dn.messageWaiting = on;
  }

  void setMuted(Party party, boolean muted) {
    changes++;
    party.muted = muted;
  }

  /** Starts or (with null) ends the monitoring of {@code dn}. */
  void setMonitor(Dn dn, Monitor monitor) {
    changes++;
    dn.monitor = monitor;
  }

  void setUserData(Call call, KVList userData) {
    changes++;
    call.userData = userData;
  }

  // ---------------------------------------------------------------- agents

  /** Logs agent {@code agentId} in on {@code dn} (once), into {@code queue} if given. */
  Agent logIn(Dn dn, String agentId, Optional<String> queue) {
    changes++;
    Agent agent = dn.agent;
    if (agent == null) {
      agent = new Agent(agentId, dn);
      dn.agent = agent;
      agents.put(agent.id, agent);
    }
    queue.ifPresent(agent.queues::add);
    availability.touch(dn);
    return agent;
  }

  void logOutOfQueue(Agent agent, String queue) {
    changes++;
    agent.queues.remove(queue);
    availability.touch(agent.dn);
  }

  void logOut(Agent agent) {
    changeAgentState(agent, AgentState.LoggedOut, AgentWorkMode.Unknown);
    availability.forget(agent);
    agent.queues.clear();
    agent.dn.agent = null;
    agents.remove(agent.id);
  }

  void setReadyMode(Agent agent, AgentWorkMode mode) {
    changes++;
    agent.readyMode = mode;
  }

  /** The agent is available from now on, for longest-available distribution. */
  void markAvailable(Agent agent) {
    changes++;
    agent.availableSince = sequence++;
  }

  /** A NotReady episode begins: a wrap-up timer of an earlier one no longer applies. */
  void countNotReadyEpisode(Agent agent) {
    changes++;
    agent.wrapUps++;
  }

  // ---------------------------------------------------------------- calls and parties

  void linkConsultation(Call original, Call consult, Call.Purpose purpose) {
    changes++;
    consult.purpose = purpose;
    original.consult = consult;
  }

  /** The call has ended: it leaves the calls in progress and its consultation links. */
  void removeCall(Call call) {
    changes++;
    if (call.consultOf != null && call.consultOf.consult == call) {
      call.consultOf.consult = null;
    }
    if (call.consult != null && call.consult.consultOf == call) {
      call.consult.purpose = null;
    }
    call.treatment = null;
    calls.remove(call.connId.value());
  }

  /** A new ringing episode of {@code party}, delivered by {@code thisQueue} (or null). */
  void startRinging(Party party, String thisQueue) {
    changes++;
    party.thisQueue = thisQueue;
    party.ringing++;
  }

  void setAnswerAwaited(Party party, boolean awaited) {
    changes++;
    party.answerAwaited = awaited;
  }

  void setRole(Party party, DNRole role) {
    changes++;
    party.role = role;
  }

  void setListenDisconnected(Party party, boolean disconnected) {
    changes++;
    party.listenDisconnected = disconnected;
  }

  // ---------------------------------------------------------------- queues and routing points

  /** Queues the call at ACD queue {@code queue}; false if it waits there already. */
  boolean queue(Call call, Dn queue) {
    if (!call.waitingAt.add(queue.number)) {
      return false;
    }
    changes++;
    queue.waiting.add(call);
    if (call.waitingSince < 0) {
      call.waitingSince = sequence++;
    }
    waitingCalls.add(call);
    return true;
  }

  void waitAtRoutingPoint(Call call, Dn rp) {
    changes++;
    call.waitingAt.add(rp.number);
    rp.waiting.add(call);
    if (call.waitingSince < 0) {
      call.waitingSince = sequence++;
    }
  }

  /** The call no longer waits at {@code dn}, a queue or routing point. */
  void leaveWaiting(Call call, String dn) {
    changes++;
    call.waitingAt.remove(dn);
    if (call.waitingAt.stream()
        .noneMatch(q -> dns.containsKey(q) && dns.get(q).type == DNType.ACDQueue)) {
      waitingCalls.remove(call);
    }
    Dn waiting = dns.get(dn);
    if (waiting != null) {
      waiting.waiting.remove(call);
    }
    if (call.treatment != null && call.treatment.dn().equals(dn)) {
      call.treatment = null;
    }
  }

  /** The treatment applied to the call now, or null. */
  void setTreatment(Call call, Treatment treatment) {
    changes++;
    call.treatment = treatment;
  }

  /** The ACD queue that delivered the call to an agent, or null. */
  void setAcdQueue(Call call, String queue) {
    changes++;
    call.acdQueue = queue;
  }
}
