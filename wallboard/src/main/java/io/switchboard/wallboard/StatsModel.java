package io.switchboard.wallboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The statistics' rules: how each published event changes a tenant's agents, queues and calls. Pure
 * logic over a {@link StatsState}; {@code docs/wallboard.md} defines every figure.
 */
final class StatsModel {

  private final long intervalMicros;
  private final ZoneId zone;
  private final long thresholdMicros;

  /**
   * @param interval the length of the aligned intervals (15 minutes by default)
   * @param zone the time zone whose midnight starts the day's figures
   * @param serviceLevelThreshold the service-level threshold
   */
  StatsModel(Duration interval, ZoneId zone, Duration serviceLevelThreshold) {
    if (interval.isNegative()
        || interval.isZero()
        || Duration.ofDays(1).toNanos() % interval.toNanos() != 0) {
      throw new IllegalArgumentException(
          "the statistics interval must divide a day (e.g. 15m, 30m, 1h), not " + interval);
    }
    this.intervalMicros = interval.toNanos() / 1000;
    this.zone = Objects.requireNonNull(zone, "zone");
    this.thresholdMicros = serviceLevelThreshold.toNanos() / 1000;
  }

  long thresholdMicros() {
    return thresholdMicros;
  }

  /** Applies an event of {@code voice-agentstate}. */
  void agentEvent(String tenant, VoiceEvent e, StatsState state) {
    String agentId = e.agentId();
    switch (e.id()) {
      case "EventAgentLogin", "EventAgentReady", "EventAgentNotReady", "EventAgentLogout" -> {}
      default -> {
        return; // DN events: forwarding, DND, off-hook... do not change the statistics
      }
    }
    if (agentId == null && e.thisDn() != null) {
      agentId = state.agentOn(tenant, e.thisDn());
    }
    if (agentId == null) {
      return;
    }
    AgentStats agent = state.agent(tenant, agentId);
    if (agent == null) {
      agent = new AgentStats(tenant, agentId);
    }
    String before = agent.state;
    String mode = agent.workMode;
    var reasons = agent.reasons;
    String readinessBefore = agent.readiness;
    switch (e.id()) {
      case "EventAgentLogin" -> {
        if (AgentState.LOGGED_OUT.equals(agent.readiness)) {
          agent.readiness = AgentState.NOT_READY;
          agent.reasons = null;
        }
        if (agent.dn != null && !agent.dn.equals(e.thisDn())) {
          state.agentOn(tenant, agent.dn, null);
        }
        agent.dn = e.thisDn();
        agent.workMode = e.workMode();
        if (e.thisDn() != null) {
          state.agentOn(tenant, e.thisDn(), agentId);
        }
      }
      case "EventAgentReady" -> {
        agent.readiness = AgentState.READY;
        agent.workMode = e.workMode();
        agent.reasons = null;
      }
      case "EventAgentNotReady" -> {
        agent.readiness =
            "AfterCallWork".equals(e.workMode())
                ? AgentState.AFTER_CALL_WORK
                : AgentState.NOT_READY;
        agent.workMode = e.workMode();
        agent.reasons = e.reasons();
      }
      case "EventAgentLogout" -> {
        agent.readiness = AgentState.LOGGED_OUT;
        agent.workMode = null;
        agent.reasons = null;
        if (agent.dn != null) {
          state.agentOn(tenant, agent.dn, null);
        }
      }
      default -> throw new IllegalStateException(e.id());
    }
    afterCallWork(tenant, agent, readinessBefore, e.timeMicros(), state);
    agent.settle(e.timeMicros(), before, mode, reasons);
    state.put(agent);
  }

  /** Starts or ends the agent's after-call work, which counts for the queue of its last call. */
  private void afterCallWork(
      String tenant, AgentStats agent, String before, long micros, StatsState state) {
    boolean was = AgentState.AFTER_CALL_WORK.equals(before);
    boolean is = AgentState.AFTER_CALL_WORK.equals(agent.readiness);
    if (!was && is) {
      agent.acwQueue = agent.lastQueue;
      agent.acwSinceMicros = micros;
    } else if (was && !is) {
      if (agent.acwQueue != null) {
        QueueStats queue = queue(tenant, agent.acwQueue, micros, state);
        long spent = Math.max(0, micros - agent.acwSinceMicros);
        queue.interval.afterCallWork++;
        queue.interval.afterCallWorkMicros += spent;
        queue.today.afterCallWork++;
        queue.today.afterCallWorkMicros += spent;
        state.put(queue);
      }
      agent.acwQueue = null;
    }
  }

  /** Applies an event of {@code voice-callthread}. */
  void callEvent(String tenant, String thread, VoiceEvent e, StatsState state) {
    CallStats call = state.call(tenant, thread);
    if (call == null) {
      call = new CallStats(tenant, thread, e.timeMicros());
    }
    long t = e.timeMicros();
    call.lastMicros = Math.max(call.lastMicros, t);
    call.eventCount++;
    if (e.connId() != null && !call.connIds.contains(e.connId())) {
      call.connIds.add(e.connId());
    }
    if (e.userData() != null) {
      call.userData = e.userData();
    }
    if (call.ani == null && e.ani() != null) {
      call.ani = e.ani();
    }
    if (call.dnis == null && e.dnis() != null) {
      call.dnis = e.dnis();
    }
    if (call.callType == null && e.callType() != null) {
      call.callType = e.callType();
    }
    CallStats.Step step = new CallStats.Step(e);
    if (call.steps.size() < CallStats.MAX_STEPS) {
      call.steps.add(step);
    }
    String dn = e.thisDn();
    boolean ends = false;
    if (dn != null) {
      switch (e.id()) {
        case "EventQueued" -> {
          party(call, dn, "Queued", t, e);
          entered(tenant, call, dn, t, state);
        }
        case "EventRouteRequest" -> {
          QueueStats queue = queue(tenant, dn, t, state);
          if (!QueueStats.ROUTING_POINT.equals(queue.kind)) {
            queue.kind = QueueStats.ROUTING_POINT;
            state.put(queue);
          }
        }
        case "EventDiverted" -> {
          left(tenant, call, dn, t, false, state);
          QueueStats queue = state.queue(tenant, dn);
          if (queue != null) {
            queue.interval.distributed++;
            queue.today.distributed++;
            state.put(queue);
          }
          call.parties.remove(dn);
        }
        case "EventRinging" -> agentCall(tenant, call, dn, "Ringing", t, e, state);
        case "EventDialing" -> agentCall(tenant, call, dn, "Dialing", t, e, state);
        case "EventEstablished", "EventRetrieved" -> {
          if (e.id().equals("EventEstablished")) {
            answered(tenant, call, dn, t, e, state);
          }
          agentCall(tenant, call, dn, "Talking", t, e, state);
        }
        case "EventHeld" -> agentCall(tenant, call, dn, "OnHold", t, e, state);
        case "EventAbandoned" -> {
          CallStats.Party party = call.parties.get(dn);
          if (call.entered.containsKey(dn)) {
            left(tenant, call, dn, t, true, state);
          } else {
            String queue = party != null && party.queue != null ? party.queue : e.thisQueue();
            if (queue != null && !queue.equals(dn) && call.entered.containsKey(queue)) {
              abandoned(tenant, call, queue, t, true, state);
            }
          }
          released(tenant, call, dn, t, e, state);
          ends = true;
        }
        case "EventReleased" -> {
          if (call.entered.containsKey(dn)) {
            left(tenant, call, dn, t, false, state);
          }
          released(tenant, call, dn, t, e, state);
          ends = true;
        }
        default -> {}
      }
    }
    state.stepAdded(call, step);
    if (ends && call.parties.isEmpty()) {
      state.callEnded(call);
    } else {
      state.put(call);
    }
  }

  private void party(CallStats call, String dn, String partyState, long t, VoiceEvent e) {
    CallStats.Party party = call.parties.computeIfAbsent(dn, k -> new CallStats.Party());
    if (!partyState.equals(party.state)) {
      party.state = partyState;
      party.sinceMicros = t;
    }
    if (e.thisQueue() != null && !e.thisQueue().equals(dn)) {
      party.queue = e.thisQueue();
    }
    if (e.agentId() != null) {
      party.agentId = e.agentId();
    }
  }

  /** The call entered a queue (or routing point): offered there, once per call. */
  private void entered(String tenant, CallStats call, String dn, long t, StatsState state) {
    QueueStats queue = queue(tenant, dn, t, state);
    if (!call.entered.containsKey(dn)) {
      call.entered.put(dn, t);
      queue.interval.offered++;
      queue.today.offered++;
    }
    queue.waiting.put(call.thread, t);
    state.put(queue);
  }

  /** The call left a queue: distributed, or abandoned there ({@code abandoned}). */
  private void left(
      String tenant, CallStats call, String dn, long t, boolean abandoned, StatsState state) {
    QueueStats queue = state.queue(tenant, dn);
    if (queue == null) {
      return;
    }
    roll(queue, t, state);
    queue.waiting.remove(call.thread);
    state.put(queue);
    if (abandoned) {
      abandoned(tenant, call, dn, t, false, state);
    }
  }

  private void abandoned(
      String tenant, CallStats call, String dn, long t, boolean ringing, StatsState state) {
    if (call.answered.contains(dn) || call.abandoned.contains(dn)) {
      return;
    }
    call.abandoned.add(dn);
    QueueStats queue = queue(tenant, dn, t, state);
    queue.interval.abandoned++;
    queue.today.abandoned++;
    if (ringing) {
      queue.interval.abandonedWhileRinging++;
      queue.today.abandonedWhileRinging++;
    }
    state.put(queue);
  }

  /** A DN answered: the call's queue counts it answered, once, with its wait. */
  private void answered(
      String tenant, CallStats call, String dn, long t, VoiceEvent e, StatsState state) {
    String queueDn = e.thisQueue();
    CallStats.Party party = call.parties.get(dn);
    if ((queueDn == null || queueDn.equals(dn)) && party != null) {
      queueDn = party.queue;
    }
    if (queueDn == null || queueDn.equals(dn) || !call.entered.containsKey(queueDn)) {
      return;
    }
    if (call.answered.contains(queueDn) || call.abandoned.contains(queueDn)) {
      return;
    }
    call.answered.add(queueDn);
    QueueStats queue = queue(tenant, queueDn, t, state);
    long wait = Math.max(0, t - call.entered.get(queueDn));
    for (Figures f : new Figures[] {queue.interval, queue.today}) {
      f.answered++;
      f.waitMicros += wait;
      if (wait <= thresholdMicros) {
        f.answeredWithinThreshold++;
      }
    }
    state.put(queue);
  }

  /** A call event at a DN that may be an agent's: the agent's calls and state follow. */
  private void agentCall(
      String tenant,
      CallStats call,
      String dn,
      String partyState,
      long t,
      VoiceEvent e,
      StatsState state) {
    party(call, dn, partyState, t, e);
    CallStats.Party party = call.parties.get(dn);
    if (partyState.equals("Talking") && party.connectedMicros < 0) {
      party.connectedMicros = t;
    }
    String agentId = e.agentId() != null ? e.agentId() : state.agentOn(tenant, dn);
    if (agentId == null) {
      return;
    }
    AgentStats agent = state.agent(tenant, agentId);
    if (agent == null) {
      // its login is on another partition and has not been read yet: it will set the readiness
      agent = new AgentStats(tenant, agentId);
      agent.dn = dn;
    }
    String before = agent.state;
    String key = e.connId() != null ? e.connId() : call.thread;
    String previous = agent.calls.put(key, partyState);
    if (e.id().equals("EventEstablished")
        && !"Talking".equals(previous)
        && "Destination".equals(e.thisDnRole())) {
      agent.handled++;
    }
    if (party.queue != null) {
      agent.lastQueue = party.queue;
    }
    agent.settle(t, before, agent.workMode, agent.reasons);
    state.put(agent);
  }

  /** A DN left the call: its connected time counts as handle time of the queue it came from. */
  private void released(
      String tenant, CallStats call, String dn, long t, VoiceEvent e, StatsState state) {
    CallStats.Party party = call.parties.remove(dn);
    if (party != null && party.connectedMicros >= 0 && party.queue != null) {
      QueueStats queue = queue(tenant, party.queue, t, state);
      long held = Math.max(0, t - party.connectedMicros);
      queue.interval.handled++;
      queue.interval.handleMicros += held;
      queue.today.handled++;
      queue.today.handleMicros += held;
      state.put(queue);
    }
    String agentId = e.agentId() != null ? e.agentId() : state.agentOn(tenant, dn);
    if (agentId == null) {
      return;
    }
    AgentStats agent = state.agent(tenant, agentId);
    if (agent == null) {
      return;
    }
    String before = agent.state;
    agent.calls.remove(e.connId() != null ? e.connId() : call.thread);
    agent.settle(t, before, agent.workMode, agent.reasons);
    state.put(agent);
  }

  /** The queue's state, created when first seen, with its periods rolled to {@code t}. */
  private QueueStats queue(String tenant, String dn, long t, StatsState state) {
    QueueStats queue = state.queue(tenant, dn);
    if (queue == null) {
      queue = new QueueStats(tenant, dn);
      queue.interval = interval(t);
      queue.today = day(t);
    }
    roll(queue, t, state);
    return queue;
  }

  /** Starts a new interval (and day) when {@code t} is past the current one's end. */
  void roll(QueueStats queue, long t, StatsState state) {
    queue.lastMicros = Math.max(queue.lastMicros, t);
    long start = intervalStart(t);
    if (start > queue.interval.startMicros) {
      state.intervalClosed(queue, queue.interval);
      queue.interval = interval(t);
    }
    long day = dayStart(t);
    if (day > queue.today.startMicros) {
      queue.today = day(t);
    }
  }

  private Figures interval(long t) {
    long start = intervalStart(t);
    return new Figures(start, start + intervalMicros);
  }

  private Figures day(long t) {
    long start = dayStart(t);
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(start, 1_000_000L));
    long end =
        LocalDate.ofInstant(instant, zone).plusDays(1).atStartOfDay(zone).toEpochSecond()
            * 1_000_000L;
    return new Figures(start, end);
  }

  /** The start of the aligned interval that holds {@code micros}. */
  long intervalStart(long micros) {
    long day = dayStart(micros);
    return day + Math.floorDiv(micros - day, intervalMicros) * intervalMicros;
  }

  /** Midnight, in the configured zone, of the day that holds {@code micros}. */
  long dayStart(long micros) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L));
    LocalDate date = LocalDate.ofInstant(instant, zone);
    return date.atStartOfDay(zone).toEpochSecond() * 1_000_000L;
  }
}
