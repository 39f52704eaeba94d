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

  /** The agent logged in on this DN. */
  Agent agent;

  boolean dnd;
  ForwardMode forwardMode = ForwardMode.None;
  String forwardTo;

  /** This DN's legs in calls in progress, oldest first. */
  final List<Party> parties = new ArrayList<>();

  Dn(String number, DNType type) {
    this.number = number;
    this.type = type;
  }

  Optional<Agent> agent() {
    return Optional.ofNullable(agent);
  }

  /** The leg that holds the line (dialing or talking), if any. */
  Optional<Party> activeParty() {
    return parties.stream().filter(p -> p.state.isActive()).findFirst();
  }
}
