package io.switchboard.engine;

import io.switchboard.model.DNType;
import io.switchboard.model.ForwardMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A DN of the tenant's directory and what it holds now. Mutable; owned by one engine. */
final class Dn {
  final String number;
  final DNType type;
  final DirectoryEntry entry;

  /** The agent logged in on this DN. */
  Agent agent;

  boolean dnd;
  boolean outOfService;
  boolean offHook;
  boolean messageWaiting;
  ForwardMode forwardMode = ForwardMode.None;
  String forwardTo;

  /** This DN's legs in calls in progress, oldest first. */
  final List<Party> parties = new ArrayList<>();

  /** For an ACD queue or routing point: the calls waiting here, oldest first. */
  final java.util.Set<Call> waiting = new java.util.LinkedHashSet<>();

  /** The supervision of this (agent) DN, if a supervisor asked for it. */
  Monitor monitor;

  Dn(DirectoryEntry entry) {
    this.entry = entry;
    this.number = entry.dn();
    this.type = entry.type();
  }

  Optional<Agent> agent() {
    return Optional.ofNullable(agent);
  }

  /** The leg that holds the line (dialing or talking), if any. */
  Optional<Party> activeParty() {
    return parties.stream().filter(p -> p.state().isActive()).findFirst();
  }

  /** Whether the DN has no leg at all: nothing ringing, talking or held. */
  boolean idle() {
    return parties.isEmpty();
  }
}
