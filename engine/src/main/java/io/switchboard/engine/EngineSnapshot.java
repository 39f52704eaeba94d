package io.switchboard.engine;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.MonitorNextCallType;
import io.switchboard.model.TreatmentType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Everything one tenant's engine holds, as plain data: an engine restored from a snapshot (with
 * {@link TenantEngine#restore}) goes on exactly as the engine the snapshot was taken from, event
 * for event, given the same clock readings and connection ids. This is what keeps a restart after a
 * crash bounded: restore the last snapshot, then replay only the steps journaled since.
 *
 * <p>The tenant's agents ({@link TenantConfig#agents()}) are configuration, not state: they are not
 * part of it, and are given back with {@link TenantEngine#restore(EngineSnapshot, AgentList,
 * java.time.InstantSource, IdSource)}.
 *
 * @param tenant the tenant id
 * @param server the Server attribute
 * @param userDataLimit the user-data limit
 * @param directory the directory as it was (DNs added or removed at run time included)
 * @param nextCallId the next CallID
 * @param nextReferenceId the next engine-assigned ReferenceID
 * @param sequence the engine's internal ordering counter
 * @param dns the state of every DN, in directory order
 * @param agents the agents logged in, in the order of their DNs
 * @param calls the calls in progress, in creation order
 * @param timers the pending timers
 */
public record EngineSnapshot(
    String tenant,
    String server,
    int userDataLimit,
    List<DirectoryEntry> directory,
    long nextCallId,
    long nextReferenceId,
    long sequence,
    List<DnRecord> dns,
    List<AgentRecord> agents,
    List<CallRecord> calls,
    List<TimerRecord> timers) {

  public EngineSnapshot {
    directory = List.copyOf(directory);
    dns = List.copyOf(dns);
    agents = List.copyOf(agents);
    calls = List.copyOf(calls);
    timers = List.copyOf(timers);
  }

  /**
   * A DN's own state.
   *
   * @param legs the calls it is a party of, in the order its legs were made
   * @param waiting for a queue or routing point, the calls waiting on it, oldest first
   */
  public record DnRecord(
      String dn,
      boolean dnd,
      boolean outOfService,
      boolean offHook,
      boolean messageWaiting,
      ForwardMode forwardMode,
      Optional<String> forwardTo,
      Optional<MonitorRecord> monitor,
      List<ConnId> legs,
      List<ConnId> waiting) {
    public DnRecord {
      legs = List.copyOf(legs);
      waiting = List.copyOf(waiting);
    }
  }

  /** A supervision of a DN. */
  public record MonitorRecord(
      String supervisor, MonitorNextCallType monitorNextCallType, KVList extensions) {}

  /** An agent logged in. */
  public record AgentRecord(
      String agentId,
      String dn,
      List<String> queues,
      AgentState state,
      AgentWorkMode workMode,
      AgentWorkMode readyMode,
      long availableSince,
      int wrapUps) {
    public AgentRecord {
      queues = List.copyOf(queues);
    }
  }

  /**
   * A call in progress.
   *
   * @param consultOf the call this consultation was made from (it may have ended)
   * @param consultOfThread the call thread of that call
   * @param consult the consultation call made from this one, while it lasts
   * @param parties every party that joined, released ones included, in joining order
   */
  public record CallRecord(
      ConnId connId,
      long callId,
      String threadId,
      CallType callType,
      Optional<String> ani,
      Optional<String> dnis,
      KVList userData,
      List<String> waitingAt,
      long waitingSince,
      Optional<ConnId> consultOf,
      Optional<String> consultOfThread,
      Optional<ConnId> consult,
      Optional<String> purpose,
      Optional<String> acdQueue,
      Optional<TreatmentRecord> treatment,
      List<PartyRecord> parties) {
    public CallRecord {
      waitingAt = List.copyOf(waitingAt);
      parties = List.copyOf(parties);
    }
  }

  /** One party of a call. */
  public record PartyRecord(
      String dn,
      boolean internal,
      DNRole role,
      PartyState state,
      Optional<String> thisQueue,
      boolean answerAwaited,
      boolean muted,
      boolean listenDisconnected,
      int ringing) {}

  /** The treatment being applied to a call. */
  public record TreatmentRecord(String dn, TreatmentType treatmentType, KVList treatmentParms) {}

  /** A pending timer. */
  public record TimerRecord(
      Instant due,
      long sequence,
      String kind,
      long connId,
      String dn,
      String subject,
      int episode) {}
}
