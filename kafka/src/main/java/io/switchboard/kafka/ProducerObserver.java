package io.switchboard.kafka;

import org.apache.kafka.clients.producer.Producer;

/**
 * Told of the Kafka producers Switchboard makes and closes, so that their client metrics can be
 * bound to a registry while they run (the single node's publisher, a cluster's transactional
 * producers).
 */
public interface ProducerObserver {
  /** A producer started; it is used until {@link #producerClosed} is called with it. */
  default void producerStarted(Producer<?, ?> producer) {}

  /** A producer is closed (after a failure, when its partition moves, or at the end). */
  default void producerClosed(Producer<?, ?> producer) {}
}
