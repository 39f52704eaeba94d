package io.switchboard.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import io.switchboard.json.Nearest;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service's configuration file ({@code --config FILE}, YAML). Every key is optional;
 * command-line options override the file.
 *
 * <pre>
 * server: switchboard-1          # the Server attribute of every event
 * dataDir: data                  # the embedded broker's data lives in dataDir/kafka
 * minFreeDisk: 512m              # steps are refused while the data's disk has less free
 * http:
 *   host: 127.0.0.1
 *   port: 8080
 *   adminKeys: [sha256:...]      # keys that act on every tenant and on /v1/admin
 *   tls: {keyStore: server.p12, password: ..., type: PKCS12}
 *   rateLimit: {perSecond: 50, burst: 100}
 *   webSocket: {queueMessages: 1000, queueBytes: 4194304, connectionsPerClient: 64}
 * kafka:
 *   bootstrap: broker1:9092      # an external cluster; absent: the embedded broker
 *   port: 9092                   # the embedded broker's port (0 picks a free one)
 *   partitions: 6                # for topics Switchboard creates
 *   replicationFactor: 3         # absent: the brokers' default.replication.factor
 *   topics: {agentState: voice-agentstate, callThread: voice-callthread}
 *   retentionBytes: 2g           # the most the embedded broker keeps of the events
 *   retentionHours: 24           # the longest it keeps an event
 *   properties:                  # passed to every Kafka client (security settings...)
 *     security.protocol: SASL_SSL
 * tenants:                       # as in a --directory file
 *   - tenant: acme
 *     apiKeys: [...]
 *     agents: ["1001", "1002"]    # the AgentIDs that may log in; absent: any AgentID
 *     directory: [{dn: "5001", type: Extension}]
 * cluster:                        # only with run --cluster (docs/cluster.md)
 *   partitions: 12                # of the step log, when it is created
 *   sessionTimeoutMs: 6000        # a silent instance keeps its tenants this long
 *   commitTimeoutMs: 10000        # the longest a step waits for Kafka before it is refused
 *   snapshotSteps: 100000         # a tenant's steps between two snapshots of it
 *   commitIntervalMs: 100         # how long a transaction stays open: events' visibility delay
 *   stepEvents: digests           # or bodies, during a rolling upgrade from an earlier version
 * </pre>
 */
record ServiceConfig(JsonNode root, String source) {

  private static final Set<String> KEYS =
      Set.of("server", "dataDir", "minFreeDisk", "http", "kafka", "tenants", "journal", "cluster");
  private static final Set<String> CLUSTER_KEYS =
      Set.of(
          "partitions",
          "sessionTimeoutMs",
          "commitTimeoutMs",
          "snapshotSteps",
          "commitIntervalMs",
          "stepEvents");
  private static final Set<String> JOURNAL_KEYS = Set.of("dir", "maxBytes");
  private static final Set<String> HTTP_KEYS =
      Set.of("host", "port", "adminKeys", "tls", "rateLimit", "webSocket");
  private static final Set<String> TLS_KEYS = Set.of("keyStore", "password", "type");
  private static final Set<String> RATE_KEYS = Set.of("perSecond", "burst");
  private static final Set<String> WEBSOCKET_KEYS =
      Set.of("queueMessages", "queueBytes", "connectionsPerClient");
  private static final Set<String> KAFKA_KEYS =
      Set.of(
          "bootstrap",
          "port",
          "partitions",
          "replicationFactor",
          "topics",
          "properties",
          "retentionBytes",
          "retentionHours");

  static ServiceConfig empty() {
    return new ServiceConfig(Json.mapper().createObjectNode(), "the configuration");
  }

  static ServiceConfig read(Path file) {
    JsonNode root = YamlFiles.read(file, "configuration file");
    if (!root.isObject()) {
      throw new UserError(file + ": the configuration must be a map of settings");
    }
    checkKeys(root, KEYS, file + "");
    checkKeys(root.path("http"), HTTP_KEYS, file + ": http");
    checkKeys(root.path("http").path("tls"), TLS_KEYS, file + ": http.tls");
    checkKeys(root.path("http").path("rateLimit"), RATE_KEYS, file + ": http.rateLimit");
    checkKeys(root.path("http").path("webSocket"), WEBSOCKET_KEYS, file + ": http.webSocket");
    checkKeys(root.path("kafka"), KAFKA_KEYS, file + ": kafka");
    checkKeys(root.path("journal"), JOURNAL_KEYS, file + ": journal");
    checkKeys(root.path("cluster"), CLUSTER_KEYS, file + ": cluster");
    return new ServiceConfig(root, file.toString());
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String where) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw new UserError(
            where
                + " has an unknown key '"
                + name
                + "'"
                + Nearest.didYouMean(name, allowed)
                + "; known keys: "
                + new TreeSet<>(allowed));
      }
    }
  }

  Optional<String> text(String pointer) {
    JsonNode node = root.at(pointer);
    return node.isMissingNode() || node.isNull() ? Optional.empty() : Optional.of(node.asText());
  }

  Optional<Integer> integer(String pointer) {
    JsonNode node = root.at(pointer);
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.canConvertToInt()) {
      throw new UserError(source + ": " + key(pointer) + " must be an integer, was " + node);
    }
    return Optional.of(node.asInt());
  }

  /** {@code kafka.replicationFactor}: empty when absent, so that the brokers' default applies. */
  Optional<Short> replicationFactor() {
    Optional<Integer> factor = integer("/kafka/replicationFactor");
    if (factor.isPresent() && (factor.get() < 1 || factor.get() > Short.MAX_VALUE)) {
      throw new UserError(
          "configuration kafka.replicationFactor must be at least 1 (3 is usual on a cluster), was "
              + factor.get()
              + "; leave it out to use the brokers' default.replication.factor");
    }
    return factor.map(Integer::shortValue);
  }

  Optional<Double> number(String pointer) {
    JsonNode node = root.at(pointer);
    if (node.isMissingNode() || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isNumber()) {
      throw new UserError(source + ": " + key(pointer) + " must be a number, was " + node);
    }
    return Optional.of(node.asDouble());
  }

  /** A pointer as the file writes it: {@code /kafka/port} is {@code kafka.port}. */
  private static String key(String pointer) {
    return pointer.substring(1).replace('/', '.');
  }

  /** {@code http.adminKeys}. */
  List<String> adminKeys() {
    return DirectoryFile.strings(root.at("/http/adminKeys"), source + ": http.adminKeys");
  }

  /** {@code kafka.properties} as client settings. */
  Map<String, Object> kafkaProperties() {
    Map<String, Object> properties = new LinkedHashMap<>();
    root.path("kafka")
        .path("properties")
        .fields()
        .forEachRemaining(e -> properties.put(e.getKey(), e.getValue().asText()));
    return properties;
  }

  Optional<JsonNode> tenants() {
    JsonNode tenants = root.path("tenants");
    return tenants.isMissingNode() ? Optional.empty() : Optional.of(tenants);
  }
}
