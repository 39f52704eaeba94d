package io.switchboard.harness;

import io.switchboard.engine.Tenants;
import io.switchboard.kafka.KafkaEventSink;
import io.switchboard.sim.traffic.TrafficSimulator;
import java.util.List;

/**
 * The publishing path a bench run measures: it builds the simulator's tenants on that path, and
 * ends it when the run is over. {@code journal}: {@link JournaledPath}; {@code cluster}: {@link
 * ClusteredPath}; {@code direct}: {@link #direct}.
 */
interface PublishingPath extends TrafficSimulator.TenantsFactory {

  /** Ends what the last run opened; nothing by default. */
  default void finish() {}

  /** The same path, with {@code listener} told of every step of the run. */
  default TrafficSimulator.TenantsFactory listened(Tenants.Listener listener) {
    return (tenant, clock, ids) -> {
      Tenants tenants = create(tenant, clock, ids);
      tenants.addListener(listener);
      return tenants;
    };
  }

  /** The events sent to Kafka through {@code sink} as the engine makes them, without a journal. */
  static PublishingPath direct(KafkaEventSink sink) {
    return (tenant, clock, ids) -> new Tenants(List.of(tenant), clock, ids, sink);
  }
}
