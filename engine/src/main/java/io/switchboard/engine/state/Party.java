package io.switchboard.engine.state;

import io.switchboard.engine.PartyState;
import io.switchboard.model.DNRole;
import java.util.Optional;

/**
 * One DN's leg in a call: an internal DN of the directory or an external number. Owned by one
 * engine: the features read it, only {@link EngineState} changes it.
 */
public final class Party {
  final Call call;
  final String dn;
  final Dn internal;

  DNRole role;

  /** Written only by {@link #moveTo}, which checks the transition. */
  private PartyState state;

  String thisQueue;
  boolean answerAwaited;
  boolean muted;
  boolean listenDisconnected;
  int ringing;

  Party(Call call, String dn, Dn internal, DNRole role, PartyState state) {
    this.call = call;
    this.dn = dn;
    this.internal = internal;
    this.role = role;
    this.state = state;
  }

  public Call call() {
    return call;
  }

  /** The DN, or the external number. */
  public String dn() {
    return dn;
  }

  /** The directory entry, or null for an external number. */
  public Dn internal() {
    return internal;
  }

  public DNRole role() {
    return role;
  }

  public PartyState state() {
    return state;
  }

  /** The queue or routing point that delivered the call to this party (ACD calls), or null. */
  public String thisQueue() {
    return thisQueue;
  }

  /** The caller waits for this party to answer after a transfer completed while it rang. */
  public boolean answerAwaited() {
    return answerAwaited;
  }

  public boolean muted() {
    return muted;
  }

  /** A conference member that no longer hears the conference (ListenDisconnect). */
  public boolean listenDisconnected() {
    return listenDisconnected;
  }

  /**
   * Counts the ringing episodes of this party, so that a no-answer timer fires only for its own.
   */
  public int ringing() {
    return ringing;
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

  public boolean isInternal() {
    return internal != null;
  }

  public boolean isObserver() {
    return role == DNRole.Observer;
  }

  public Optional<String> agentId() {
    return internal == null || internal.agent == null
        ? Optional.empty()
        : Optional.of(internal.agent.id);
  }

  @Override
  public String toString() {
    return dn + "(" + role + "," + state + ")";
  }
}
