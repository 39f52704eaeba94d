package io.switchboard.engine.state;

import io.switchboard.engine.PartyState;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A call in progress: its identity, its user data, its parties, and where it waits (ACD queues, a
 * routing point). Owned by one engine: the features read it, only {@link EngineState} changes it.
 */
public final class Call {
  /** Why a consultation call was made. */
  public enum Purpose {
    TRANSFER,
    CONFERENCE
  }

  final ConnId connId;
  final long callId;
  final String threadId;
  final CallType type;
  final String ani;
  final String dnis;
  KVList userData;

  final List<Party> parties = new ArrayList<>();
  private final List<Party> partiesView = Collections.unmodifiableList(parties);

  final Set<String> waitingAt = new LinkedHashSet<>();
  private final Set<String> waitingAtView = Collections.unmodifiableSet(waitingAt);

  long waitingSince = -1;
  Call consultOf;
  Call consult;
  Purpose purpose;
  String acdQueue;
  Treatment treatment;

  Call(
      ConnId connId,
      long callId,
      String threadId,
      CallType type,
      String ani,
      String dnis,
      KVList userData) {
    this.connId = connId;
    this.callId = callId;
    this.threadId = threadId;
    this.type = type;
    this.ani = ani;
    this.dnis = dnis;
    this.userData = userData;
  }

  public ConnId connId() {
    return connId;
  }

  public long callId() {
    return callId;
  }

  /**
   * The thread this call belongs to: its own ConnID's digits, or its parent's for a consultation.
   */
  public String threadId() {
    return threadId;
  }

  public CallType type() {
    return type;
  }

  /** The calling number, or null. */
  public String ani() {
    return ani;
  }

  /** The dialed number, or null. */
  public String dnis() {
    return dnis;
  }

  public KVList userData() {
    return userData;
  }

  /** Every party that joined, in joining order, released ones included. */
  public List<Party> parties() {
    return partiesView;
  }

  /** The ACD queues and routing point where the call waits, in queuing order. */
  public Set<String> waitingAt() {
    return waitingAtView;
  }

  /** When the call first started waiting (an engine sequence), for oldest-first distribution. */
  public long waitingSince() {
    return waitingSince;
  }

  /** The call this consultation call was made from (PreviousConnID), or null. */
  public Call consultOf() {
    return consultOf;
  }

  /** The consultation call made from this one, or null. */
  public Call consult() {
    return consult;
  }

  /** Why this consultation call was made, or null. */
  public Purpose purpose() {
    return purpose;
  }

  /** The queue that delivered the call to an agent, for after-call work; or null. */
  public String acdQueue() {
    return acdQueue;
  }

  /** The treatment being applied, with the DN that applies it; or null. */
  public Treatment treatment() {
    return treatment;
  }

  public Optional<ConnId> previousConnId() {
    return consultOf == null ? Optional.empty() : Optional.of(consultOf.connId);
  }

  /** The parties that have not left, in joining order. */
  public List<Party> present() {
    List<Party> present = new ArrayList<>(parties.size());
    for (Party p : parties) {
      if (p.state() != PartyState.Released) {
        present.add(p);
      }
    }
    return present;
  }

  /** The parties that have not left and are not observers. */
  public List<Party> members() {
    List<Party> members = new ArrayList<>(parties.size());
    for (Party p : parties) {
      if (p.state() != PartyState.Released && !p.isObserver()) {
        members.add(p);
      }
    }
    return members;
  }

  public Optional<Party> party(String dn) {
    for (Party p : parties) {
      if (p.state() != PartyState.Released && p.dn.equals(dn)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The party that started the call. */
  public Party origin() {
    return parties.get(0);
  }

  /** Whether more than two members are in the call. */
  public boolean isConference() {
    return members().size() > 2;
  }
}
