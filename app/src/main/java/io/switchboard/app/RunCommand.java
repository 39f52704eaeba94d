package io.switchboard.app;

import io.switchboard.engine.TenantConfig;
import io.switchboard.kafka.TopicNames;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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

  @Override
  public Integer call() throws InterruptedException {
    ServiceConfig file = config == null ? ServiceConfig.empty() : ServiceConfig.read(config);
    String serverName =
        Optional.ofNullable(server)
            .or(() -> file.text("/server"))
            .orElse(TenantConfig.DEFAULT_SERVER);
    List<TenantConfig> tenants = tenants(file, serverName);
    Path data = Optional.ofNullable(dataDir).orElse(Path.of(file.text("/dataDir").orElse("data")));
    TopicNames topics =
        new TopicNames(
            file.text("/kafka/topics/agentState").orElse(TopicNames.defaults().agentState()),
            file.text("/kafka/topics/callThread").orElse(TopicNames.defaults().callThread()));
    Service service =
        Service.start(
            new Service.Settings(
                tenants,
                Optional.ofNullable(kafka.bootstrap).or(() -> file.text("/kafka/bootstrap")),
                data,
                Optional.ofNullable(kafka.port).or(() -> file.integer("/kafka/port")).orElse(9092),
                file.kafkaProperties(),
                topics,
                file.integer("/kafka/partitions").orElse(6),
                file.integer("/kafka/replicationFactor").orElse(1).shortValue(),
                new InetSocketAddress(
                    Optional.ofNullable(httpHost)
                        .or(() -> file.text("/http/host"))
                        .orElse("127.0.0.1"),
                    Optional.ofNullable(httpPort)
                        .or(() -> file.integer("/http/port"))
                        .orElse(8080))));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("stopping");
                  service.close();
                  stopped.countDown();
                },
                "switchboard-shutdown"));
    PrintWriter out = spec.commandLine().getOut();
    out.println("Kafka bootstrap: " + service.kafkaBootstrap());
    out.println("HTTP: " + service.httpUrl());
    out.flush();
    LOG.info("ready: tenants {}, topics {}", service.tenants().ids(), topics.all());
    stopped.await();
    return 0;
  }

  private List<TenantConfig> tenants(ServiceConfig file, String serverName) {
    if (directory != null) {
      return DirectoryFile.read(directory, serverName);
    }
    return file.tenants()
        .map(node -> DirectoryFile.parse(node, serverName, config + ": tenants"))
        .orElseGet(() -> DirectoryFile.demo(serverName));
  }
}
