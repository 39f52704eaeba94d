package io.switchboard.app;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.switchboard.kafka.JournalPublisher;
import io.switchboard.server.Meters;
import java.time.Duration;

/**
 * The publisher's figures in the registry: the lag of each event from its step to Kafka's
 * acknowledgement, as a histogram, and the Kafka client metrics of its producer ({@link
 * ProducerMeters}).
 */
final class PublisherMeters extends ProducerMeters implements JournalPublisher.Observer {
  private final Timer lag;

  PublisherMeters(MeterRegistry registry) {
    super(registry);
    this.lag =
        Meters.latency(
                "switchboard.publish.lag",
                "Events from their step to Kafka's acknowledgement: the time they waited in the"
                    + " journal and on their way.")
            .register(registry);
  }

  @Override
  public void published(Duration lag) {
    this.lag.record(lag.isNegative() ? Duration.ZERO : lag);
  }
}
