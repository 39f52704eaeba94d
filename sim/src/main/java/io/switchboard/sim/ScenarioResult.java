package io.switchboard.sim;

import io.switchboard.engine.Delivery;
import io.switchboard.model.ConnId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a scenario run did.
 *
 * @param partyEvents every event the engine delivered to a party, in delivery order, including
 *     those never published (EventError, EventAttachedDataChanged)
 * @param failure the step that stopped the run; empty when every step did what it was meant to
 * @param bindings the ConnIDs bound by {@code as: NAME}, in binding order
 */
public record ScenarioResult(
    List<Delivery> partyEvents, Optional<ScenarioFailure> failure, Map<String, ConnId> bindings) {

  public ScenarioResult {
    partyEvents = List.copyOf(partyEvents);
    bindings = Collections.unmodifiableMap(new LinkedHashMap<>(bindings));
  }

  /** Whether every step did what it was meant to. */
  public boolean succeeded() {
    return failure.isEmpty();
  }
}
