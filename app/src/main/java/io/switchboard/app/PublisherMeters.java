package io.switchboard.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.switchboard.kafka.JournalPublisher;
import io.switchboard.server.Meters;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.Producer;

/**
 * The publisher's figures in the registry: the lag of each event from its step to Kafka's
 * acknowledgement, as a histogram, and the Kafka client metrics of its producer ({@code
 * kafka_producer_*}, with the label {@code client_id="switchboard-publisher"}), bound while the
 * producer runs.
 */
final class PublisherMeters implements JournalPublisher.Observer, AutoCloseable {
  private final MeterRegistry registry;
  private final Timer lag;
  private final Map<Producer<?, ?>, KafkaClientMetrics> bound = new IdentityHashMap<>();

  PublisherMeters(MeterRegistry registry) {
    this.registry = registry;
    this.lag =
        Meters.latency(
                "switchboard.publish.lag",
                "Events from their step to Kafka's acknowledgement: the time they waited in the"
                    + " journal and on their way.")
            .register(registry);
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
  public void published(Duration lag) {
    this.lag.record(lag.isNegative() ? Duration.ZERO : lag);
  }

  @Override
  public synchronized void close() {
    bound.values().forEach(KafkaClientMetrics::close);
    bound.clear();
  }
}
