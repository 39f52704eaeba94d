package io.switchboard.app;

import io.switchboard.kafka.LocalKafkaCluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard dev-cluster}: a Kafka cluster of several brokers on this machine ({@link
 * LocalKafkaCluster}), to try cluster mode without Docker. When it is ready it prints, on standard
 * output, the bootstrap address, the data directory and one line per broker; it runs until it is
 * stopped (Ctrl-C, SIGTERM), then stops the brokers.
 */
@Command(
    name = "dev-cluster",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a Kafka cluster of several brokers on 127.0.0.1 until Ctrl-C.",
      "Each broker is a JVM of its own: to try cluster mode on one machine. Give the bootstrap",
      "it prints to --kafka; kill -9 a broker by its pid to watch a failover.",
      "New topics get 3 replicas (fewer brokers: one per broker); min.insync.replicas",
      "is 2 from 3 brokers on. See docs/cluster.md."
    })
final class DevClusterCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(DevClusterCommand.class);

  @Spec CommandSpec spec;

  @Option(
      names = "--brokers",
      paramLabel = "N",
      defaultValue = "3",
      description = "How many brokers, 1 to 9 (default: ${DEFAULT-VALUE}).")
  int brokers;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "dev-cluster",
      description =
          "Where the brokers keep their data and logs (default: ${DEFAULT-VALUE}); started again on"
              + " the same directory, the cluster keeps its topics and records.")
  Path dataDir;

  @Option(
      names = "--transaction-version",
      paramLabel = "N",
      description =
          "Kafka's transaction protocol version, transaction.version: 2 (Kafka's default) or 1,"
              + " with which cluster mode measured a lower median latency (docs/cluster.md,"
              + " Sizing); default: as the cluster has it.")
  Integer transactionVersion;

  /** Counted down to stop the command; also by the JVM's shutdown. */
  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws InterruptedException {
    if (brokers < 1 || brokers > 9) {
      throw new UserError("--brokers must be 1 to 9, was " + brokers);
    }
    if (transactionVersion != null && (transactionVersion < 1 || transactionVersion > 2)) {
      throw new UserError("--transaction-version is 1 or 2, was " + transactionVersion);
    }
    LocalKafkaCluster cluster;
    try {
      cluster = LocalKafkaCluster.start(brokers, dataDir);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), e);
    } catch (IllegalStateException e) {
      throw new UserError("cannot start the Kafka cluster: " + e.getMessage(), e);
    }
    int version;
    try {
      if (transactionVersion != null) {
        cluster.finalizeTransactionVersion(transactionVersion);
      }
      version = cluster.transactionVersion();
    } catch (IllegalStateException e) {
      cluster.close();
      throw new UserError("cannot set Kafka's transaction protocol version: " + e.getMessage(), e);
    }
    Thread hook =
        new Thread(
            () -> {
              LOG.info("stopping the Kafka cluster");
              stopped.countDown();
              cluster.close();
            },
            "dev-cluster-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      PrintWriter out = spec.commandLine().getOut();
      out.println("Kafka bootstrap: " + cluster.bootstrap());
      out.println("Data: " + cluster.dataDir());
      for (int node = 0; node < cluster.size(); node++) {
        out.println(
            "Broker "
                + node
                + ": 127.0.0.1:"
                + cluster.port(node)
                + " (pid "
                + cluster.pid(node)
                + ", log "
                + cluster.logFile(node)
                + ")");
      }
      out.println("Transaction protocol: version " + version + " (transaction.version)");
      out.println("Stop with Ctrl-C.");
      out.flush();
      watch(cluster);
      return 0;
    } finally {
      cluster.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is shutting down: the hook has run or runs now
      }
    }
  }

  /** Waits until stopped, saying once when a broker ends while the cluster runs. */
  private void watch(LocalKafkaCluster cluster) throws InterruptedException {
    boolean[] reported = new boolean[cluster.size()];
    while (!stopped.await(2, TimeUnit.SECONDS)) {
      for (int node = 0; node < cluster.size(); node++) {
        boolean running = cluster.isRunning(node);
        // counted down before the brokers are stopped: their stop is not reported
        if (!running && !reported[node] && stopped.getCount() > 0) {
          LOG.warn(
              "broker {} has stopped (see {}); the others go on. Start the command again on the"
                  + " same --data-dir to bring it back.",
              node,
              cluster.logFile(node));
        }
        reported[node] = !running;
      }
    }
  }
}
