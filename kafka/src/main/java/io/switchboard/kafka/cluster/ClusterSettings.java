package io.switchboard.kafka.cluster;

import io.switchboard.kafka.TopicNames;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How one instance of a Switchboard cluster runs (docs/cluster.md).
 *
 * @param cluster the cluster's name: instances with the same name on the same Kafka cluster serve
 *     the same tenants together
 * @param instance this instance's id, unique in the cluster (its static group membership)
 * @param bootstrap the Kafka cluster's bootstrap servers
 * @param clientProperties settings passed to every Kafka client (security, say)
 * @param topics the published topics
 * @param partitions the partitions of the cluster's step log, created once: the units of ownership
 *     that tenants are hashed onto (more than the instances there will ever be)
 * @param http where this instance's API is reached by the other instances ({@code host:port}), for
 *     {@link ClusterNode#start}; {@link ClusterNode#join} takes the address the API was bound to
 * @param sessionTimeout how long the group coordinator waits for a silent instance before it moves
 *     its tenants: the floor of failover time
 * @param commitTimeout the longest a commit may take before the steps waiting on it are refused and
 *     the tenants rebuilt from Kafka
 * @param snapshotSteps how many steps of a tenant between two snapshots of it in the step log
 * @param commitInterval how long a partition's transaction stays open before it commits: a step is
 *     acknowledged once its records are replicated, and its events become visible to {@code
 *     read_committed} consumers at the commit that follows
 * @param stepEvents how a step record keeps its step's events
 */
public record ClusterSettings(
    String cluster,
    String instance,
    String bootstrap,
    Map<String, Object> clientProperties,
    TopicNames topics,
    int partitions,
    String http,
    Duration sessionTimeout,
    Duration commitTimeout,
    int snapshotSteps,
    Duration commitInterval,
    StepEvents stepEvents) {

  /** How a step record of the step log keeps the events of its step (docs/cluster.md). */
  public enum StepEvents {
    /**
     * Their digests: the event records hold the bodies, and a takeover makes them again by running
     * the step. What this version writes by default; versions before it cannot read it.
     */
    DIGESTS,
    /**
     * Their bodies, as versions before step digests wrote them: for the first round of a rolling
     * upgrade from such a version, while instances of it may still take partitions over.
     */
    BODIES
  }

  /** The default number of partitions of the step log. */
  public static final int DEFAULT_PARTITIONS = 12;

  /** The default session timeout: the lowest a Kafka broker allows by default. */
  public static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(6);

  /** The default bound on a commit. */
  public static final Duration DEFAULT_COMMIT_TIMEOUT = Duration.ofSeconds(10);

  /** The default number of a tenant's steps between two snapshots of it. */
  public static final int DEFAULT_SNAPSHOT_STEPS = 100_000;

  /** The default time a partition's transaction stays open: Kafka Streams' under exactly-once. */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);

  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,100}");

  /**
   * @throws IllegalArgumentException if a name has characters other than letters, digits, {@code _}
   *     and {@code -}, or a number is out of range; the message says which
   */
  public ClusterSettings {
    check("cluster name (--cluster)", cluster);
    check("instance id (--instance)", instance);
    Objects.requireNonNull(bootstrap, "bootstrap");
    clientProperties = Map.copyOf(clientProperties);
    Objects.requireNonNull(topics, "topics");
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(stepEvents, "stepEvents");
    if (partitions < 1 || partitions > 10_000) {
      throw new IllegalArgumentException(
          "the step log needs 1 to 10000 partitions, was " + partitions);
    }
    if (sessionTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the session timeout must be at least 1 s");
    }
    if (commitTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("the commit timeout must be at least 1 s");
    }
    if (snapshotSteps < 1) {
      throw new IllegalArgumentException(
          "snapshots need at least 1 step between them, was " + snapshotSteps);
    }
    if (commitInterval.toMillis() < 1 || commitInterval.compareTo(commitTimeout) >= 0) {
      throw new IllegalArgumentException(
          "the commit interval must be at least 1 ms and below the commit timeout ("
              + commitTimeout.toMillis()
              + " ms), was "
              + commitInterval.toMillis()
              + " ms");
    }
  }

  /** Settings with the default partitions and timeouts. */
  public static ClusterSettings of(
      String cluster, String instance, String bootstrap, TopicNames topics, String http) {
    return new ClusterSettings(
        cluster,
        instance,
        bootstrap,
        Map.of(),
        topics,
        DEFAULT_PARTITIONS,
        http,
        DEFAULT_SESSION_TIMEOUT,
        DEFAULT_COMMIT_TIMEOUT,
        DEFAULT_SNAPSHOT_STEPS,
        DEFAULT_COMMIT_INTERVAL,
        StepEvents.DIGESTS);
  }

  /** The topic of the step log: every tenant's steps, with their events, in order. */
  public String stepsTopic() {
    return "switchboard." + cluster + ".steps";
  }

  /**
   * The compacted index of the snapshots in the step log: for each tenant, the offset of its latest
   * snapshot, on the partition of its steps.
   */
  public String snapshotsTopic() {
    return "switchboard." + cluster + ".snapshots";
  }

  /** The compacted topic where each instance says where its API is. */
  public String instancesTopic() {
    return "switchboard." + cluster + ".instances";
  }

  /** The consumer group whose coordinator assigns the partitions of the step log. */
  public String group() {
    return "switchboard." + cluster;
  }

  /** The number of transactional producers of a partition: one sends while the other commits. */
  public static final int LANES = 2;

  /**
   * The transactional id of lane {@code lane} (0 or 1) of partition {@code partition}: each unit of
   * ownership has its own, so that a new owner, which initializes both, fences the one before it.
   */
  public String transactionalId(int partition, int lane) {
    return "switchboard." + cluster + ".steps-" + partition + (lane == 0 ? "" : "-" + lane);
  }

  /** A copy with another number of partitions. */
  public ClusterSettings withPartitions(int partitions) {
    Draft copy = new Draft(this);
    copy.partitions = partitions;
    return copy.settings();
  }

  /** A copy with another number of steps between snapshots. */
  public ClusterSettings withSnapshotSteps(int snapshotSteps) {
    Draft copy = new Draft(this);
    copy.snapshotSteps = snapshotSteps;
    return copy.settings();
  }

  /** A copy with other timeouts. */
  public ClusterSettings withTimeouts(Duration sessionTimeout, Duration commitTimeout) {
    Draft copy = new Draft(this);
    copy.sessionTimeout = sessionTimeout;
    copy.commitTimeout = commitTimeout;
    return copy.settings();
  }

  /** A copy with another commit interval. */
  public ClusterSettings withCommitInterval(Duration commitInterval) {
    Draft copy = new Draft(this);
    copy.commitInterval = commitInterval;
    return copy.settings();
  }

  /** A copy that keeps the events of a step record as {@code stepEvents} says. */
  public ClusterSettings withStepEvents(StepEvents stepEvents) {
    Draft copy = new Draft(this);
    copy.stepEvents = stepEvents;
    return copy.settings();
  }

  /** The settings' components, to change some of them in a copy; checked as a copy is made. */
  private static final class Draft {
    private final ClusterSettings from;
    private int partitions;
    private Duration sessionTimeout;
    private Duration commitTimeout;
    private int snapshotSteps;
    private Duration commitInterval;
    private StepEvents stepEvents;

    private Draft(ClusterSettings from) {
      this.from = from;
      this.partitions = from.partitions;
      this.sessionTimeout = from.sessionTimeout;
      this.commitTimeout = from.commitTimeout;
      this.snapshotSteps = from.snapshotSteps;
      this.commitInterval = from.commitInterval;
      this.stepEvents = from.stepEvents;
    }

    private ClusterSettings settings() {
      return new ClusterSettings(
          from.cluster,
          from.instance,
          from.bootstrap,
          from.clientProperties,
          from.topics,
          partitions,
          from.http,
          sessionTimeout,
          commitTimeout,
          snapshotSteps,
          commitInterval,
          stepEvents);
    }
  }

  private static void check(String what, String value) {
    if (value == null || !NAME.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " must be 1 to 100 letters, digits, '_' or '-', was "
              + (value == null ? "missing" : "'" + value + "'"));
    }
  }
}
