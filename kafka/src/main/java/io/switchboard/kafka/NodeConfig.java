package io.switchboard.kafka;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration of one node of a {@link LocalKafkaCluster}: KRaft broker and controller,
 * replicated like a production cluster, sized small (one machine runs every node, each in 384 MB).
 */
final class NodeConfig {

  private static final String HOST = "127.0.0.1";

  /** The node's logging: warnings and errors only, into its output, hence its log file. */
  static final String LOGBACK =
      """
      <configuration>
        <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
          <encoder>
            <pattern>%d{HH:mm:ss.SSS} %-5level %logger{24} - %msg%n</pattern>
          </encoder>
        </appender>
        <!-- a fresh node reports its metadata bootstrap at WARN: expected, not a problem -->
        <logger name="org.apache.kafka.controller" level="ERROR"/>
        <!-- while a peer is down the others warn on every retry to reach it -->
        <logger name="org.apache.kafka.clients.NetworkClient" level="ERROR"/>
        <root level="WARN">
          <appender-ref ref="OUT"/>
        </root>
      </configuration>
      """;

  private NodeConfig() {}

  /** The replication factor of new topics on a cluster of {@code nodes}: up to 3. */
  static int replicationFactor(int nodes) {
    return Math.min(nodes, 3);
  }

  /** How many replicas must have a record before it is acknowledged with {@code acks=all}. */
  static int minInsyncReplicas(int nodes) {
    return nodes >= 3 ? 2 : 1;
  }

  /**
   * The broker properties of node {@code node} (Kafka node id {@code node + 1}).
   *
   * @param clientPorts every node's client port, by node
   * @param controllerPorts every node's controller port, by node
   * @param logDir the node's log directory
   */
  static Map<String, String> properties(
      int node, int[] clientPorts, int[] controllerPorts, Path logDir) {
    int nodes = clientPorts.length;
    String replicas = Integer.toString(replicationFactor(nodes));
    String minIsr = Integer.toString(minInsyncReplicas(nodes));
    List<String> voters = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      voters.add((i + 1) + "@" + HOST + ":" + controllerPorts[i]);
    }
    Map<String, String> p = new LinkedHashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(node + 1));
    p.put("controller.quorum.voters", String.join(",", voters));
    p.put(
        "listeners",
        "PLAINTEXT://"
            + HOST
            + ":"
            + clientPorts[node]
            + ",CONTROLLER://"
            + HOST
            + ":"
            + controllerPorts[node]);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + clientPorts[node]);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir.toString());
    // replicated like a production cluster
    p.put("default.replication.factor", replicas);
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", replicas);
    p.put("transaction.state.log.replication.factor", replicas);
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("share.coordinator.state.topic.replication.factor", replicas);
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    // unclean election could lose acknowledged records, and does not mix with transactions
    p.put("unclean.leader.election.enable", "false");
    p.put("group.initial.rebalance.delay.ms", "0");
    // topics are created on purpose, with their partition count (see Topics)
    p.put("auto.create.topics.enable", "false");
    // small: every node of the cluster runs on this machine
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("num.replica.fetchers", "1");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("background.threads", "2");
    p.put("log.cleaner.threads", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.num.partitions", "6");
    p.put("share.coordinator.state.topic.num.partitions", "3");
    return p;
  }
}
