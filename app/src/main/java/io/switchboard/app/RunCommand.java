package io.switchboard.app;

import io.switchboard.engine.TenantConfig;
import io.switchboard.journal.JournalSettings;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.cluster.ClusterSettings;
import io.switchboard.server.ApiSettings;
import io.switchboard.server.Configuration;
import io.switchboard.server.Credentials;
import io.switchboard.server.RateLimit;
import io.switchboard.server.TlsSettings;
import io.switchboard.server.WebSocketLimits;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard run}: the service. It starts the embedded Kafka broker (or connects to {@code
 * --kafka}), creates the topics when missing, builds one engine per tenant and serves the HTTP API.
 * When it is ready it prints, on standard output, one line with the Kafka bootstrap address and one
 * with the HTTP address; scripts wait for these lines. It runs until it is stopped (Ctrl-C,
 * SIGTERM).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the service: embedded Kafka (or --kafka), the engine, and the HTTP API.",
      "Send steps with: curl -s localhost:8080/v1/tenants/demo/steps -d '{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}'"
    })
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka = new KafkaOptions();

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "A YAML configuration file (see docs/configuration.md).")
  Path config;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Where the embedded broker keeps its data (default: data).")
  Path dataDir;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "The HTTP port; 0 picks a free port (default: 8080).")
  Integer httpPort;

  @Option(
      names = "--http-host",
      paramLabel = "HOST",
      description = "The HTTP address to bind (default: 127.0.0.1).")
  String httpHost;

  @Option(
      names = "--directory",
      paramLabel = "FILE",
      description = "A YAML list of {tenant, directory} entries; a demo tenant 'demo' when absent.")
  Path directory;

  @Option(
      names = "--server",
      paramLabel = "NAME",
      description = "The Server attribute of every event (default: switchboard).")
  String server;

  @Option(
      names = "--journal-dir",
      paramLabel = "DIR",
      description =
          "Where every step is journaled before it is acknowledged (default: DATA-DIR/journal).")
  Path journalDir;

  @Option(
      names = "--journal-max-bytes",
      paramLabel = "SIZE",
      description =
          "The most the journal may hold of events Kafka does not have yet; steps are refused"
              + " beyond it (default: 1g; units k, m, g, t).")
  String journalMaxBytes;

  @Option(
      names = "--kafka-retention-bytes",
      paramLabel = "SIZE",
      description =
          "The most the embedded broker keeps of the events, all partitions together; the oldest"
              + " go first (default: 2g; units k, m, g, t).")
  String kafkaRetentionBytes;

  @Option(
      names = "--kafka-retention-hours",
      paramLabel = "HOURS",
      description = "The longest the embedded broker keeps an event (default: 24).")
  Integer kafkaRetentionHours;

  @Option(
      names = "--min-free-disk",
      paramLabel = "SIZE",
      description =
          "Steps are refused (EventError 204 DiskFull) while the disk of the journal or the"
              + " embedded broker has less free space than this (default: 512m; units k, m, g, t).")
  String minFreeDisk;

  @Option(
      names = "--simulate",
      arity = "0..1",
      fallbackValue = "",
      paramLabel = "FILE",
      description =
          "Also run a simulated contact center as tenant 'sim': live traffic on Kafka. FILE is a"
              + " simulation file (docs/simulator.md); without it, 16 agents take about ten calls a"
              + " minute.")
  String simulate;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description =
          "Run as an instance of cluster NAME on the Kafka cluster of --kafka: the instances of one"
              + " name share the tenants, and take over those of an instance that stops"
              + " (docs/cluster.md).")
  String cluster;

  @Option(
      names = "--instance",
      paramLabel = "ID",
      description =
          "This instance's id in the cluster, unique and the same across its restarts (default:"
              + " a generated one, printed at start).")
  String instance;

  @Option(
      names = "--no-wallboard",
      description =
          "Do not serve the live wallboard at / (statistics computed from the topics by Kafka"
              + " Streams; docs/wallboard.md).")
  boolean noWallboard;

  @Override
  public Integer call() throws InterruptedException {
    if (cluster != null) {
      return runInCluster();
    }
    if (instance != null) {
      throw new UserError("--instance names an instance of a cluster: give --cluster NAME too");
    }
    Service.Settings settings = settings();
    ServiceConfig file = config == null ? ServiceConfig.empty() : ServiceConfig.read(config);
    Service service =
        Service.start(
            settings,
            journal(file, settings.dataDir()),
            storage(file),
            bootstrap ->
                !noWallboard
                    ? Optional.of(
                        WallboardMount.start(WallboardCommand.settings(bootstrap, settings, file)))
                    : Optional.empty());
    LiveSimulation simulation;
    try {
      simulation =
          simulate == null
              ? null
              : LiveSimulation.start(
                  simulate,
                  service.tenants(),
                  settings.http().server(),
                  settings.tenants().stream()
                      .map(TenantConfig::tenant)
                      .collect(java.util.stream.Collectors.toSet()));
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  if (simulation != null) {
                    simulation.close();
                  }
                  service.close();
                  stopped.countDown();
                },
                "switchboard-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Kafka bootstrap: " + service.kafkaBootstrap());
    out.println("HTTP: " + service.httpUrl());
    if (!noWallboard) {
      out.println("Wallboard: " + service.httpUrl() + "/");
    }
    out.flush();
    LOG.info("ready: tenants {}, topics {}", service.tenants().ids(), settings.topics().all());
    stopped.await();
    return 0;
  }

  /** {@code run --cluster}: one instance of a cluster, durable in Kafka. */
  private int runInCluster() throws InterruptedException {
    Service.Settings settings = settings();
    ClusterSettings clusterSettings = clusterSettings(settings);
    String id = clusterSettings.instance();
    ClusterService service = ClusterService.start(settings, clusterSettings);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping: leaving cluster {}", cluster);
                  service.close();
                  stopped.countDown();
                },
                "switchboard-shutdown"));
    if (!service.awaitJoined(Duration.ofSeconds(60))) {
      LOG.warn("instance {} has not joined cluster {} within 60 s; still trying", id, cluster);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Instance: " + id + " (cluster " + cluster + ")");
    out.println("Kafka bootstrap: " + clusterSettings.bootstrap());
    out.println("HTTP: " + service.httpUrl());
    out.flush();
    LOG.info("ready: instance {} of cluster {}", id, cluster);
    stopped.await();
    return 0;
  }

  /** Where the journal is kept and how much of it may wait for Kafka. */
  JournalSettings journal(ServiceConfig file, Path data) {
    Path dir =
        Optional.ofNullable(journalDir)
            .or(() -> file.text("/journal/dir").map(Path::of))
            .orElse(data.resolve("journal"));
    long maxBytes =
        Optional.ofNullable(journalMaxBytes)
            .map(text -> ByteSize.parse(text, "--journal-max-bytes"))
            .or(
                () ->
                    file.text("/journal/maxBytes").map(t -> ByteSize.parse(t, "journal.maxBytes")))
            .orElse(JournalSettings.DEFAULT_MAX_BYTES);
    return JournalSettings.of(dir).withMaxBytes(maxBytes);
  }

  /** What the embedded broker keeps, and the free disk space kept in reserve. */
  Service.Storage storage(ServiceConfig file) {
    long retentionBytes =
        Optional.ofNullable(kafkaRetentionBytes)
            .map(text -> ByteSize.parse(text, "--kafka-retention-bytes"))
            .or(
                () ->
                    file.text("/kafka/retentionBytes")
                        .map(t -> ByteSize.parse(t, "kafka.retentionBytes")))
            .orElse(Service.Storage.DEFAULT.retentionBytes());
    int hours =
        Optional.ofNullable(kafkaRetentionHours)
            .or(() -> file.integer("/kafka/retentionHours"))
            .orElse((int) Service.Storage.DEFAULT.retention().toHours());
    if (hours < 1) {
      throw new UserError(
          "the embedded broker's retention must be at least 1 hour (--kafka-retention-hours,"
              + " kafka.retentionHours), was "
              + hours);
    }
    long minFree =
        Optional.ofNullable(minFreeDisk)
            .map(text -> ByteSize.parse(text, "--min-free-disk"))
            .or(() -> file.text("/minFreeDisk").map(t -> ByteSize.parse(t, "minFreeDisk")))
            .orElse(Service.Storage.DEFAULT.minFreeBytes());
    return new Service.Storage(retentionBytes, Duration.ofHours(hours), minFree);
  }

  /** What the options and the configuration file say to run. */
  Service.Settings settings() {
    ServiceConfig file = config == null ? ServiceConfig.empty() : ServiceConfig.read(config);
    String serverName =
        Optional.ofNullable(server)
            .or(() -> file.text("/server"))
            .orElse(TenantConfig.DEFAULT_SERVER);
    Configuration configuration = configuration(file, serverName);
    Path data = Optional.ofNullable(dataDir).orElse(Path.of(file.text("/dataDir").orElse("data")));
    TopicNames topics =
        new TopicNames(
            file.text("/kafka/topics/agentState").orElse(TopicNames.defaults().agentState()),
            file.text("/kafka/topics/callThread").orElse(TopicNames.defaults().callThread()));
    return new Service.Settings(
        configuration.tenants(),
        Optional.ofNullable(kafka.bootstrap).or(() -> file.text("/kafka/bootstrap")),
        data,
        Optional.ofNullable(kafka.port).or(() -> file.integer("/kafka/port")).orElse(9092),
        file.kafkaProperties(),
        topics,
        file.integer("/kafka/partitions").orElse(6),
        file.replicationFactor(),
        api(file, configuration, serverName));
  }

  /** How the API is served: the address, the keys, TLS, the limits, and how to reload. */
  ApiSettings api(ServiceConfig file, Configuration configuration, String serverName) {
    InetSocketAddress address =
        new InetSocketAddress(
            Optional.ofNullable(httpHost).or(() -> file.text("/http/host")).orElse("127.0.0.1"),
            Optional.ofNullable(httpPort).or(() -> file.integer("/http/port")).orElse(8080));
    ApiSettings api =
        ApiSettings.open(address)
            .withCredentials(configuration.credentials())
            .withServer(serverName);
    Optional<String> keyStore = file.text("/http/tls/keyStore");
    if (keyStore.isPresent()) {
      api =
          api.withTls(
              new TlsSettings(
                  Path.of(keyStore.get()),
                  file.text("/http/tls/password").orElse(""),
                  file.text("/http/tls/type").orElse("PKCS12")));
    } else if (file.text("/http/tls/password").isPresent()) {
      throw new UserError("configuration http.tls needs keyStore: the path of the key store");
    }
    try {
      api =
          api.withRateLimit(
                  new RateLimit(
                      file.number("/http/rateLimit/perSecond")
                          .orElse(RateLimit.DEFAULT.perSecond()),
                      file.integer("/http/rateLimit/burst").orElse(RateLimit.DEFAULT.burst())))
              .withWebSocket(
                  new WebSocketLimits(
                      file.integer("/http/webSocket/queueMessages")
                          .orElse(WebSocketLimits.DEFAULT.queueMessages()),
                      file.integer("/http/webSocket/queueBytes")
                          .map(Integer::longValue)
                          .orElse(WebSocketLimits.DEFAULT.queueBytes()),
                      file.integer("/http/webSocket/connectionsPerClient")
                          .orElse(WebSocketLimits.DEFAULT.connectionsPerClient())));
    } catch (IllegalArgumentException e) {
      throw new UserError("configuration http: " + e.getMessage(), e);
    }
    if (config != null || directory != null) {
      api = api.withReload(this::reload);
    }
    try {
      // before Kafka starts, so that a mistake is reported at once
      api.check();
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
    return api;
  }

  /** The tenants and keys the files give now; for POST /v1/admin/reload. */
  private Configuration reload() {
    try {
      ServiceConfig file = config == null ? ServiceConfig.empty() : ServiceConfig.read(config);
      String serverName =
          Optional.ofNullable(server)
              .or(() -> file.text("/server"))
              .orElse(TenantConfig.DEFAULT_SERVER);
      return configuration(file, serverName);
    } catch (UserError e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  private Configuration configuration(ServiceConfig file, String serverName) {
    DirectoryFile.Entries entries;
    if (directory != null) {
      entries = DirectoryFile.read(directory, serverName);
    } else {
      entries =
          file.tenants()
              .map(node -> DirectoryFile.parse(node, serverName, config + ": tenants"))
              .orElseGet(
                  () ->
                      new DirectoryFile.Entries(
                          DirectoryFile.demo(serverName), Map.of(), Map.of()));
    }
    return new Configuration(
        entries.tenants(),
        new Credentials(file.adminKeys(), entries.apiKeys(), entries.networkKeys()));
  }

  /** The settings of this instance of cluster {@code --cluster}, from the options and the file. */
  ClusterSettings clusterSettings(Service.Settings settings) {
    if (settings.externalKafka().isEmpty()) {
      throw new UserError(
          "--cluster needs --kafka BOOTSTRAP: the Kafka cluster that the instances share (for a"
              + " try on one machine, ./switchboard dev-cluster --brokers 3 starts one)");
    }
    if (simulate != null) {
      throw new UserError(
          "--simulate runs with a single instance only; run the simulation without --cluster");
    }
    ServiceConfig file = config == null ? ServiceConfig.empty() : ServiceConfig.read(config);
    String id =
        Optional.ofNullable(instance)
            .orElseGet(() -> "i-" + UUID.randomUUID().toString().substring(0, 8));
    try {
      return new ClusterSettings(
          cluster,
          id,
          settings.externalKafka().get(),
          settings.kafkaProperties(),
          settings.topics(),
          file.integer("/cluster/partitions").orElse(ClusterSettings.DEFAULT_PARTITIONS),
          "",
          file.integer("/cluster/sessionTimeoutMs")
              .map(Duration::ofMillis)
              .orElse(ClusterSettings.DEFAULT_SESSION_TIMEOUT),
          file.integer("/cluster/commitTimeoutMs")
              .map(Duration::ofMillis)
              .orElse(ClusterSettings.DEFAULT_COMMIT_TIMEOUT),
          file.integer("/cluster/snapshotSteps").orElse(ClusterSettings.DEFAULT_SNAPSHOT_STEPS),
          file.integer("/cluster/commitIntervalMs")
              .map(Duration::ofMillis)
              .orElse(ClusterSettings.DEFAULT_COMMIT_INTERVAL),
          stepEvents(file));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    }
  }

  /** {@code cluster.stepEvents}: {@code digests} (the default) or {@code bodies}. */
  private static ClusterSettings.StepEvents stepEvents(ServiceConfig file) {
    Optional<String> value = file.text("/cluster/stepEvents");
    if (value.isEmpty()) {
      return ClusterSettings.StepEvents.DIGESTS;
    }
    return switch (value.get()) {
      case "digests" -> ClusterSettings.StepEvents.DIGESTS;
      case "bodies" -> ClusterSettings.StepEvents.BODIES;
      default ->
          throw new UserError(
              file.source()
                  + ": cluster.stepEvents is '"
                  + value.get()
                  + "'; it must be digests (the default) or bodies (while a rolling upgrade from"
                  + " a version without step digests is under way)");
    };
  }
}
