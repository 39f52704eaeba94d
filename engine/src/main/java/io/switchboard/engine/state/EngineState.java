package io.switchboard.engine.state;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.AgentState;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.EngineSnapshot;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.PartyState;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import java.time.Instant;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * One tenant's state: its directory of DNs, its agents, its calls and their parties, its timers and
 * its counters. It is the one writer of that state: the fields of {@link Dn}, {@link Call}, {@link
 * Party} and {@link Agent} can be written by this package alone, and this class is its only way in.
 * Its writers change a party's state ({@link #changeState}, {@link #join}, {@link #move}) and an
 * agent's ({@link #changeAgentState}), each checking its transition; logins and availability;
 * calls, their consultations, queues and treatments; timers; DN features, monitoring and user data.
 * What it lets others read is read-only.
 */
public final class EngineState {
  private final TenantConfig config;
  private final String tenant;

  /** The agents that may log in; changed at run time. */
  private AgentList agentList;

  private final IdSource ids;
  final Map<String, Dn> dns = new LinkedHashMap<>();
  private final Map<String, Dn> dnsView = Collections.unmodifiableMap(dns);
  final Map<String, Agent> agents = new HashMap<>();
  private final Map<String, Agent> agentsView = Collections.unmodifiableMap(agents);
  final Map<Long, Call> calls = new LinkedHashMap<>();
  private final Map<Long, Call> callsView = Collections.unmodifiableMap(calls);
  final PriorityQueue<Timer> timers =
      new PriorityQueue<>(Comparator.comparing(Timer::due).thenComparingLong(Timer::sequence));
  long nextCallId = 1;
  long nextReferenceId = 1;
  long sequence;
  final Availability availability = new Availability();

  /** The ACD queues of the directory (a few, among possibly many thousands of DNs). */
  private final Set<Dn> acdQueues = new LinkedHashSet<>();

  private final Set<Dn> acdQueuesView = Collections.unmodifiableSet(acdQueues);

  /** The calls waiting in ACD queues, oldest first. */
  final TreeSet<Call> waitingCalls =
      new TreeSet<>(
          Comparator.comparingLong((Call c) -> c.waitingSince).thenComparingLong(c -> c.callId));

  private final SortedSet<Call> waitingCallsView = Collections.unmodifiableSortedSet(waitingCalls);

  public EngineState(TenantConfig config, IdSource ids) {
    this.config = config;
    this.tenant = config.tenant();
    this.agentList = config.agents();
    this.ids = ids;
    for (DirectoryEntry entry : config.directory()) {
      addDn(entry);
    }
    for (Dn dn : dns.values()) {
      for (String queue : dn.entry.list("overflow")) {
        requireQueueOption(dn, "overflow", queue);
      }
      dn.entry.text("queue").ifPresent(queue -> requireQueueOption(dn, "queue", queue));
    }
  }

  // ---------------------------------------------------------------- reading

  /** The configuration the engine was made with (its directory and agents as they were then). */
  public TenantConfig config() {
    return config;
  }

  public String tenant() {
    return tenant;
  }

  /** The agents that may log in, as they are now. */
  public AgentList agentList() {
    return agentList;
  }

  /** The directory, in directory order. */
  public Map<String, Dn> dns() {
    return dnsView;
  }

  /** The agents logged in, by AgentID. */
  public Map<String, Agent> agents() {
    return agentsView;
  }

  /** The calls in progress, by ConnID value, in creation order. */
  public Map<Long, Call> calls() {
    return callsView;
  }

  /** The ACD queues of the directory. */
  public Set<Dn> acdQueues() {
    return acdQueuesView;
  }

  /** The calls waiting in ACD queues, oldest first. */
  public SortedSet<Call> waitingCalls() {
    return waitingCallsView;
  }

  /**
   * Which agents and IVR ports can take an ACD call, as of the last {@link #refreshAvailability}.
   */
  public Availability availability() {
    return availability;
  }

  /** When the next timer falls due, if any is pending. */
  public Optional<Instant> nextTimer() {
    return timers.isEmpty() ? Optional.empty() : Optional.of(timers.peek().due());
  }

  /** Everything the state holds, as plain data; see {@link EngineSnapshot}. */
  public EngineSnapshot snapshot() {
    return Snapshots.snapshot(this);
  }

  /**
   * Checks the state's invariants and returns the violations found; see {@link
   * io.switchboard.engine.TenantEngine#invariantViolations}.
   */
  public List<String> invariantViolations() {
    return Invariants.violations(this);
  }

  // ---------------------------------------------------------------- the directory and counters

  /**
   * Takes the state of {@code snapshot}, into a state made from the snapshot's configuration.
   *
   * @throws IllegalArgumentException if the snapshot is not consistent
   */
  public void restore(EngineSnapshot snapshot) {
    Snapshots.load(this, snapshot);
  }

  /** Adds {@code entry} to the directory. */
  public void addDn(DirectoryEntry entry) {
    Dn dn = new Dn(entry);
    dns.put(dn.number, dn);
    availability.addPort(dn);
    if (dn.type == DNType.ACDQueue) {
      acdQueues.add(dn);
    }
  }

  /** Takes {@code dn}, which nothing uses any more, out of the directory. */
  public void removeDn(Dn dn) {
    dns.remove(dn.number);
    availability.removePort(dn);
    acdQueues.remove(dn);
  }

  public void setAgentList(AgentList list) {
    agentList = list;
  }

  /**
   * The next engine-assigned ReferenceID. Not a change of the step: a request that is rejected
   * takes one too, for its EventError.
   */
  public long takeReferenceId() {
    return nextReferenceId++;
  }

  /** Takes the next timer due at or before {@code now} off the pending timers; null if none. */
  public Timer takeDueTimer(Instant now) {
    if (timers.isEmpty() || timers.peek().due().isAfter(now)) {
      return null;
    }
    return timers.poll();
  }

  /** Brings {@link #availability} up to date with what changed since it last was. */
  public void refreshAvailability() {
    availability.refresh();
  }

  // ---------------------------------------------------------------- writers of a step

  private void requireQueueOption(Dn dn, String option, String queue) {
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
  public void schedule(
      Instant due, TimerKind kind, Call call, String dn, String subject, int episode) {
    timers.add(
        new Timer(
            due, sequence++, kind, call == null ? 0 : call.connId.value(), dn, subject, episode));
  }

  public void changeAgentState(Agent agent, AgentState to, AgentWorkMode mode) {
    agent.moveTo(to, tenant);
    agent.workMode = mode;
    availability.touch(agent.dn);
  }

  /** Moves a party from its call into {@code into}, keeping its state, role and queue. */
  public Party move(Party party, Call into) {
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

  public Call newCall(CallType type, String ani, String dnis, KVList userData, Call consultOf) {
    ConnId connId = new ConnId(ids.nextConnId(), tenant);
    String thread = consultOf == null ? connId.hex() : consultOf.threadId;
    Call call = new Call(connId, nextCallId++, thread, type, ani, dnis, userData);
    call.consultOf = consultOf;
    calls.put(connId.value(), call);
    return call;
  }

  public Party join(Call call, String number, Dn dn, DNRole role, PartyState state) {
    Party party = new Party(call, number, dn, role, state);
    call.parties.add(party);
    if (dn != null) {
      dn.parties.add(party);
      availability.touch(dn);
    }
    return party;
  }

  public void changeState(Party party, PartyState to) {
    if (party.state() == to && to == PartyState.Released) {
      return;
    }
    party.moveTo(to, tenant);
    if (to == PartyState.Released && party.internal != null) {
      party.internal.parties.remove(party);
      availability.touch(party.internal);
    }
  }

  public void setDnd(Dn dn, boolean on) {
    dn.dnd = on;
    availability.touch(dn);
  }

  /** Sets or (with {@link ForwardMode#None} and null) cancels the forwarding of {@code dn}. */
  public void setForwarding(Dn dn, ForwardMode mode, String to) {
    dn.forwardMode = mode;
    dn.forwardTo = to;
  }

  public void setOffHook(Dn dn, boolean offHook) {
    dn.offHook = offHook;
  }

  public void setInService(Dn dn, boolean inService) {
    dn.outOfService = !inService;
    availability.touch(dn);
  }

  public void setMessageWaiting(Dn dn, boolean on) {
    dn.messageWaiting = on;
  }

  public void setMuted(Party party, boolean muted) {
    party.muted = muted;
  }

  /** Starts or (with null) ends the monitoring of {@code dn}. */
  public void setMonitor(Dn dn, Monitor monitor) {
    dn.monitor = monitor;
  }

  public void setUserData(Call call, KVList userData) {
    call.userData = userData;
  }

  // ---------------------------------------------------------------- agents

  /** Logs agent {@code agentId} in on {@code dn} (once), into {@code queue} if given. */
  public Agent logIn(Dn dn, String agentId, Optional<String> queue) {
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

  public void logOutOfQueue(Agent agent, String queue) {
    agent.queues.remove(queue);
    availability.touch(agent.dn);
  }

  public void logOut(Agent agent) {
    changeAgentState(agent, AgentState.LoggedOut, AgentWorkMode.Unknown);
    availability.forget(agent);
    agent.queues.clear();
    agent.dn.agent = null;
    agents.remove(agent.id);
  }

  public void setReadyMode(Agent agent, AgentWorkMode mode) {
    agent.readyMode = mode;
  }

  /** The agent is available from now on, for longest-available distribution. */
  public void markAvailable(Agent agent) {
    agent.availableSince = sequence++;
    availability.touch(agent.dn);
  }

  /** A NotReady episode begins: a wrap-up timer of an earlier one no longer applies. */
  public void countNotReadyEpisode(Agent agent) {
    agent.wrapUps++;
  }

  // ---------------------------------------------------------------- calls and parties

  public void linkConsultation(Call original, Call consult, Call.Purpose purpose) {
    consult.purpose = purpose;
    original.consult = consult;
  }

  /** The call has ended: it leaves the calls in progress and its consultation links. */
  public void removeCall(Call call) {
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
  public void startRinging(Party party, String thisQueue) {
    party.thisQueue = thisQueue;
    party.ringing++;
  }

  public void setAnswerAwaited(Party party, boolean awaited) {
    party.answerAwaited = awaited;
  }

  public void setRole(Party party, DNRole role) {
    party.role = role;
  }

  public void setListenDisconnected(Party party, boolean disconnected) {
    party.listenDisconnected = disconnected;
  }

  // ---------------------------------------------------------------- queues and routing points

  /** Queues the call at ACD queue {@code queue}; false if it waits there already. */
  public boolean queue(Call call, Dn queue) {
    if (!call.waitingAt.add(queue.number)) {
      return false;
    }
    queue.waiting.add(call);
    if (call.waitingSince < 0) {
      call.waitingSince = sequence++;
    }
    waitingCalls.add(call);
    return true;
  }

  public void waitAtRoutingPoint(Call call, Dn rp) {
    call.waitingAt.add(rp.number);
    rp.waiting.add(call);
    if (call.waitingSince < 0) {
      call.waitingSince = sequence++;
    }
  }

  /** Whether {@code call} still waits in an ACD queue (not only at routing points). */
  private boolean waitsInAQueue(Call call) {
    for (String waiting : call.waitingAt) {
      Dn dn = dns.get(waiting);
      if (dn != null && dn.type == DNType.ACDQueue) {
        return true;
      }
    }
    return false;
  }

  /** The call no longer waits at {@code dn}, a queue or routing point. */
  public void leaveWaiting(Call call, String dn) {
    call.waitingAt.remove(dn);
    if (!waitsInAQueue(call)) {
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
  public void setTreatment(Call call, Treatment treatment) {
    call.treatment = treatment;
  }

  /** The ACD queue that delivered the call to an agent, or null. */
  public void setAcdQueue(Call call, String queue) {
    call.acdQueue = queue;
  }
}
