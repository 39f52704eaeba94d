package io.switchboard.engine;

import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A call in progress: its identity, its user data and its parties. Mutable; owned by one engine.
 */
final class Call {
  final ConnId connId;
  final long callId;

  /**
   * The thread this call belongs to: its own ConnID's digits, or its parent's for a consultation.
   */
  final String threadId;

  final CallType type;

  /** The call this one consults from (PreviousConnID), for consultation calls. */
  final ConnId previousConnId;

  final String ani;
  final String dnis;
  KVList userData;

  /** Every party that joined, in joining order, released ones included. */
  final List<Party> parties = new ArrayList<>();

  Call(
      ConnId connId,
      long callId,
      String threadId,
      CallType type,
      ConnId previousConnId,
      String ani,
      String dnis,
      KVList userData) {
    this.connId = connId;
    this.callId = callId;
    this.threadId = threadId;
    this.type = type;
    this.previousConnId = previousConnId;
    this.ani = ani;
    this.dnis = dnis;
    this.userData = userData;
  }

  Optional<ConnId> previousConnId() {
    return Optional.ofNullable(previousConnId);
  }

  /** The parties that have not left the call, in joining order. */
  List<Party> present() {
    return parties.stream().filter(p -> p.state != PartyState.Released).toList();
  }

  Optional<Party> party(String dn) {
    return parties.stream()
        .filter(p -> p.dn.equals(dn) && p.state != PartyState.Released)
        .findFirst();
  }

  /** The party at the other end from {@code party}, in a two-party call. */
  Optional<Party> other(Party party) {
    return parties.stream()
        .filter(p -> p != party && p.state != PartyState.Released)
        .findFirst()
        .or(() -> parties.stream().filter(p -> p != party).reduce((first, second) -> second));
  }
}
