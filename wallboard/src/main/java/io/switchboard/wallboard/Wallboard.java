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
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

  private final WallboardSettings settings;
  private final KafkaStreams streams;
  private final LiveHub hub;
  private final StatsQueries queries;
  private final WallboardHandler handler;
  private final AtomicReference<String> failure = new AtomicReference<>();

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
  }

  /**
   * Starts the statistics against the cluster the settings name: checks that the event topics
   * exist, creates the compacted statistics topic when missing, and starts Kafka Streams.
   *
   * @throws IllegalArgumentException when the cluster cannot be reached or a topic is missing,
   *     saying what to do
   */
  public static Wallboard start(WallboardSettings settings) {
    prepareTopics(settings);
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
    streams.start();
    LOG.info(
        "wallboard statistics: {} and {} to {} on {}",
        settings.agentStateTopic(),
        settings.callThreadTopic(),
        settings.statsTopic(),
        settings.bootstrap());
    return wallboard;
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
    return p;
  }

  private static void prepareTopics(WallboardSettings settings) {
    Properties p = new Properties();
    p.putAll(settings.kafkaProperties());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
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
                + ": start Switchboard against this cluster first (it creates them), or name the"
                + " topics it publishes to");
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
          "cannot prepare the wallboard's topics on "
              + settings.bootstrap()
              + " ("
              + (e.getCause() == null ? e : e.getCause())
              + "): is the cluster reachable at that address?",
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
    return failed == null ? streams.state().name() : "FAILED: " + failed;
  }

  public WallboardSettings settings() {
    return settings;
  }

  /** How many pages are watching. */
  public int watchers() {
    return hub.subscribers();
  }

  @Override
  public void close() {
    handler.close();
    streams.close(Duration.ofSeconds(10));
  }
}
