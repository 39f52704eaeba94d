package io.switchboard.engine.state;

import io.switchboard.engine.EngineSnapshot;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.KVList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/** The engine's state to and from plain data ({@link EngineSnapshot}). */
final class Snapshots {
  private Snapshots() {}

  /** Everything the engine holds, as plain data; see {@link EngineSnapshot}. */
  static EngineSnapshot snapshot(EngineState state) {
    TenantConfig config = state.config();
    Map<String, Dn> dns = state.dns;
    Map<Long, Call> calls = state.calls;
    PriorityQueue<Timer> timers = state.timers;
    List<EngineSnapshot.DnRecord> dnRecords = new ArrayList<>(dns.size());
    List<EngineSnapshot.AgentRecord> agentRecords = new ArrayList<>(state.agents.size());
    for (Dn dn : dns.values()) {
      dnRecords.add(
          new EngineSnapshot.DnRecord(
              dn.number,
              dn.dnd,
              dn.outOfService,
              dn.offHook,
              dn.messageWaiting,
              dn.forwardMode,
              Optional.ofNullable(dn.forwardTo),
              Optional.ofNullable(dn.monitor)
                  .map(
                      m ->
                          new EngineSnapshot.MonitorRecord(
                              m.supervisor(), m.type(), m.extensions())),
              legs(dn.parties),
              waiting(dn.waiting)));
      if (dn.agent != null) {
        Agent a = dn.agent;
        agentRecords.add(
            new EngineSnapshot.AgentRecord(
                a.id,
                dn.number,
                List.copyOf(a.queues),
                a.state(),
                a.workMode,
                a.readyMode,
                a.availableSince,
                a.wrapUps));
      }
    }
    List<EngineSnapshot.CallRecord> callRecords = new ArrayList<>(calls.size());
    for (Call call : calls.values()) {
      callRecords.add(
          new EngineSnapshot.CallRecord(
              call.connId,
              call.callId,
              call.threadId,
              call.type,
              Optional.ofNullable(call.ani),
              Optional.ofNullable(call.dnis),
              call.userData,
              List.copyOf(call.waitingAt),
              call.waitingSince,
              Optional.ofNullable(call.consultOf).map(c -> c.connId),
              Optional.ofNullable(call.consultOf).map(c -> c.threadId),
              Optional.ofNullable(call.consult).map(c -> c.connId),
              Optional.ofNullable(call.purpose).map(Enum::name),
              Optional.ofNullable(call.acdQueue),
              Optional.ofNullable(call.treatment)
                  .map(t -> new EngineSnapshot.TreatmentRecord(t.dn(), t.type(), t.parms())),
              call.parties.stream()
                  .map(
                      p ->
                          new EngineSnapshot.PartyRecord(
                              p.dn,
                              p.isInternal(),
                              p.role,
                              p.state(),
                              Optional.ofNullable(p.thisQueue),
                              p.answerAwaited,
                              p.muted,
                              p.listenDisconnected,
                              p.ringing))
                  .toList()));
    }
    List<EngineSnapshot.TimerRecord> timerRecords =
        timers.stream()
            .sorted(timers.comparator())
            .map(
                t ->
                    new EngineSnapshot.TimerRecord(
                        t.due(),
                        t.sequence(),
                        t.kind().name(),
                        t.connId(),
                        t.dn(),
                        t.subject(),
                        t.episode()))
            .toList();
    return new EngineSnapshot(
        state.tenant(),
        config.server(),
        config.userDataLimit(),
        dns.values().stream().map(dn -> dn.entry).toList(),
        state.nextCallId,
        state.nextReferenceId,
        state.sequence,
        dnRecords,
        agentRecords,
        callRecords,
        timerRecords);
  }

  /** The calls of {@code parties}, without a stream: most DNs of a large directory have none. */
  private static List<ConnId> legs(List<Party> parties) {
    if (parties.isEmpty()) {
      return List.of();
    }
    ConnId[] legs = new ConnId[parties.size()];
    for (int i = 0; i < legs.length; i++) {
      legs[i] = parties.get(i).call.connId;
    }
    return List.of(legs);
  }

  private static List<ConnId> waiting(Set<Call> calls) {
    if (calls.isEmpty()) {
      return List.of();
    }
    List<ConnId> waiting = new ArrayList<>(calls.size());
    for (Call call : calls) {
      waiting.add(call.connId);
    }
    return List.copyOf(waiting);
  }

  static void load(EngineState state, EngineSnapshot snapshot) {
    Map<String, Dn> dns = state.dns;
    Map<Long, Call> calls = state.calls;
    state.nextCallId = snapshot.nextCallId();
    state.nextReferenceId = snapshot.nextReferenceId();
    state.sequence = snapshot.sequence();
    Map<Long, Call> ended = new HashMap<>();
    for (EngineSnapshot.CallRecord r : snapshot.calls()) {
      Call call =
          new Call(
              r.connId(),
              r.callId(),
              r.threadId(),
              r.callType(),
              r.ani().orElse(null),
              r.dnis().orElse(null),
              r.userData());
      call.waitingSince = r.waitingSince();
      call.waitingAt.addAll(r.waitingAt());
      call.purpose = r.purpose().map(Call.Purpose::valueOf).orElse(null);
      call.acdQueue = r.acdQueue().orElse(null);
      call.treatment =
          r.treatment()
              .map(t -> new Treatment(t.dn(), t.treatmentType(), t.treatmentParms()))
              .orElse(null);
      for (EngineSnapshot.PartyRecord pr : r.parties()) {
        Dn dn = pr.internal() ? known(dns, pr.dn()) : null;
        Party party = new Party(call, pr.dn(), dn, pr.role(), pr.state());
        party.thisQueue = pr.thisQueue().orElse(null);
        party.answerAwaited = pr.answerAwaited();
        party.muted = pr.muted();
        party.listenDisconnected = pr.listenDisconnected();
        party.ringing = pr.ringing();
        call.parties.add(party);
      }
      calls.put(call.connId.value(), call);
    }
    for (EngineSnapshot.CallRecord r : snapshot.calls()) {
      Call call = calls.get(r.connId().value());
      r.consultOf()
          .ifPresent(
              id -> {
                Call parent = calls.get(id.value());
                if (parent == null) {
                  // the parent ended: only its identity is still needed, for PreviousConnID
                  parent =
                      ended.computeIfAbsent(
                          id.value(),
                          v ->
                              new Call(
                                  id,
                                  0,
                                  r.consultOfThread().orElse(id.hex()),
                                  CallType.Unknown,
                                  null,
                                  null,
                                  KVList.EMPTY));
                }
                call.consultOf = parent;
              });
      r.consult().ifPresent(id -> call.consult = calls.get(id.value()));
      if (call.waitingAt.stream().anyMatch(q -> known(dns, q).type == DNType.ACDQueue)) {
        state.waitingCalls.add(call);
      }
    }
    for (EngineSnapshot.DnRecord r : snapshot.dns()) {
      Dn dn = known(dns, r.dn());
      dn.dnd = r.dnd();
      dn.outOfService = r.outOfService();
      dn.offHook = r.offHook();
      dn.messageWaiting = r.messageWaiting();
      dn.forwardMode = r.forwardMode();
      dn.forwardTo = r.forwardTo().orElse(null);
      dn.monitor =
          r.monitor()
              .map(
                  m ->
                      new Monitor(
                          m.supervisor(), dn.number, m.monitorNextCallType(), m.extensions()))
              .orElse(null);
      for (ConnId leg : r.legs()) {
        Call call = calls.get(leg.value());
        if (call == null || call.party(dn.number).isEmpty()) {
          throw new IllegalArgumentException(
              "snapshot: DN " + dn.number + " lists a leg of call " + leg + " it is not in");
        }
        dn.parties.add(call.party(dn.number).get());
      }
      for (ConnId waiting : r.waiting()) {
        Call call = calls.get(waiting.value());
        if (call == null) {
          throw new IllegalArgumentException(
              "snapshot: DN " + dn.number + " lists unknown waiting call " + waiting);
        }
        dn.waiting.add(call);
      }
      state.availability.touch(dn);
    }
    for (EngineSnapshot.AgentRecord r : snapshot.agents()) {
      Dn dn = known(dns, r.dn());
      Agent agent = new Agent(r.agentId(), dn, r.state());
      agent.queues.addAll(r.queues());
      agent.workMode = r.workMode();
      agent.readyMode = r.readyMode();
      agent.availableSince = r.availableSince();
      agent.wrapUps = r.wrapUps();
      dn.agent = agent;
      state.agents.put(agent.id, agent);
    }
    for (EngineSnapshot.TimerRecord t : snapshot.timers()) {
      state.timers.add(
          new Timer(
              t.due(),
              t.sequence(),
              TimerKind.valueOf(t.kind()),
              t.connId(),
              t.dn(),
              t.subject(),
              t.episode()));
    }
    state.availability.refresh();
  }

  private static Dn known(Map<String, Dn> dns, String number) {
    Dn dn = dns.get(number);
    if (dn == null) {
      throw new IllegalArgumentException(
          "snapshot: DN " + number + " is not in the snapshot's directory");
    }
    return dn;
  }
}
