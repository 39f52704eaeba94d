package io.switchboard.engine;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle of one party (one DN's leg) in a call, after T-Library {@code TPartyState}. Every
 * change goes through {@link #checkTransition}, which holds the transition table.
 */
public enum PartyState {
  /** The party originated the call and the destination has not answered yet. */
  Dialing,
  /** The call is ringing at the party. */
  Alerting,
  /** The party is talking. */
  Connected,
  /** The party put the call on hold. */
  Held,
  /** The destination was busy or unreachable; the originator still has to hang up. */
  Failed,
  /** The party has left the call (final). */
  Released;

  private Set<PartyState> next;

  static {
    Dialing.next = EnumSet.of(Connected, Failed, Released);
    Alerting.next = EnumSet.of(Connected, Released);
    Connected.next = EnumSet.of(Held, Released);
    Held.next = EnumSet.of(Connected, Released);
    Failed.next = EnumSet.of(Released);
    Released.next = EnumSet.noneOf(PartyState.class);
  }

  /**
   * Checks that a party may move from this state to {@code to}.
   *
   * @throws IllegalStateException naming tenant, party, from and to, if the move is illegal; that
   *     is a bug in the engine, since requests are validated before any state changes
   */
  public void checkTransition(PartyState to, String tenant, String party) {
    if (!next.contains(to)) {
      throw new IllegalStateException(
          "tenant " + tenant + ": party " + party + " cannot go from " + this + " to " + to);
    }
  }

  /** Whether the party holds the DN's line: dialing or talking (not ringing, not held). */
  public boolean isActive() {
    return this == Dialing || this == Connected || this == Failed;
  }
}
