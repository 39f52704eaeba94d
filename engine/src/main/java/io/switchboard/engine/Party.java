package io.switchboard.engine;

import io.switchboard.model.DNRole;
import java.util.Optional;

/** One DN's leg in a call: an internal DN of the directory or an external number. */
final class Party {
  final Call call;
  final String dn;

  /** The directory entry, or null for an external number. */
  final Dn internal;

  DNRole role;

  /** Written only by {@link #moveTo}, which checks the transition. */
  private PartyState state;

  /** The queue or routing point that delivered the call to this party (ACD calls). */
  String thisQueue;

  /** The caller waits for this party to answer after a transfer completed while it rang. */
  boolean answerAwaited;

  boolean muted;

  /** A conference member that no longer hears the conference (ListenDisconnect). */
  boolean listenDisconnected;

  /**
   * Counts the ringing episodes of this party, so that a no-answer timer fires only for its own.
   */
  int ringing;

  Party(Call call, String dn, Dn internal, DNRole role, PartyState state) {
    this.call = call;
    this.dn = dn;
    this.internal = internal;
    this.role = role;
    this.state = state;
  }

  PartyState state() {
    return state;
  }

  /**
   * Moves the party to {@code to}; the only way its state changes.
   *
   * @throws IllegalStateException if the transition table does not allow it (a bug in the engine)
   */
  void moveTo(PartyState to, String tenant) {
    state.checkTransition(to, tenant, dn + "@" + call.connId);
    state = to;
  }

  boolean isInternal() {
    return internal != null;
  }

  boolean isObserver() {
    return role == DNRole.Observer;
  }

  Optional<String> thisQueue() {
    return Optional.ofNullable(thisQueue);
  }

  Optional<String> agentId() {
    return internal == null ? Optional.empty() : internal.agent().map(a -> a.id);
  }

  @Override
  public String toString() {
    return dn + "(" + role + "," + state + ")";
  }
}
