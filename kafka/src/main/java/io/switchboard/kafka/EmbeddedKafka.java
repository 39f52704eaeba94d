package io.switchboard.kafka;

import io.switchboard.journal.DirectoryLock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker in KRaft mode (broker and controller in one node), running
 * inside this JVM and listening on 127.0.0.1 only.
 *
 * <p>The data directory survives restarts: the log directory is formatted the first time only, and
 * the cluster id is kept beside it in {@code cluster.id}, so a broker started again on the same
 * directory keeps its topics and records. The directory holds:
 *
 * <ul>
 *   <li>{@code cluster.id}: the cluster id, written once;
 *   <li>{@code logs/}: the broker's log directory (records and cluster metadata);
 *   <li>{@code server.properties}: the configuration of the latest start, for inspection only;
 *   <li>{@code broker.lock}: held while a broker runs, so that only one uses the directory.
 * </ul>
 *
 * <p>Internal topics have replication factor 1; topics are never created automatically (see {@link
 * Topics}). The broker logs at INFO through SLF4J about 2,000 lines per start and stop: a caller
 * that does not want them sets the {@code kafka}, {@code org.apache.kafka} and {@code
 * state.change.logger} loggers to WARN.
 *
 * <p>A fatal broker fault would normally end the process through Kafka's {@link Exit}. While an
 * embedded broker runs, that is replaced: the fault is logged at ERROR, every running embedded
 * broker is marked failed (see {@link #failure()}), and the faulting broker thread gets an
 * exception instead. The procedures are restored when the last embedded broker is closed.
 *
 * <p>Always {@link #close()} it: the broker's threads are not daemons and keep the JVM alive.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);

  /** The address the embedded broker listens on. */
  public static final String HOST = "127.0.0.1";

  private static final int NODE_ID = 1;
  private static final int START_ATTEMPTS = 5;
  private static final String CLUSTER_ID_FILE = "cluster.id";
  private static final String LOG_DIR = "logs";
  private static final String PROPERTIES_FILE = "server.properties";
  private static final String LOCK_FILE = "broker.lock";

  /** Running brokers, all marked failed when Kafka asks to end the process. */
  private static final Set<EmbeddedKafka> running = ConcurrentHashMap.newKeySet();

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final String clusterId;
  private final int port;
  private final DirectoryLock lock;
  private final AtomicReference<String> failure = new AtomicReference<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(
      KafkaRaftServer server, Path dataDir, String clusterId, int port, DirectoryLock lock) {
    this.server = server;
    this.lock = lock;
    this.dataDir = dataDir;
    this.clusterId = clusterId;
    this.port = port;
  }

  /**
   * Starts a broker on {@code dataDir} (created if missing) with Kafka's defaults for everything
   * not listed in the class description.
   *
   * @param port the client port on 127.0.0.1, or 0 to pick a free one; the controller port is
   *     always picked
   * @throws IllegalStateException if the broker could not start, with the reason
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, Map.of());
  }

  /**
   * Starts a broker as {@link #start(Path, int)} does, with broker {@code overrides} applied last
   * (for example {@code log.flush.interval.messages=1} to sync every write to disk before it is
   * acknowledged, or a retention setting).
   */
  public static EmbeddedKafka start(Path dataDir, int port, Map<String, String> overrides) {
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(overrides, "overrides");
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0 (pick a free one) to 65535, was " + port);
    }
    if (port != 0 && !free(port)) {
      throw new IllegalStateException(
          "Cannot start the embedded Kafka broker: port "
              + port
              + " on "
              + HOST
              + " is in use. Stop what listens there, or choose another port (0 picks a free"
              + " one).");
    }
    Path absolute = dataDir.toAbsolutePath();
    Path logDir = absolute.resolve(LOG_DIR);
    try {
      Files.createDirectories(logDir);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot create the Kafka data directory " + logDir + ": check its parent's permissions",
          e);
    }
    DirectoryLock lock = lock(absolute);
    try {
      return start(absolute, logDir, port, overrides, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  private static EmbeddedKafka start(
      Path absolute, Path logDir, int port, Map<String, String> overrides, DirectoryLock lock) {
    String clusterId = clusterId(absolute, logDir);
    RuntimeException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      Properties props = brokerProperties(logDir, clientPort, controllerPort, overrides);
      writeProperties(absolute.resolve(PROPERTIES_FILE), props);
      format(props, clusterId, logDir);
      KafkaRaftServer server = new KafkaRaftServer(config(props), Time.SYSTEM);
      EmbeddedKafka broker = new EmbeddedKafka(server, absolute, clusterId, clientPort, lock);
      register(broker);
      try {
        server.startup();
        log.info(
            "Embedded Kafka broker ready on {}:{} (cluster {}, data in {})",
            HOST,
            clientPort,
            clusterId,
            absolute);
        return broker;
      } catch (RuntimeException e) {
        // a failed startup leaves non-daemon threads behind that only shutdown() ends
        try {
          broker.stop();
        } catch (RuntimeException stopping) {
          e.addSuppressed(stopping);
        }
        last = e;
        if (!addressInUse(e) || port != 0) {
          // only free ports are tried again: a fixed port stays taken
          break;
        }
        log.warn(
            "Embedded Kafka broker: a port was taken while starting (attempt {} of {}), retrying"
                + " with other ports",
            attempt,
            START_ATTEMPTS);
      }
    }
    throw new IllegalStateException(
        "Cannot start the embedded Kafka broker on "
            + absolute
            + ": "
            + last.getMessage()
            + (addressInUse(last)
                ? " (no free port pair found; free some ports or pass a fixed port)"
                : " (see the broker's log for details)"),
        last);
  }

  /** The bootstrap servers of this broker, e.g. {@code 127.0.0.1:41237}. */
  public String bootstrapServers() {
    return HOST + ":" + port;
  }

  /** The client port on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** The cluster id, the same on every start on this data directory. */
  public String clusterId() {
    return clusterId;
  }

  /** The data directory, as an absolute path. */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Why the broker stopped serving, when a fatal fault hit it: Kafka would have ended the process
   * then. Empty while it is healthy. Since Kafka reports such faults without naming the broker,
   * every embedded broker running in this JVM at the time is marked.
   */
  public Optional<String> failure() {
    return Optional.ofNullable(failure.get());
  }

  /** Shuts the broker down and waits until it has stopped. Calling it again does nothing. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        stop();
      } finally {
        lock.close();
      }
      log.info("Embedded Kafka broker on {}:{} stopped", HOST, port);
    }
  }

  private void stop() {
    try {
      server.shutdown();
      server.awaitShutdown();
    } finally {
      unregister(this);
    }
  }

  /**
   * Claims {@code dataDir} for this broker. Kafka's own lock on the log directory comes too late:
   * by then a second controller would already have written to the metadata log.
   */
  private static DirectoryLock lock(Path dataDir) {
    return DirectoryLock.claim(
        dataDir,
        LOCK_FILE,
        "The Kafka data directory "
            + dataDir
            + " is in use by another embedded broker, in this process or another one: stop that"
            + " broker or choose another data directory.");
  }

  private static Properties brokerProperties(
      Path logDir, int clientPort, int controllerPort, Map<String, String> overrides) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + clientPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // one node: the internal topics cannot have more replicas than that
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // topics are created on purpose, with their partition count (see Topics)
    p.put("auto.create.topics.enable", "false");
    p.putAll(overrides);
    Properties props = new Properties();
    props.putAll(p);
    return props;
  }

  private static KafkaConfig config(Properties props) {
    try {
      return KafkaConfig.fromProps(props);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "Invalid embedded broker configuration: " + e.getMessage() + ". Check the overrides.", e);
    }
  }

  /**
   * The stored cluster id; else the one of an already formatted log directory; else a new one.
   * Stored before formatting, so that a crash in between cannot leave two ids.
   */
  private static String clusterId(Path dataDir, Path logDir) {
    Path file = dataDir.resolve(CLUSTER_ID_FILE);
    try {
      if (Files.exists(file)) {
        String id = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (id.isEmpty()) {
          throw new IllegalStateException(
              file
                  + " is empty: restore the cluster id of this data directory into it, or delete"
                  + " the whole data directory to start afresh");
        }
        return id;
      }
      String id = formattedClusterId(logDir).orElseGet(() -> Uuid.randomUuid().toString());
      Path tmp = dataDir.resolve(CLUSTER_ID_FILE + ".tmp");
      Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      return id;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the cluster id file " + file, e);
    }
  }

  private static Optional<String> formattedClusterId(Path logDir) throws IOException {
    Path meta = logDir.resolve("meta.properties");
    if (!Files.exists(meta)) {
      return Optional.empty();
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(meta)) {
      props.load(in);
    }
    return Optional.ofNullable(props.getProperty("cluster.id"));
  }

  /**
   * Formats the log directory unless it already is, through the same entry point as {@code
   * kafka-storage.sh format --ignore-formatted}.
   */
  private static void format(Properties props, String clusterId, Path logDir) {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Path config = logDir.resolveSibling(PROPERTIES_FILE);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int status;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      status =
          StorageTool.execute(
              new String[] {
                "format", "--ignore-formatted", "-t", clusterId, "-c", config.toString()
              },
              out);
    } catch (Exception e) {
      throw new IllegalStateException(
          "Cannot format the Kafka log directory "
              + logDir
              + " with cluster id "
              + clusterId
              + ": "
              + e.getMessage()
              + ". If the directory holds data of another cluster, use another data directory.",
          e);
    }
    if (status != 0) {
      throw new IllegalStateException(
          "Formatting the Kafka log directory "
              + logDir
              + " failed with status "
              + status
              + ": "
              + output.toString(StandardCharsets.UTF_8).strip());
    }
    log.debug("Formatted {}: {}", logDir, output.toString(StandardCharsets.UTF_8).strip());
  }

  private static void writeProperties(Path file, Properties props) {
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      props.store(out, "Embedded Kafka broker: configuration of the latest start");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write the broker configuration " + file, e);
    }
  }

  private static synchronized void register(EmbeddedKafka broker) {
    if (running.isEmpty()) {
      installExitGuard();
    }
    running.add(broker);
  }

  private static synchronized void unregister(EmbeddedKafka broker) {
    running.remove(broker);
    if (running.isEmpty()) {
      Exit.resetHaltProcedure();
      Exit.resetExitProcedure();
    }
  }

  private static void installExitGuard() {
    Exit.Procedure guard =
        (status, message) -> {
          String why =
              "Kafka asked to end the process (status "
                  + status
                  + (message == null ? "" : ": " + message)
                  + ") after a fatal fault in the embedded broker";
          log.error(
              "{}. The broker no longer serves; restart the service once the cause, logged above,"
                  + " is fixed.",
              why);
          running.forEach(broker -> broker.failure.compareAndSet(null, why));
          throw new IllegalStateException(why);
        };
    Exit.setHaltProcedure(guard);
    Exit.setExitProcedure(guard);
  }

  private static boolean addressInUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean free(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return probe.isBound();
    } catch (IOException e) {
      return false;
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot find a free port on " + HOST, e);
    }
  }
}
