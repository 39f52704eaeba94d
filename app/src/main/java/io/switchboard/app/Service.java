package io.switchboard.app;

import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.journal.JournalSettings;
import io.switchboard.kafka.BrokerRetention;
import io.switchboard.kafka.TopicNames;
import io.switchboard.model.request.Advance;
import io.switchboard.server.ApiSettings;
import io.switchboard.server.ConfigurationSource;
import io.switchboard.server.Health;
import io.switchboard.server.HttpApi;
import io.switchboard.server.Meters;
import io.switchboard.server.Mount;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The running service: Kafka (embedded or external), one engine per tenant, the journal that
 * records every step before it is acknowledged and the publisher that drains it to Kafka ({@link
 * Durability}), and the HTTP API. Closing stops the API, then the publisher and the embedded
 * broker, then the journal.
 */
final class Service implements AutoCloseable {

  /**
   * The file, beside the journal, that keeps the keys of tenants added through the admin API (as
   * digests).
   */
  static final String ADDED_KEYS = "admin-keys.json";

  /**
   * What the service is built from.
   *
   * @param tenants the tenants and their directories
   * @param externalKafka an external cluster, or empty for the embedded broker
   * @param dataDir where the embedded broker keeps its data
   * @param kafkaPort the embedded broker's port (0: a free one)
   * @param kafkaProperties settings passed to every Kafka client
   * @param topics the topic names
   * @param partitions the partitions of topics Switchboard creates
   * @param replicationFactor their replication factor (empty: the brokers' default; always 1 on the
   *     embedded broker)
   * @param http how the API is served: its address (port 0: a free one), keys, TLS and limits
   */
  record Settings(
      List<TenantConfig> tenants,
      Optional<String> externalKafka,
      Path dataDir,
      int kafkaPort,
      Map<String, Object> kafkaProperties,
      TopicNames topics,
      int partitions,
      Optional<Short> replicationFactor,
      ApiSettings http) {

    /** An open API (no keys) on {@code http}, a loopback address. */
    Settings(
        List<TenantConfig> tenants,
        Optional<String> externalKafka,
        Path dataDir,
        int kafkaPort,
        Map<String, Object> kafkaProperties,
        TopicNames topics,
        int partitions,
        Optional<Short> replicationFactor,
        InetSocketAddress http) {
      this(
          tenants,
          externalKafka,
          dataDir,
          kafkaPort,
          kafkaProperties,
          topics,
          partitions,
          replicationFactor,
          ApiSettings.open(http));
    }
  }

  /**
   * How the service keeps its disk from filling (docs/operations.md): what the embedded broker
   * keeps of the events, and the free space kept in reserve, below which steps are refused.
   *
   * @param retentionBytes the most the embedded broker keeps of the events, all partitions together
   * @param retention the longest it keeps an event
   * @param minFreeBytes the free disk space kept in reserve
   */
  record Storage(long retentionBytes, Duration retention, long minFreeBytes) {
    static final Storage DEFAULT =
        new Storage(
            BrokerRetention.DEFAULT_TOTAL_BYTES,
            BrokerRetention.DEFAULT_MAX_AGE,
            DiskSpace.DEFAULT_MIN_FREE_BYTES);
  }

  /**
   * What runs beside the service once Kafka is known (the wallboard): its HTTP mount, served by the
   * API's server; closed before the API.
   */
  interface Beside extends AutoCloseable {
    Mount mount();

    /** What it is doing, for the health details. */
    String status();

    @Override
    void close();
  }

  private final KafkaConnection kafka;
  private final Tenants tenants;
  private final HttpApi api;
  private final TimerTicker ticker;
  private final Durability durability;
  private final Optional<Beside> beside;
  private final Meters meters;
  private final PublisherMeters publisherMeters;

  private Service(
      KafkaConnection kafka,
      Tenants tenants,
      HttpApi api,
      TimerTicker ticker,
      Durability durability,
      Optional<Beside> beside,
      Meters meters,
      PublisherMeters publisherMeters) {
    this.kafka = kafka;
    this.tenants = tenants;
    this.api = api;
    this.ticker = ticker;
    this.durability = durability;
    this.beside = beside;
    this.meters = meters;
    this.publisherMeters = publisherMeters;
  }

  /** Starts the service with its journal in {@code dataDir/journal}, bounded by default. */
  static Service start(Settings settings) {
    return start(settings, JournalSettings.of(settings.dataDir().resolve("journal")));
  }

  /** Starts the service with its journal kept as {@code journal} says. */
  static Service start(Settings settings, JournalSettings journal) {
    return start(settings, journal, bootstrap -> Optional.empty());
  }

  /**
   * Starts the service with its journal kept as {@code journal} says, and what {@code beside}
   * starts from the Kafka bootstrap address served beside the API.
   */
  static Service start(
      Settings settings, JournalSettings journal, Function<String, Optional<Beside>> beside) {
    return start(settings, journal, Storage.DEFAULT, beside);
  }

  /**
   * Starts the service as {@link #start(Settings, JournalSettings, Function)} does, keeping its
   * disk as {@code storage} says.
   */
  static Service start(
      Settings settings,
      JournalSettings journal,
      Storage storage,
      Function<String, Optional<Beside>> beside) {
    // before Kafka and the journal start: a port taken is said in one line, at once
    Ports.requireFree(settings.http().address(), "the HTTP port", "--http-port");
    // an external cluster keeps its own retention
    Map<String, String> brokerSettings = Map.of();
    try {
      if (settings.externalKafka().isEmpty()) {
        brokerSettings =
            new BrokerRetention(
                    storage.retentionBytes(),
                    storage.retention(),
                    Math.max(1, settings.partitions()))
                .brokerSettings();
      }
    } catch (IllegalArgumentException e) {
      throw new UserError(
          e.getMessage() + " (--kafka-retention-bytes, --kafka-retention-hours)", e);
    }
    Meters meters = Meters.create();
    PublisherMeters publisherMeters = new PublisherMeters(meters.registry());
    KafkaConnection kafka;
    try {
      kafka =
          KafkaConnection.open(
              settings.externalKafka(),
              settings.dataDir().resolve("kafka"),
              settings.kafkaPort(),
              settings.kafkaProperties(),
              settings.topics(),
              settings.partitions(),
              settings.replicationFactor(),
              brokerSettings);
    } catch (RuntimeException e) {
      meters.close();
      throw e;
    }
    Durability durability;
    try {
      durability = Durability.start(journal, settings.tenants(), kafka, publisherMeters);
    } catch (RuntimeException e) {
      kafka.close();
      meters.close();
      throw e;
    }
    Map<String, Path> dataDirs = new LinkedHashMap<>();
    dataDirs.put("journal", journal.dir());
    kafka.broker().ifPresent(broker -> dataDirs.put("kafka", broker.dataDir()));
    DiskSpace disk = new DiskSpace(dataDirs, storage.minFreeBytes());
    durability.durable().sink().guard(disk::refusal);
    durability.bind(meters.registry());
    disk.bind(meters.registry());
    Tenants tenants = durability.tenants();
    tenants.scope(new StepLogContext());
    TimerTicker ticker = new TimerTicker(tenants, Clock.systemUTC());
    tenants.addListener(ticker);
    // timers rebuilt from the journal: those that fell due while the service was down fire now,
    // and the ticker learns when the others are due
    for (String tenant : List.copyOf(tenants.ids())) {
      tenants.submit(tenant, new Advance(Duration.ZERO));
    }
    Optional<Beside> extra;
    try {
      extra = beside.apply(kafka.bootstrap());
    } catch (RuntimeException e) {
      ticker.close();
      kafka.close();
      durability.close();
      meters.close();
      throw e;
    }
    try {
      // a reload is recorded as applied, so that a restart applies only the file's changes since
      ApiSettings http =
          settings
              .http()
              .reload()
              .map(
                  read ->
                      settings
                          .http()
                          .withReload(ConfigurationSource.of(read, durability.durable()::applied)))
              .orElse(settings.http())
              // the keys tenants are added with through the admin API survive a restart too
              .withAddedKeys(journal.dir().resolve(ADDED_KEYS));
      HttpApi api =
          HttpApi.start(
              http,
              tenants,
              () -> health(kafka, tenants, durability, disk, extra),
              meters,
              extra.map(b -> List.of(b.mount())).orElse(List.of()));
      return new Service(kafka, tenants, api, ticker, durability, extra, meters, publisherMeters);
    } catch (IOException e) {
      extra.ifPresent(Beside::close);
      ticker.close();
      kafka.close();
      durability.close();
      meters.close();
      throw new UserError(
          "cannot serve HTTP on "
              + settings.http().address()
              + ": "
              + e.getMessage()
              + " (is the port in use? --http-port 0 picks a free one)",
          e);
    } catch (IllegalArgumentException e) {
      extra.ifPresent(Beside::close);
      ticker.close();
      kafka.close();
      durability.close();
      meters.close();
      throw new UserError(e.getMessage(), e);
    }
  }

  String kafkaBootstrap() {
    return kafka.bootstrap();
  }

  String httpUrl() {
    return api.url();
  }

  Tenants tenants() {
    return tenants;
  }

  /**
   * Every figure in the Prometheus text format, as {@code GET /metrics} serves it: the JVM's, the
   * delivery figures (journal, publishing; docs/delivery.md), Kafka's producer's, the disk's and
   * the API's own.
   */
  String metrics() {
    return meters.scrape();
  }

  Durability durability() {
    return durability;
  }

  /**
   * Up while steps are taken (the journal writes, is not full, and the disk has room; a Kafka
   * outage alone leaves it up, the journal keeping the steps); ready while they are also published.
   */
  private static Health health(
      KafkaConnection kafka,
      Tenants tenants,
      Durability durability,
      DiskSpace disk,
      Optional<Beside> beside) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kafka", kafka.bootstrap());
    details.put("embeddedKafka", kafka.broker().isPresent());
    Optional<String> failure = kafka.broker().flatMap(b -> b.failure());
    failure.ifPresent(f -> details.put("kafkaFailure", f));
    details.put("tenants", List.copyOf(tenants.ids()));
    durability.health(details);
    details.put("disk", disk.health());
    beside.ifPresent(b -> details.put("wallboard", b.status()));
    List<String> notReady = new ArrayList<>(durability.notReady());
    failure.ifPresent(f -> notReady.add("the embedded Kafka broker failed: " + f));
    if (disk.full()) {
      notReady.add("the disk is full: steps are refused (EventError 204 DiskFull)");
    }
    boolean up = failure.isEmpty() && durability.healthy() && !disk.full();
    return new Health(up, notReady, details);
  }

  @Override
  public void close() {
    ticker.close();
    try {
      beside.ifPresent(Beside::close);
      api.close();
    } finally {
      try {
        kafka.close();
      } finally {
        try {
          durability.close();
        } finally {
          publisherMeters.close();
          meters.close();
        }
      }
    }
  }
}
