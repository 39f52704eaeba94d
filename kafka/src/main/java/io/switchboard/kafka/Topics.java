package io.switchboard.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates the published topics when they are missing. */
public final class Topics {

  private static final Logger log = LoggerFactory.getLogger(Topics.class);

  private Topics() {}

  /**
   * Creates those of the {@code names} topics that do not exist yet, with {@code partitions}
   * partitions and {@code replicationFactor} replicas each, or as many replicas as the brokers'
   * {@code default.replication.factor} when it is empty. Topics that exist are left as they are,
   * whatever their settings; a topic created concurrently by someone else counts as existing.
   *
   * <p>A topic created with a single replica on a cluster of several brokers is logged as a
   * warning: the loss of that one broker would lose its records.
   *
   * @param replicationFactor the replicas of each topic, or empty for the brokers' default
   * @return the names of the topics this call created, empty when all existed
   * @throws IllegalArgumentException if {@code partitions} or {@code replicationFactor} is below 1
   * @throws IllegalStateException if the cluster could not be asked or refused to create a topic,
   *     with the reason
   */
  public static Set<String> ensure(
      Admin admin, TopicNames names, int partitions, Optional<Short> replicationFactor) {
    Objects.requireNonNull(admin, "admin");
    Objects.requireNonNull(names, "names");
    Objects.requireNonNull(replicationFactor, "replicationFactor");
    if (partitions < 1 || replicationFactor.orElse((short) 1) < 1) {
      throw new IllegalArgumentException(
          "Topics need at least 1 partition and 1 replica, asked for "
              + partitions
              + " partition(s) and "
              + replicationFactor.map(String::valueOf).orElse("the brokers' default of")
              + " replica(s)");
    }
    Set<String> existing;
    try {
      existing = admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw unavailable("list the topics", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw unavailable("list the topics", e);
    }
    List<NewTopic> missing = new ArrayList<>();
    for (String name : names.all()) {
      if (!existing.contains(name)) {
        missing.add(new NewTopic(name, Optional.of(partitions), replicationFactor));
      }
    }
    Set<String> created = new TreeSet<>();
    if (missing.isEmpty()) {
      return created;
    }
    CreateTopicsResult result = admin.createTopics(missing);
    Map<String, Integer> replicas = new TreeMap<>();
    for (Map.Entry<String, KafkaFuture<Void>> entry : result.values().entrySet()) {
      try {
        entry.getValue().get();
        created.add(entry.getKey());
        replicas.put(entry.getKey(), result.replicationFactor(entry.getKey()).get());
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw unavailable("create topic " + entry.getKey(), e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw unavailable("create topic " + entry.getKey(), e);
      }
    }
    if (!created.isEmpty()) {
      log.info(
          "Created Kafka topic(s) {} with {} partition(s) and {} replica(s){}",
          created,
          partitions,
          replicas.values().stream()
              .distinct()
              .sorted()
              .map(String::valueOf)
              .collect(Collectors.joining(" or ")),
          replicationFactor.isEmpty() ? " (the brokers' default.replication.factor)" : "");
      warnIfUnreplicated(admin, replicas, replicationFactor);
    }
    return created;
  }

  /**
   * Does what {@link #ensure(Admin, TopicNames, int, Optional)} does through a short-lived admin
   * client for {@code bootstrapServers}, configured with those of {@code clientProperties} that an
   * admin client knows (security settings, for example).
   */
  public static Set<String> ensure(
      String bootstrapServers,
      Map<String, Object> clientProperties,
      TopicNames names,
      int partitions,
      Optional<Short> replicationFactor) {
    try (Admin admin = Admin.create(adminConfig(bootstrapServers, clientProperties))) {
      return ensure(admin, names, partitions, replicationFactor);
    }
  }

  /** Does what {@link #ensure(Admin, TopicNames, int, Optional)} does for a plain-text cluster. */
  public static Set<String> ensure(
      String bootstrapServers,
      TopicNames names,
      int partitions,
      Optional<Short> replicationFactor) {
    return ensure(bootstrapServers, Map.of(), names, partitions, replicationFactor);
  }

  /** Warns when topics got a single replica on a cluster of several brokers. */
  private static void warnIfUnreplicated(
      Admin admin, Map<String, Integer> replicas, Optional<Short> replicationFactor) {
    List<String> single =
        replicas.entrySet().stream().filter(e -> e.getValue() == 1).map(Map.Entry::getKey).toList();
    if (single.isEmpty()) {
      return;
    }
    int brokers;
    try {
      brokers = admin.describeCluster().nodes().get().size();
    } catch (ExecutionException e) {
      log.debug("Cannot count the Kafka brokers: {}", e.getCause().toString());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (brokers > 1) {
      log.warn(
          "Kafka topic(s) {} have a single replica on a cluster of {} brokers: losing the broker"
              + " that holds one loses its records. {}",
          single,
          brokers,
          replicationFactor.isPresent()
              ? "kafka.replicationFactor is set to 1: raise it (3 is usual) before the topics are"
                  + " created, or add replicas to them with kafka-reassign-partitions."
              : "The brokers' default.replication.factor is 1: raise it (3 is usual), set"
                  + " kafka.replicationFactor, or add replicas to the topics with"
                  + " kafka-reassign-partitions.");
    }
  }

  static Map<String, Object> adminConfig(
      String bootstrapServers, Map<String, Object> clientProperties) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Map<String, Object> config = new HashMap<>();
    Set<String> known = AdminClientConfig.configNames();
    clientProperties.forEach(
        (name, value) -> {
          if (known.contains(name)) {
            config.put(name, value);
          }
        });
    config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    return config;
  }

  private static IllegalStateException unavailable(String what, Throwable cause) {
    return new IllegalStateException(
        "Could not "
            + what
            + " on the Kafka cluster: "
            + cause
            + ". Check that the bootstrap servers are right and the cluster is up.",
        cause);
  }
}
