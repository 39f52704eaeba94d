package io.switchboard.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's metrics: one Micrometer registry, served at {@code GET /metrics} in the Prometheus
 * text format (version 0.0.4), with the JVM's and the process's figures (memory, garbage
 * collection, threads, classes, CPU, open files, uptime) bound from the start. The API adds its own
 * (requests by route and status, step latency, events by type and tenant, WebSockets, per tenant
 * calls, agents and DNs); the wiring adds the journal's, the publisher's, Kafka's clients' and the
 * disk's. {@code docs/operations.md} lists them. Close it when the service stops.
 */
public final class Meters implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Meters.class);

  /** The Content-Type of what {@link #scrape()} returns. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * The bucket bounds of every latency histogram: from a millisecond to half a minute, so that
   * {@code histogram_quantile} works on any of them in Prometheus.
   */
  private static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30)
  };

  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final List<Runnable> beforeScrape = new CopyOnWriteArrayList<>();

  private Meters(PrometheusMeterRegistry registry, JvmGcMetrics gc) {
    this.registry = registry;
    this.gc = gc;
  }

  /** A registry with the JVM's and the process's figures. */
  public static Meters create() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmInfoMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    return new Meters(registry, gc);
  }

  /** The registry, to add figures to. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * A timer of latencies, with the histogram buckets every latency of the service has (1 ms to 30
   * s); Prometheus sees {@code NAME_seconds_bucket}, {@code _count}, {@code _sum} and {@code _max}.
   */
  public static Timer.Builder latency(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS);
  }

  /** Runs {@code refresh} before each scrape: figures read when asked (per tenant, say). */
  void beforeScrape(Runnable refresh) {
    beforeScrape.add(refresh);
  }

  /** Every figure, in the Prometheus text format. */
  public String scrape() {
    for (Runnable refresh : beforeScrape) {
      try {
        refresh.run();
      } catch (RuntimeException e) {
        LOG.warn("refreshing figures before a scrape", e);
      }
    }
    return registry.scrape();
  }

  @Override
  public void close() {
    gc.close();
    registry.close();
  }
}
