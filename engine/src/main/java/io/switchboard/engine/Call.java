package io.switchboard.engine;

import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A call in progress: its identity, its user data, its parties, and where it waits (ACD queues, a
 * routing point). Mutable; owned by one engine.
 */
final class Call {
  /** Why a consultation call was made. */
  enum Purpose {
    TRANSFER,
    CONFERENCE
  }

  final ConnId connId;
  final long callId;

  /**
   * The thread this call belongs to: its own ConnID's digits, or its parent's for a consultation.
   */
  final String threadId;

  final CallType type;
  final String ani;
  final String dnis;
  KVList userData;

  /** Every party that joined, in joining order, released ones included. */
  final List<Party> parties = new ArrayList<>();

  /** The ACD queues and routing point where the call waits, in queuing order. */
  final Set<String> waitingAt = new LinkedHashSet<>();

  /** When the call first started waiting (an engine sequence), for oldest-first distribution. */
  long waitingSince = -1;

  /** The call this consultation call was made from (PreviousConnID). */
  Call consultOf;

  /** The consultation call made from this one. */
  Call consult;

  Purpose purpose;

  /** The queue that delivered the call to an agent, for after-call work. */
  String acdQueue;

  /** The treatment being applied, with the DN that applies it. */
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

  Optional<ConnId> previousConnId() {
    return consultOf == null ? Optional.empty() : Optional.of(consultOf.connId);
  }

  /** The parties that have not left, in joining order. */
  List<Party> present() {
    List<Party> present = new ArrayList<>(parties.size());
    for (Party p : parties) {
      if (p.state() != PartyState.Released) {
        present.add(p);
      }
    }
    return present;
  }

  /** The parties that have not left and are not observers. */
  List<Party> members() {
    List<Party> members = new ArrayList<>(parties.size());
    for (Party p : parties) {
      if (p.state() != PartyState.Released && !p.isObserver()) {
        members.add(p);
      }
    }
    return members;
  }

  Optional<Party> party(String dn) {
    for (Party p : parties) {
      if (p.state() != PartyState.Released && p.dn.equals(dn)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** The party that started the call. */
  Party origin() {
    return parties.get(0);
  }

  /** Whether more than two members are in the call. */
  boolean isConference() {
    return members().size() > 2;
  }
}
