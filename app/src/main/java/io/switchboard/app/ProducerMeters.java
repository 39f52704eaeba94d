package io.switchboard.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.switchboard.kafka.ProducerObserver;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/**
 * The Kafka client metrics of Switchboard's producers in the registry ({@code kafka_producer_*},
 * labelled with each producer's {@code client_id}: {@code switchboard-publisher} on a single node,
 * {@code switchboard-<cluster>-<instance>-commit-<partition>-<lane>} in cluster mode), bound while
 * each producer runs.
 */
class ProducerMeters implements ProducerObserver, AutoCloseable {
  final MeterRegistry registry;
  private final Map<Producer<?, ?>, KafkaClientMetrics> bound = new IdentityHashMap<>();

  ProducerMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public synchronized void producerStarted(Producer<?, ?> producer) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
    metrics.bindTo(registry);
    bound.put(producer, metrics);
  }

  @Override
  public synchronized void producerClosed(Producer<?, ?> producer) {
    KafkaClientMetrics metrics = bound.remove(producer);
    if (metrics != null) {
      metrics.close();
    }
  }

  @Override
  public synchronized void close() {
    bound.values().forEach(KafkaClientMetrics::close);
    bound.clear();
  }
}
