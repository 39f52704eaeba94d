package io.switchboard.wallboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The statistics application, running: Kafka Streams over the topics ({@link StatsTopology}), the
 * queries the wallboard makes of its state stores, and the live changes it pushes. {@link
 * #handler()} serves the page and its API.
 */
public final class Wallboard implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Wallboard.class);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RETRY = Duration.ofSeconds(1);

  private final WallboardSettings settings;
  private final KafkaStreams streams;
  private final LiveHub hub;
  private final StatsQueries queries;
  private final WallboardHandler handler;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicReference<String> waiting =
      new AtomicReference<>("waiting for Kafka and the topics");
  private final Thread starter;
  private volatile boolean closed;

  private Wallboard(WallboardSettings settings, KafkaStreams streams, LiveHub hub) {
    this.settings = settings;
    this.streams = streams;
    this.hub = hub;
    this.queries =
        new StatsQueries(
            name ->
                streams.store(
                    StoreQueryParameters.fromNameAndType(
                        name, QueryableStoreTypes.<String, byte[]>keyValueStore())),
            settings.serviceLevelThreshold().toNanos() / 1000);
    this.handler = new WallboardHandler(queries, hub, this::status);
    this.starter = new Thread(this::prepareAndStart, "wallboard-start");
    this.starter.setDaemon(true);
  }

  /**
   * Starts the statistics against the cluster the settings name. In the background it waits for the
   * cluster and the event topics (Switchboard creates them when it first reaches Kafka), creates
   * the compacted statistics topic when missing, then starts Kafka Streams; until then the page
   * answers that the statistics are not ready, and {@link #status()} says what it waits for.
   */
  public static Wallboard start(WallboardSettings settings) {
    LiveHub hub = new LiveHub();
    KafkaStreams streams =
        new KafkaStreams(StatsTopology.build(settings, hub), properties(settings));
    Wallboard wallboard = new Wallboard(settings, streams, hub);
    streams.setUncaughtExceptionHandler(
        e -> {
          LOG.error("the wallboard's statistics stopped", e);
          wallboard.failure.set(String.valueOf(e));
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
    wallboard.starter.start();
    return wallboard;
  }

  /** Waits for the topics, then starts Kafka Streams; retries until closed. */
  private void prepareAndStart() {
    String last = null;
    while (!closed) {
      try {
        prepareTopics(settings);
        synchronized (this) {
          if (closed) {
            return;
          }
          streams.start();
        }
        waiting.set(null);
        LOG.info(
            "wallboard statistics: {} and {} to {} on {}",
            settings.agentStateTopic(),
            settings.callThreadTopic(),
            settings.statsTopic(),
            settings.bootstrap());
        return;
      } catch (IllegalArgumentException e) {
        waiting.set(e.getMessage());
        if (!e.getMessage().equals(last)) {
          LOG.warn("the wallboard waits: {}", e.getMessage());
          last = e.getMessage();
        }
      } catch (RuntimeException e) {
        failure.set(String.valueOf(e));
        LOG.error("the wallboard cannot start", e);
        return;
      }
      try {
        Thread.sleep(RETRY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  static Properties properties(WallboardSettings settings) {
    Properties p = new Properties();
    p.putAll(settings.kafkaProperties());
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    p.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
    // the duplicates a producer's retry or a publisher's restart leaves are dropped by
    // switchboard.seq, so at-least-once processing gives each event's effect once
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
    // there is no global state; say so, so that Kafka Streams does not warn at every start
    p.put("processing.exception.handler.global.enabled", true);
    return p;
  }

  private static void prepareTopics(WallboardSettings settings) {
    Properties p = new Properties();
    p.putAll(settings.kafkaProperties());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis() / 2);
    try (Admin admin = Admin.create(p)) {
      Set<String> names =
          admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      List<String> missing = new ArrayList<>();
      for (String topic : List.of(settings.agentStateTopic(), settings.callThreadTopic())) {
        if (!names.contains(topic)) {
          missing.add(topic);
        }
      }
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException(
            "the topics "
                + missing
                + " do not exist on "
                + settings.bootstrap()
                + " yet: Switchboard creates them when it first reaches this cluster (or name the"
                + " topics it publishes to)");
      }
      if (!names.contains(settings.statsTopic())) {
        NewTopic stats =
            new NewTopic(settings.statsTopic(), Optional.empty(), Optional.empty())
                .configs(
                    Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
          admin
              .createTopics(List.of(stats))
              .all()
              .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalArgumentException(
          "cannot reach Kafka at "
              + settings.bootstrap()
              + " ("
              + (e.getCause() == null ? e : e.getCause())
              + "); is the cluster up at that address?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while preparing the wallboard's topics", e);
    }
  }

  /** The page and its API, to mount on an HTTP server. */
  public WallboardHandler handler() {
    return handler;
  }

  /** Whether the statistics are up to date enough to be read (Kafka Streams is running). */
  public boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  /** The state of Kafka Streams, and a failure if it stopped on one. */
  public String status() {
    String failed = failure.get();
    if (failed != null) {
      return "FAILED: " + failed;
    }
    String waits = waiting.get();
    return waits != null ? "WAITING: " + waits : streams.state().name();
  }

  public WallboardSettings settings() {
    return settings;
  }

  /** Events applied to the statistics so far (duplicates and unreadable records left out). */
  public long eventsApplied() {
    return hub.applied();
  }

  /**
   * Calls {@code observer} with the tenant and the event time (ms) of every event applied, on the
   * Streams thread, as it is applied: for measurements (the lag of the statistics).
   */
  public void observe(java.util.function.ObjLongConsumer<String> observer) {
    hub.observe(observer);
  }

  /** How many pages are watching. */
  public int watchers() {
    return hub.subscribers();
  }

  @Override
  public void close() {
    closed = true;
    starter.interrupt();
    handler.close();
    synchronized (this) {
      // closing a KafkaStreams that never started is allowed and releases its clients
      streams.close(Duration.ofSeconds(10));
    }
  }
}
