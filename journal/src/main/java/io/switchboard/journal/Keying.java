package io.switchboard.journal;

import io.switchboard.model.Event;

/**
 * How published events are keyed (the Kafka adapter's record keys), so that the journal can number
 * the events of each key without knowing Kafka.
 */
public interface Keying {

  /**
   * The key of {@code event} of {@code tenant}.
   *
   * @throws IllegalArgumentException if the event lacks what its key is built from
   */
  String key(String tenant, Event event);

  /** The key of the events of call thread {@code callThreadId} of {@code tenant}. */
  String callThreadKey(String tenant, String callThreadId);
}
