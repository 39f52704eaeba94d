package io.switchboard.engine.state;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.model.DNType;
import io.switchboard.model.ForwardMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A DN of the tenant's directory and what it holds now. Owned by one engine: the features read it,
 * only {@link EngineState} changes it.
 */
public final class Dn {
  final String number;
  final DNType type;
  final DirectoryEntry entry;

  Agent agent;

  boolean dnd;
  boolean outOfService;
  boolean offHook;
  boolean messageWaiting;
  ForwardMode forwardMode = ForwardMode.None;
  String forwardTo;

  final List<Party> parties = new ArrayList<>();
  private final List<Party> partiesView = Collections.unmodifiableList(parties);

  final Set<Call> waiting = new LinkedHashSet<>();
  private final Set<Call> waitingView = Collections.unmodifiableSet(waiting);

  Monitor monitor;

  Dn(DirectoryEntry entry) {
    this.entry = entry;
    this.number = entry.dn();
    this.type = entry.type();
  }

  public String number() {
    return number;
  }

  public DNType type() {
    return type;
  }

  /** The DN as the directory lists it, with its options. */
  public DirectoryEntry entry() {
    return entry;
  }

  /** The agent logged in on this DN, or null. */
  public Agent agent() {
    return agent;
  }

  public boolean dnd() {
    return dnd;
  }

  public boolean outOfService() {
    return outOfService;
  }

  public boolean offHook() {
    return offHook;
  }

  public boolean messageWaiting() {
    return messageWaiting;
  }

  public ForwardMode forwardMode() {
    return forwardMode;
  }

  /** Where calls are forwarded, or null. */
  public String forwardTo() {
    return forwardTo;
  }

  /** This DN's legs in calls in progress, oldest first. */
  public List<Party> parties() {
    return partiesView;
  }

  /** For an ACD queue or routing point: the calls waiting here, oldest first. */
  public Set<Call> waiting() {
    return waitingView;
  }

  /** The supervision of this (agent) DN, if a supervisor asked for it; else null. */
  public Monitor monitor() {
    return monitor;
  }

  /** The leg that holds the line (dialing or talking), if any. */
  public Optional<Party> activeParty() {
    for (Party p : parties) {
      if (p.state().isActive()) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Whether the DN has no leg at all: nothing ringing, talking or held. */
  public boolean idle() {
    return parties.isEmpty();
  }
}
