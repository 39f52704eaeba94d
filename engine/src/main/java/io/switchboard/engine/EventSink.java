package io.switchboard.engine;

import io.switchboard.model.Event;
import io.switchboard.model.request.Step;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where a tenant's published events go (Kafka, in the service). Implementations must keep the order
 * of the events they are given, per tenant and across calls.
 *
 * <p>{@link Tenants} calls every method under the tenant's lock, so calls for one tenant never
 * overlap and come in the order the steps ran. A sink that records more than the events (a journal
 * that must rebuild the engines' state after a crash) overrides {@link #accept}, {@link #admit},
 * {@link #configured} and {@link #removed}; the defaults suit a sink that only publishes.
 */
public interface EventSink {

  /**
   * Publishes {@code events} of {@code tenant}, in order. The future completes when every event is
   * durably accepted by the destination, or exceptionally with the cause of the failure.
   */
  CompletableFuture<Void> publish(String tenant, List<Event> events);

  /**
   * Takes a step the engine has just run, with its inputs and outcome (including rejected requests,
   * whose outcome is an EventError and which publish nothing). The future completes when the step's
   * published events are durably accepted; only then is the requester answered. By default this
   * publishes {@code step.outcome().published()}.
   */
  default CompletableFuture<Void> accept(HandledStep step) {
    return publish(step.tenant(), step.outcome().published());
  }

  /**
   * Asked before a step of {@code tenant} runs: a refusal keeps the engine from running it (the
   * requester gets an EventError and nothing changes), for a sink that could not record what the
   * step would cause. By default every step is admitted.
   */
  default Optional<Refusal> admit(String tenant, Step step) {
    return Optional.empty();
  }

  /**
   * Told that a tenant was added or its directory changed; {@code config} is its configuration as
   * it is now. By default nothing is done.
   *
   * @throws IllegalStateException if the sink cannot record the change
   */
  default void configured(TenantConfig config) {}

  /**
   * Told that {@code tenant} was removed. By default nothing is done.
   *
   * @throws IllegalStateException if the sink cannot record the change
   */
  default void removed(String tenant) {}
}
