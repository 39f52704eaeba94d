package io.switchboard.engine;

import io.switchboard.model.request.Step;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step as a tenant's engine ran it: the step, the instant the engine read and the connection
 * ids it drew, with what it caused. Running the same step again, on an engine in the same state,
 * with the same instant and the same ids, gives the same outcome ({@link Tenants#replay}); a
 * journal that keeps these can rebuild the state after a crash.
 *
 * @param tenant the tenant
 * @param step the request or stimulus
 * @param instant the time the engine read for the step (every event of the step carries it)
 * @param connIds the connection ids the engine drew, in the order it drew them
 * @param outcome what the step caused
 * @param idempotencyKey the key the client sent the step under, so that sending it again under the
 *     same key gives this outcome instead of running it twice ({@link Tenants#submit(String, Step,
 *     Optional)})
 */
public record HandledStep(
    String tenant,
    Step step,
    Instant instant,
    List<Long> connIds,
    Outcome outcome,
    Optional<String> idempotencyKey) {

  public HandledStep {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(instant, "instant");
    connIds = List.copyOf(connIds);
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
  }

  /** A step sent without an idempotency key. */
  public HandledStep(
      String tenant, Step step, Instant instant, List<Long> connIds, Outcome outcome) {
    this(tenant, step, instant, connIds, outcome, Optional.empty());
  }
}
