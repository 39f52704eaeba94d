package io.switchboard.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka cluster of several KRaft nodes on 127.0.0.1, each node broker and controller in a JVM of
 * its own, started from the Kafka jars on this process's class path. It is made for trying cluster
 * mode on one machine and for tests that kill brokers ({@link #kill(int)} is {@code kill -9}).
 *
 * <p>The nodes are numbered from 0 (Kafka node ids from 1). The data directory holds {@code
 * cluster.id} and {@code nodes} (written once, so that a later start on the same directory is the
 * same cluster) and one directory per node, {@code node-0}, {@code node-1}, ..., with its
 * configuration ({@code server.properties}), its log directory ({@code logs/}) and its output
 * ({@code node.log}).
 *
 * <p>Replicated like a production cluster: {@code default.replication.factor} is the number of
 * nodes up to 3, {@code min.insync.replicas} is 2 from three nodes on, and the internal topics
 * (consumer offsets, transaction state) are replicated alike; unclean leader election is off.
 * Topics are never created automatically. The ports are picked free at each {@link #start} and kept
 * by {@link #restart(int)}.
 *
 * <p>A node never outlives the process that started it: {@link #close()} stops every node, a
 * shutdown hook closes the cluster when the JVM ends first, and a node ends by itself when its
 * starting process is gone (even killed with {@code kill -9}). The methods may be called from any
 * thread; they wait for one another.
 */
public final class LocalKafkaCluster implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalKafkaCluster.class);

  private static final String HOST = "127.0.0.1";
  private static final String LOG_FILE = "node.log";
  private static final String READY_FILE = "ready";
  private static final int START_ATTEMPTS = 3;
  private static final int MAX_NODES = 9;
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FEATURE_TIMEOUT = Duration.ofSeconds(30);
  private static final int TAIL_LINES = 30;

  private final Path dataDir;
  private final String clusterId;
  private final int[] clientPorts;
  private final int[] controllerPorts;
  private final Process[] processes;
  private final Map<String, String> overrides;
  private final Thread shutdownHook;
  private boolean closed;

  private LocalKafkaCluster(
      Path dataDir,
      String clusterId,
      int[] clientPorts,
      int[] controllerPorts,
      Map<String, String> overrides) {
    this.dataDir = dataDir;
    this.overrides = overrides;
    this.clusterId = clusterId;
    this.clientPorts = clientPorts;
    this.controllerPorts = controllerPorts;
    this.processes = new Process[clientPorts.length];
    this.shutdownHook = new Thread(this::close, "local-kafka-cluster-shutdown");
  }

  /**
   * Starts a cluster of {@code nodes} nodes on {@code dataDir} (created if missing; formatted the
   * first time only) and waits until every node serves and the cluster reports {@code nodes}
   * brokers.
   *
   * @param nodes how many nodes, 1 to 9
   * @param dataDir the cluster's data directory; a directory of an earlier start of the same size
   *     starts that cluster again, with its topics and records
   * @throws IllegalArgumentException if {@code nodes} is out of range, or {@code dataDir} holds a
   *     cluster of another size
   * @throws IllegalStateException if a node did not start, naming its log file, with its last lines
   */
  public static LocalKafkaCluster start(int nodes, Path dataDir) {
    return start(nodes, dataDir, Map.of());
  }

  /**
   * Starts a cluster as {@link #start(int, Path)} does, with broker {@code overrides} applied last
   * on every node (for example {@code broker.session.timeout.ms} to notice a dead broker sooner).
   */
  public static LocalKafkaCluster start(int nodes, Path dataDir, Map<String, String> overrides) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(overrides, "overrides");
    if (nodes < 1 || nodes > MAX_NODES) {
      throw new IllegalArgumentException(
          "A local Kafka cluster has 1 to " + MAX_NODES + " nodes, asked for " + nodes);
    }
    Path dir = dataDir.toAbsolutePath();
    String clusterId = ClusterDirectory.clusterId(dir, nodes);
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int[] ports = freePorts(2 * nodes);
      int[] client = new int[nodes];
      int[] controller = new int[nodes];
      for (int i = 0; i < nodes; i++) {
        client[i] = ports[2 * i];
        controller[i] = ports[2 * i + 1];
      }
      LocalKafkaCluster cluster =
          new LocalKafkaCluster(dir, clusterId, client, controller, Map.copyOf(overrides));
      Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
      try {
        for (int i = 0; i < nodes; i++) {
          cluster.writeConfig(i);
          cluster.format(i);
        }
        for (int i = 0; i < nodes; i++) {
          cluster.launch(i);
        }
        Set<Integer> all = new HashSet<>();
        for (int i = 0; i < nodes; i++) {
          all.add(i);
        }
        cluster.awaitServing(all, START_TIMEOUT);
        log.info(
            "Local Kafka cluster of {} node(s) ready on {} (cluster {}, data in {})",
            nodes,
            cluster.bootstrap(),
            clusterId,
            dir);
        return cluster;
      } catch (RuntimeException e) {
        cluster.close();
        last = e;
        if (!(e instanceof PortTaken)) {
          throw e;
        }
        log.warn(
            "Local Kafka cluster: a port was taken while starting (attempt {} of {}), retrying"
                + " with other ports",
            attempt,
            START_ATTEMPTS);
      }
    }
    throw new IllegalStateException(
        last.getMessage() + " (no free ports found in " + START_ATTEMPTS + " attempts)", last);
  }

  /** The bootstrap servers of every node, e.g. {@code 127.0.0.1:41001,127.0.0.1:41003}. */
  public String bootstrap() {
    List<String> servers = new ArrayList<>();
    for (int port : clientPorts) {
      servers.add(HOST + ":" + port);
    }
    return String.join(",", servers);
  }

  /** How many nodes the cluster has, running or not. */
  public int size() {
    return clientPorts.length;
  }

  /** The cluster id, the same on every start on this data directory. */
  public String clusterId() {
    return clusterId;
  }

  /** The data directory, as an absolute path. */
  public Path dataDir() {
    return dataDir;
  }

  /** The client port of {@code node} on 127.0.0.1. */
  public int port(int node) {
    check(node);
    return clientPorts[node];
  }

  /** Where the output of {@code node} goes (appended on each start). */
  public Path logFile(int node) {
    check(node);
    return nodeDir(node).resolve(LOG_FILE);
  }

  /** Whether the process of {@code node} runs. */
  public synchronized boolean isRunning(int node) {
    check(node);
    return processes[node] != null && processes[node].isAlive();
  }

  /**
   * The process id of {@code node}, for {@code kill} from a shell.
   *
   * @throws IllegalStateException if it is not running
   */
  public synchronized long pid(int node) {
    if (!isRunning(node)) {
      throw new IllegalStateException("Local Kafka node " + node + " is not running");
    }
    return processes[node].pid();
  }

  /**
   * Kafka's transaction protocol version as the cluster has finalized it ({@link
   * TransactionVersion}); 0 when it does not say, or does not answer within 30 seconds.
   */
  public int transactionVersion() {
    try (Admin admin = admin()) {
      return TransactionVersion.finalized(admin, FEATURE_TIMEOUT).orElse(0);
    }
  }

  /**
   * Finalizes Kafka's transaction protocol {@code version} (1 or 2) on the cluster; it is kept
   * across restarts on the same data directory.
   *
   * @throws IllegalArgumentException if {@code version} is not 1 or 2
   * @throws IllegalStateException if the cluster refuses it, with its reason
   */
  public void finalizeTransactionVersion(int version) {
    try (Admin admin = admin()) {
      TransactionVersion.finalize(admin, version, FEATURE_TIMEOUT);
    }
  }

  private Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrap(),
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            (int) FEATURE_TIMEOUT.toMillis()));
  }

  /**
   * The CPU time the running nodes' processes have used since they started, summed; a benchmark
   * reads it before and after a run to tell what the brokers spent on it. Zero for a node whose
   * operating system does not say.
   */
  public synchronized Duration cpuTime() {
    Duration total = Duration.ZERO;
    for (Process process : processes) {
      if (process != null && process.isAlive()) {
        total = total.plus(process.info().totalCpuDuration().orElse(Duration.ZERO));
      }
    }
    return total;
  }

  /**
   * Kills {@code node} with SIGKILL, as {@code kill -9} does, and waits until its process is gone.
   * Does nothing if it is not running.
   */
  public synchronized void kill(int node) {
    check(node);
    Process process = processes[node];
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit(process, KILL_TIMEOUT, node);
    log.info("Local Kafka node {} killed", node);
  }

  /**
   * Stops {@code node} in order (SIGTERM: it hands its partitions over) and waits until its process
   * is gone; kills it if it takes longer than 30 seconds. Does nothing if it is not running.
   */
  public synchronized void stop(int node) {
    check(node);
    Process process = processes[node];
    if (process == null || !process.isAlive()) {
      return;
    }
    terminate(process);
    if (!waitFor(process, STOP_TIMEOUT)) {
      log.warn(
          "Local Kafka node {} did not stop within {} s; killing it",
          node,
          STOP_TIMEOUT.toSeconds());
      process.destroyForcibly();
      awaitExit(process, KILL_TIMEOUT, node);
    }
    log.info("Local Kafka node {} stopped", node);
  }

  /**
   * Starts {@code node} again on its data, with its ports, and waits until it serves and the
   * cluster reports it among its brokers.
   *
   * @throws IllegalStateException if it is running, or did not start (with the end of its log)
   */
  public synchronized void restart(int node) {
    check(node);
    if (closed) {
      throw new IllegalStateException("This local Kafka cluster is closed: start it again instead");
    }
    if (isRunning(node)) {
      throw new IllegalStateException(
          "Local Kafka node " + node + " is running: stop or kill it before restarting it");
    }
    launch(node);
    awaitServing(Set.of(node), START_TIMEOUT);
    log.info("Local Kafka node {} restarted on port {}", node, clientPorts[node]);
  }

  /** Stops every node: in order, all at once, then kills those still running after 30 seconds. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Process process : processes) {
      if (process != null && process.isAlive()) {
        terminate(process);
      }
    }
    for (int i = 0; i < processes.length; i++) {
      if (processes[i] != null && !waitFor(processes[i], STOP_TIMEOUT)) {
        log.warn(
            "Local Kafka node {} did not stop within {} s; killing it",
            i,
            STOP_TIMEOUT.toSeconds());
      }
    }
    killAll();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook runs anyway, and finds nothing to kill
    }
  }

  /**
   * Sends SIGTERM, leaving the node's standard input open: {@link Process#destroy()} would close
   * it, and the node would end at once instead of stopping in order.
   */
  private static void terminate(Process process) {
    process.toHandle().destroy();
  }

  private void killAll() {
    for (int i = 0; i < processes.length; i++) {
      Process process = processes[i];
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
        waitFor(process, KILL_TIMEOUT);
      }
    }
  }

  private void check(int node) {
    if (node < 0 || node >= clientPorts.length) {
      throw new IllegalArgumentException(
          "No node " + node + ": this cluster has nodes 0 to " + (clientPorts.length - 1));
    }
  }

  private Path nodeDir(int node) {
    return dataDir.resolve("node-" + node);
  }

  private void writeConfig(int node) {
    Path dir = nodeDir(node);
    Properties props = new Properties();
    props.putAll(NodeConfig.properties(node, clientPorts, controllerPorts, dir.resolve("logs")));
    props.putAll(overrides);
    try {
      Files.createDirectories(dir.resolve("logs"));
      try (var out = Files.newBufferedWriter(dir.resolve("server.properties"))) {
        props.store(
            out, "Local Kafka cluster, node " + node + ": configuration of the latest start");
      }
      Files.writeString(dir.resolve("logback.xml"), NodeConfig.LOGBACK, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot write the configuration of local Kafka node " + node + " in " + dir, e);
    }
  }

  /** Formats the node's log directory unless it already is, as {@code kafka-storage.sh} does. */
  private void format(int node) {
    Path dir = nodeDir(node);
    if (Files.exists(dir.resolve("logs").resolve("meta.properties"))) {
      return;
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      status =
          StorageTool.execute(
              new String[] {
                "format",
                "--ignore-formatted",
                "-t",
                clusterId,
                "-c",
                dir.resolve("server.properties").toString()
              },
              out);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot format the log directory of local Kafka node " + node + ": " + e.getMessage(), e);
    }
    if (status != 0) {
      throw new IllegalStateException(
          "Formatting the log directory of local Kafka node "
              + node
              + " failed with status "
              + status
              + ": "
              + output.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private synchronized void launch(int node) {
    Path dir = nodeDir(node);
    Path ready = dir.resolve(READY_FILE);
    try {
      Files.deleteIfExists(ready);
      Files.writeString(
          logFile(node),
          "---- starting node " + node + " (Kafka node id " + (node + 1) + ")\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare " + dir + " for local Kafka node " + node, e);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    if (Runtime.version().feature() >= 24) {
      command.add("--enable-native-access=ALL-UNNAMED");
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.add("-Djava.awt.headless=true");
    command.add("-Dlogback.configurationFile=" + dir.resolve("logback.xml"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LocalKafkaNode.class.getName());
    command.add(dir.resolve("server.properties").toString());
    command.add(ready.toString());
    try {
      processes[node] =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(node).toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot start the JVM of local Kafka node " + node + ": " + e.getMessage(), e);
    }
  }

  /**
   * Waits until each of {@code nodes} has written its ready file and the cluster reports every
   * running node among its brokers.
   */
  private void awaitServing(Set<Integer> nodes, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    Set<Integer> waiting = new HashSet<>(nodes);
    while (!waiting.isEmpty()) {
      for (int node : Set.copyOf(waiting)) {
        Process process = processes[node];
        if (Files.exists(nodeDir(node).resolve(READY_FILE))) {
          waiting.remove(node);
        } else if (!process.isAlive()) {
          throw failed(node, "its process ended with status " + process.exitValue());
        }
      }
      if (System.nanoTime() > deadline) {
        throw failed(
            waiting.iterator().next(), "it did not serve within " + timeout.toSeconds() + " s");
      }
      sleep(100);
    }
    Set<Integer> expected = new HashSet<>();
    for (int i = 0; i < processes.length; i++) {
      if (isRunning(i)) {
        expected.add(i + 1);
      }
    }
    Map<String, Object> config = new LinkedHashMap<>();
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
    Set<Integer> seen = Set.of();
    try (Admin admin = Admin.create(config)) {
      while (System.nanoTime() < deadline) {
        try {
          seen =
              admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                  .map(Node::id)
                  .collect(Collectors.toSet());
          if (seen.containsAll(expected)) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          // not yet
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for the Kafka cluster", e);
        }
        sleep(200);
      }
    }
    throw new IllegalStateException(
        "The local Kafka cluster on "
            + bootstrap()
            + " reports brokers "
            + seen
            + " after "
            + timeout.toSeconds()
            + " s, expected "
            + expected
            + " (Kafka node ids): see the logs "
            + dataDir.resolve("node-*").resolve(LOG_FILE));
  }

  private IllegalStateException failed(int node, String why) {
    Path file = logFile(node);
    String tail = tail(file);
    String message =
        "Local Kafka node "
            + node
            + " did not start: "
            + why
            + ". Its log "
            + file
            + " ends with:\n"
            + tail;
    if (tail.contains("Address already in use")) {
      return new PortTaken(message);
    }
    return new IllegalStateException(message);
  }

  private static String tail(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read it: " + e.getMessage() + ")";
    }
  }

  private static void awaitExit(Process process, Duration timeout, int node) {
    if (!waitFor(process, timeout)) {
      throw new IllegalStateException(
          "Local Kafka node "
              + node
              + " (pid "
              + process.pid()
              + ") still runs "
              + timeout.toSeconds()
              + " s after it was killed");
    }
  }

  private static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the Kafka cluster", e);
    }
  }

  /** {@code count} distinct free ports on 127.0.0.1, held together while picked. */
  private static int[] freePorts(int count) {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      int[] ports = new int[count];
      for (int i = 0; i < count; i++) {
        ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST));
        sockets.add(socket);
        ports[i] = socket.getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find free ports on " + HOST, e);
    } finally {
      for (ServerSocket socket : sockets) {
        try {
          socket.close();
        } catch (IOException e) {
          // it was only a probe
        }
      }
    }
  }

  /** A node could not bind one of its ports: someone took it between the pick and the start. */
  private static final class PortTaken extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortTaken(String message) {
      super(message);
    }
  }
}
