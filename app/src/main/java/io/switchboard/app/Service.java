package io.switchboard.app;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.kafka.TopicNames;
import io.switchboard.server.Health;
import io.switchboard.server.HttpApi;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The running service: Kafka (embedded or external), one engine per tenant, and the HTTP API.
 * Closing stops the API, then the publisher, then the embedded broker.
 */
final class Service implements AutoCloseable {

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
   * @param replicationFactor their replication factor (1 on the embedded broker)
   * @param http the HTTP address to bind (port 0: a free one)
   */
  record Settings(
      List<TenantConfig> tenants,
      Optional<String> externalKafka,
      Path dataDir,
      int kafkaPort,
      Map<String, Object> kafkaProperties,
      TopicNames topics,
      int partitions,
      short replicationFactor,
      InetSocketAddress http) {}

  private final KafkaConnection kafka;
  private final Tenants tenants;
  private final HttpApi api;
  private final TimerTicker ticker;

  private Service(KafkaConnection kafka, Tenants tenants, HttpApi api, TimerTicker ticker) {
    this.kafka = kafka;
    this.tenants = tenants;
    this.api = api;
    this.ticker = ticker;
  }

  static Service start(Settings settings) {
    KafkaConnection kafka =
        KafkaConnection.open(
            settings.externalKafka(),
            settings.dataDir().resolve("kafka"),
            settings.kafkaPort(),
            settings.kafkaProperties(),
            settings.topics(),
            settings.partitions(),
            settings.replicationFactor());
    // connection ids start from the start time so that they do not repeat across restarts
    long idBase = Instant.now().getEpochSecond() << 24;
    Tenants tenants =
        new Tenants(
            settings.tenants(),
            Clock.systemUTC(),
            tenant -> IdSource.sequential(idBase),
            kafka.sink());
    TimerTicker ticker = new TimerTicker(tenants, Clock.systemUTC());
    tenants.addListener(ticker);
    try {
      HttpApi api = HttpApi.start(settings.http(), tenants, () -> health(kafka, tenants));
      return new Service(kafka, tenants, api, ticker);
    } catch (IOException e) {
      ticker.close();
      kafka.close();
      throw new UserError(
          "cannot serve HTTP on "
              + settings.http()
              + ": "
              + e.getMessage()
              + " (is the port in use? --http-port 0 picks a free one)",
          e);
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

  private static Health health(KafkaConnection kafka, Tenants tenants) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kafka", kafka.bootstrap());
    details.put("embeddedKafka", kafka.broker().isPresent());
    Optional<String> failure = kafka.broker().flatMap(b -> b.failure());
    failure.ifPresent(f -> details.put("kafkaFailure", f));
    details.put("tenants", List.copyOf(tenants.ids()));
    return new Health(failure.isEmpty(), details);
  }

  @Override
  public void close() {
    ticker.close();
    try {
      api.close();
    } finally {
      kafka.close();
    }
  }
}
