package io.switchboard.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How a {@link JournalPublisher} is doing.
 *
 * @param state where the publisher is in its life; {@link JournalPublisher.State#FAILED} after a
 *     failure retrying cannot fix ({@code lastError} says which and what to change)
 * @param connected whether it has a producer on a cluster it reached (false while it retries)
 * @param oldestPending how long the oldest record on its way has waited for Kafka's acknowledgement
 *     (zero when none is): a figure that keeps growing means Kafka is unreachable or stalled
 * @param publishedEvents records Kafka acknowledged since the start
 * @param skippedEvents records not sent because Kafka already had them (found after a restart)
 * @param unkeyedEvents journaled events that had no key and could not be published
 * @param inFlightEvents records sent and not yet acknowledged
 * @param errors failures since the start (each retriable one restarts the producer)
 * @param starts producers started (1 when nothing failed)
 * @param lastError the latest failure
 * @param lastErrorAt when it happened
 */
public record PublisherStats(
    JournalPublisher.State state,
    boolean connected,
    Duration oldestPending,
    long publishedEvents,
    long skippedEvents,
    long unkeyedEvents,
    long inFlightEvents,
    long errors,
    long starts,
    Optional<String> lastError,
    Optional<Instant> lastErrorAt) {

  /** Whether publishing stopped on a failure retrying cannot fix. */
  public boolean failed() {
    return state == JournalPublisher.State.FAILED;
  }
}
