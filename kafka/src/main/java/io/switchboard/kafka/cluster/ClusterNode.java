package io.switchboard.kafka.cluster;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantView;
import io.switchboard.engine.Tenants;
import io.switchboard.journal.Keying;
import io.switchboard.kafka.EventRecords;
import io.switchboard.kafka.ProducerObserver;
import io.switchboard.kafka.TransactionVersion;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a Switchboard cluster: the tenants it owns now, and where the others are served.
 *
 * <p><b>Ownership.</b> Each tenant hashes onto one partition of the cluster's step log (as Kafka's
 * partitioner hashes the tenant id). The instances are members of one consumer group subscribed to
 * that topic (static membership under their instance id, cooperative-sticky assignment): the group
 * coordinator gives each partition to exactly one live member, and moves it when a member joins,
 * leaves, or stays silent past the session timeout. An instance serves the tenants of the
 * partitions assigned to it, each through a {@link Shard}. No membership, election or replication
 * is written here: it is all Kafka's.
 *
 * <p><b>Where the others are.</b> Each instance writes its API's address to the cluster's compacted
 * instances topic and reads everyone's; the current assignment is read from the group coordinator
 * every second. {@link #locate} combines both.
 */
public final class ClusterNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
  private static final Duration RETRY = Duration.ofSeconds(2);

  /** Where a tenant is served, seen from this instance. */
  public record Location(Kind kind, String instance, String http, String why) {
    /** The kinds of location. */
    public enum Kind {
      /** Served here. */
      LOCAL,
      /** Served by another instance, at {@code http}. */
      REMOTE,
      /** Served by no instance right now (moving, or Kafka unreachable): retry shortly. */
      UNAVAILABLE,
      /** Not a tenant of this cluster. */
      UNKNOWN
    }
  }

  /** An instance of the cluster as the group coordinator and the instances topic see it. */
  public record Member(String instance, String http, List<Integer> partitions) {}

  /** The figures of this instance. */
  public record Stats(
      int partitionsOwned,
      int tenantsOwned,
      long takeovers,
      long lastTakeoverMillis,
      long maxTakeoverMillis,
      long rebuiltRecords,
      long replayedSteps,
      long adoptedSteps,
      long committedSteps,
      long transactions,
      long failures) {}

  private final ClusterSettings settings;
  private final ClientConfigs configs;
  private final Map<String, TenantConfig> configured;
  private final Tenants tenants;
  private final Keying keying;
  private final EventRecords records;
  private final Consumer<Set<String>> onServing;
  private final Map<Integer, Shard> shards = new ConcurrentHashMap<>();
  private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
  private volatile InstanceDirectory directory;
  private volatile String http = "";
  private final Admin admin;
  private final KafkaConsumer<String, byte[]> member;
  private final ExecutorService opener;
  private final ScheduledExecutorService scheduler;
  private final Thread membership;
  private final CountDownLatch joined = new CountDownLatch(1);
  private final Takeovers takeovers = new Takeovers();
  private volatile java.util.function.LongConsumer visibility = nanos -> {};
  private volatile ProducerObserver producers = new ProducerObserver() {};
  private final int partitions;
  // Kafka's transaction protocol version (0 when the brokers do not say): logged and in health
  private final int transactionVersion;
  private final GroupView group;
  private volatile String lastError = "";
  private volatile boolean running = true;

  private ClusterNode(
      ClusterSettings settings,
      List<TenantConfig> configured,
      InstantSource clock,
      Function<String, IdSource> ids,
      Keying keying,
      Consumer<Set<String>> onServing) {
    this.settings = settings;
    this.configs = new ClientConfigs(settings);
    this.configured = new ConcurrentHashMap<>();
    configured.forEach(c -> this.configured.put(c.tenant(), c));
    this.keying = keying;
    this.records = new EventRecords(settings.topics());
    this.onServing = onServing;
    this.admin = Admin.create(configs.admin());
    try {
      this.partitions = ClusterTopics.ensure(admin, settings);
      this.transactionVersion =
          TransactionVersion.finalized(admin, settings.commitTimeout()).orElse(0);
      this.tenants =
          new Tenants(
              List.of(), clock, ids, new ShardSink(shards, this::partitionOf, this.configured));
      this.member = new KafkaConsumer<>(configs.member());
      this.group = new GroupView(settings, admin);
    } catch (RuntimeException e) {
      admin.close(Duration.ZERO);
      throw e;
    }
    this.opener =
        Executors.newFixedThreadPool(
            2,
            task -> {
              Thread thread = new Thread(task, "switchboard-takeover");
              thread.setDaemon(true);
              return thread;
            });
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "switchboard-cluster-view");
              thread.setDaemon(true);
              return thread;
            });
    this.membership = new Thread(this::membershipLoop, "switchboard-membership");
    membership.setDaemon(true);
  }

  /**
   * Joins the cluster: creates its topics when missing, says where this instance's API is, and
   * becomes a member of the group. Tenants are served as their partitions are assigned and rebuilt;
   * {@code onServing} is told of the tenants of each partition once it serves them.
   *
   * @param configured every tenant of the cluster, as configured now (the same on every instance)
   * @throws IllegalStateException if the Kafka cluster cannot be reached or refuses the topics
   */
  public static ClusterNode start(
      ClusterSettings settings,
      List<TenantConfig> configured,
      InstantSource clock,
      Function<String, IdSource> ids,
      Keying keying,
      Consumer<Set<String>> onServing) {
    ClusterNode node = create(settings, configured, clock, ids, keying, onServing);
    node.join(settings.http());
    return node;
  }

  /**
   * Prepares an instance without joining yet: the topics are created and {@link #tenants()} exists
   * (empty), so that an API can be started on it and its address given to {@link #join}.
   *
   * @throws IllegalStateException if the Kafka cluster cannot be reached or refuses the topics
   */
  public static ClusterNode create(
      ClusterSettings settings,
      List<TenantConfig> configured,
      InstantSource clock,
      Function<String, IdSource> ids,
      Keying keying,
      Consumer<Set<String>> onServing) {
    return new ClusterNode(settings, configured, clock, ids, keying, onServing);
  }

  /**
   * Says that this instance's API is at {@code http} ({@code host:port}, where the other instances
   * reach it) and joins the group.
   *
   * @throws IllegalStateException if the address cannot be written to Kafka in time
   */
  public void join(String http) {
    this.http = http;
    this.directory = InstanceDirectory.start(settings, configs, http);
    membership.start();
    scheduler.scheduleWithFixedDelay(this::refreshOwners, 0, 1, TimeUnit.SECONDS);
    scheduler.scheduleWithFixedDelay(this::prune, 30, 30, TimeUnit.SECONDS);
    log.info(
        "Instance {} of cluster {} joining (step log {} with {} partitions, API at {}, Kafka's"
            + " transaction protocol version {})",
        settings.instance(),
        settings.cluster(),
        settings.stepsTopic(),
        partitions,
        http,
        transactionVersion);
  }

  /** Kafka's transaction protocol version, as this instance found it at start; 0: not said. */
  public int transactionVersion() {
    return transactionVersion;
  }

  /** The settings. */
  public ClusterSettings settings() {
    return settings;
  }

  /** The tenants this instance serves now: run steps through them. */
  public Tenants tenants() {
    return tenants;
  }

  /** Every tenant of the cluster, served here or elsewhere. */
  public Set<String> clusterTenants() {
    return new TreeSet<>(configured.keySet());
  }

  /** Waits until the group coordinator has given this instance its first assignment. */
  public boolean awaitJoined(Duration timeout) throws InterruptedException {
    return joined.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Whether the instance has joined the group. */
  public boolean joined() {
    return joined.getCount() == 0;
  }

  /** The partition of the step log that {@code tenant} hashes onto. */
  public int partitionOf(String tenant) {
    return EventRecords.partition(tenant, partitions);
  }

  /** Where {@code tenant} is served now. */
  public Location locate(String tenant) {
    if (!configured.containsKey(tenant)) {
      return new Location(Location.Kind.UNKNOWN, "", "", "no tenant '" + tenant + "'");
    }
    int partition = partitionOf(tenant);
    Shard shard = shards.get(partition);
    if (shard != null) {
      if (shard.state() == Shard.State.SERVING && tenants.engine(tenant).isPresent()) {
        return new Location(Location.Kind.LOCAL, settings.instance(), http, "");
      }
      return new Location(
          Location.Kind.UNAVAILABLE,
          settings.instance(),
          http,
          "instance " + settings.instance() + " is taking tenant '" + tenant + "' over");
    }
    if (assigned.contains(partition)) {
      return new Location(
          Location.Kind.UNAVAILABLE,
          settings.instance(),
          http,
          "instance "
              + settings.instance()
              + " cannot serve tenant '"
              + tenant
              + "' right now ("
              + lastError
              + "); it retries by itself");
    }
    String owner = group.owner(partition);
    if (owner == null || owner.equals(settings.instance())) {
      return new Location(
          Location.Kind.UNAVAILABLE,
          "",
          "",
          "no instance serves tenant '" + tenant + "' right now (it is moving)");
    }
    InstanceDirectory instances = directory;
    Optional<String> address = instances == null ? Optional.empty() : instances.http(owner);
    if (address.isEmpty()) {
      return new Location(
          Location.Kind.UNAVAILABLE,
          owner,
          "",
          "instance " + owner + " serves tenant '" + tenant + "' but its address is not known yet");
    }
    return new Location(Location.Kind.REMOTE, owner, address.get(), "");
  }

  /** The instances of the cluster, as the group coordinator saw them last (about a second ago). */
  public List<Member> members() {
    return group.members();
  }

  /** The tenants of the cluster that hash onto {@code partitions}, in order. */
  public List<String> tenantsOf(Collection<Integer> partitions) {
    return configured.keySet().stream()
        .filter(t -> partitions.contains(partitionOf(t)))
        .sorted()
        .toList();
  }

  /**
   * Has {@code waits} told, at each commit, how long each step of the transaction waited between
   * its acknowledgement's start and the commit that made its events visible to {@code
   * read_committed} consumers (nanoseconds): for benchmarks.
   */
  public void onVisible(java.util.function.LongConsumer waits) {
    visibility = java.util.Objects.requireNonNull(waits, "waits");
  }

  /**
   * Has {@code observer} told of each transactional producer as it starts and closes (two per owned
   * partition), for their client metrics; call it before {@link #join}.
   */
  public void observeProducers(ProducerObserver observer) {
    producers = java.util.Objects.requireNonNull(observer, "observer");
  }

  /** This instance's figures. */
  public Stats stats() {
    return takeovers.stats(List.copyOf(shards.values()));
  }

  /**
   * The state of each owned partition, for the health endpoint: its state, tenants, and why it does
   * not serve when it does not.
   */
  public Map<String, Object> health() {
    Map<String, Object> details = new java.util.LinkedHashMap<>();
    details.put("cluster", settings.cluster());
    details.put("instance", settings.instance());
    details.put("joined", joined());
    details.put("transactionVersion", transactionVersion());
    Map<Integer, Object> owned = new TreeMap<>();
    for (Shard shard : shards.values()) {
      Map<String, Object> s = new java.util.LinkedHashMap<>();
      s.put("state", shard.state().name().toLowerCase(java.util.Locale.ROOT));
      s.put("tenants", new TreeSet<>(shard.tenants()));
      if (!shard.why().isEmpty()) {
        s.put("why", shard.why());
      }
      shard
          .rebuild()
          .ifPresent(
              r -> {
                s.put("rebuiltRecords", r.records());
                s.put("rebuildMillis", r.duration().toMillis());
                s.put("adoptedSteps", r.adopted());
              });
      owned.put(shard.partition(), s);
    }
    details.put("partitions", owned);
    if (!lastError.isEmpty()) {
      details.put("lastError", lastError);
    }
    return details;
  }

  /** Whether every owned partition serves. */
  public boolean serving() {
    return joined() && shards.values().stream().allMatch(s -> s.state() == Shard.State.SERVING);
  }

  /**
   * Leaves the group (the partitions move to the other instances at once, after what was accepted
   * here is committed), removes this instance from the instances topic, and stops.
   */
  @Override
  public void close() {
    running = false;
    member.wakeup();
    try {
      if (membership.isAlive()) {
        membership.join(settings.commitTimeout().toMillis() + 10_000);
      } else {
        closeQuietly(member);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    scheduler.shutdownNow();
    opener.shutdownNow();
    for (Shard shard : List.copyOf(shards.values())) {
      shard.close(true);
    }
    shards.clear();
    if (directory != null) {
      directory.close();
    }
    admin.close(Duration.ofSeconds(2));
  }

  /**
   * Stops at once, as a crash would as far as the others can tell: no group leave, no commit of
   * what is pending, no goodbye in the instances topic. For fault tests.
   */
  public void halt() {
    running = false;
    scheduler.shutdownNow();
    opener.shutdownNow();
    for (Shard shard : List.copyOf(shards.values())) {
      shard.close(false);
    }
    shards.clear();
    membership.interrupt();
    if (directory != null) {
      directory.halt();
    }
    admin.close(Duration.ZERO);
  }

  private void membershipLoop() {
    member.subscribe(List.of(settings.stepsTopic()), new Rebalance());
    while (running) {
      try {
        member.poll(Duration.ofMillis(200));
      } catch (WakeupException e) {
        // closing
      } catch (FencedInstanceIdException e) {
        lastError =
            "another process joined cluster "
                + settings.cluster()
                + " as instance "
                + settings.instance()
                + ": each instance needs its own --instance id";
        log.error("{}; this one stops serving", lastError);
        shards.values().forEach(shard -> shard.close(false));
        shards.clear();
        return;
      } catch (KafkaException e) {
        lastError = e.toString();
        log.warn("Group membership: {}", e.toString());
        sleep(Duration.ofSeconds(1));
      }
    }
    try {
      member.close(
          CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
              .withTimeout(settings.commitTimeout().plusSeconds(5)));
    } catch (RuntimeException e) {
      log.warn("Leaving the group: {}", e.toString());
    }
  }

  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      member.pause(partitions);
      for (TopicPartition tp : partitions) {
        assigned.add(tp.partition());
        take(tp.partition());
      }
      joined.countDown();
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        assigned.remove(tp.partition());
        Shard shard = shards.remove(tp.partition());
        if (shard != null) {
          Set<String> handed = shard.tenants();
          retire(shard);
          shard.close(true);
          log.info("Partition {} handed over (tenants {})", tp.partition(), handed);
        }
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      for (TopicPartition tp : partitions) {
        assigned.remove(tp.partition());
        Shard shard = shards.remove(tp.partition());
        if (shard != null) {
          retire(shard);
          shard.close(false);
          log.warn(
              "Partition {} lost: this instance was out of the group too long", tp.partition());
        }
      }
    }
  }

  /** Starts taking partition {@code partition} over, on the opener's threads. */
  private void take(int partition) {
    Shard shard = new Shard(partition, settings, configs, new Host(), keying, records);
    if (shards.putIfAbsent(partition, shard) != null) {
      return;
    }
    opener.execute(
        () -> {
          long started = System.nanoTime();
          try {
            shard.open();
            takeovers.tookOver(shard, Duration.ofNanos(System.nanoTime() - started).toMillis());
            onServing.accept(shard.tenants());
          } catch (RuntimeException e) {
            shards.remove(partition, shard);
            if (!assigned.contains(partition) || !running) {
              log.info("Partition {} moved on before this instance had taken it over", partition);
              return;
            }
            takeovers.failed();
            lastError = "taking partition " + partition + " over: " + e;
            log.warn("Cannot take partition {} over yet: {}", partition, e.toString());
            retryLater(partition);
          }
        });
  }

  private void retryLater(int partition) {
    if (!running) {
      return;
    }
    try {
      scheduler.schedule(
          () -> {
            if (running && assigned.contains(partition) && !shards.containsKey(partition)) {
              take(partition);
            }
          },
          RETRY.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // stopping
    }
  }

  private void retire(Shard shard) {
    takeovers.retired(shard);
  }

  private final class Host implements Shard.Host {
    @Override
    public Tenants tenants() {
      return tenants;
    }

    @Override
    public List<TenantConfig> configured(int partition) {
      return configured.values().stream()
          .filter(c -> partitionOf(c.tenant()) == partition)
          .toList();
    }

    @Override
    public void visible(long[] waitedNanos, int count) {
      java.util.function.LongConsumer waits = visibility;
      for (int i = 0; i < count; i++) {
        waits.accept(waitedNanos[i]);
      }
    }

    @Override
    public ProducerObserver producers() {
      return producers;
    }

    @Override
    public void trim(int partition, long offset) {
      TopicPartition steps = new TopicPartition(settings.stepsTopic(), partition);
      admin
          .deleteRecords(Map.of(steps, RecordsToDelete.beforeOffset(offset)))
          .all()
          .whenComplete(
              (done, failure) -> {
                if (failure != null) {
                  log.debug("trimming {} below {}", steps, offset, failure);
                } else {
                  log.debug("{} trimmed below offset {}", steps, offset);
                }
              });
    }

    @Override
    public void failed(Shard shard, Throwable cause) {
      takeovers.failed();
      lastError = "partition " + shard.partition() + ": " + cause;
      if (shards.remove(shard.partition(), shard)) {
        retire(shard);
        // still ours? then rebuild it from what Kafka committed; if another instance fenced this
        // one, the coordinator takes the partition away meanwhile and nothing is retried
        retryLater(shard.partition());
      }
    }
  }

  private void refreshOwners() {
    String why = group.refresh(directory);
    if (!why.isEmpty()) {
      lastError = why;
    }
  }

  /** Drops the sequence counters of call threads that have ended. */
  private void prune() {
    for (Shard shard : shards.values()) {
      for (String tenant : shard.tenants()) {
        try {
          tenants.inspect(
              tenant,
              engine -> {
                Set<String> live =
                    engine.view().calls().stream()
                        .map(TenantView.CallView::callThreadId)
                        .map(id -> keying.callThreadKey(tenant, id))
                        .collect(Collectors.toSet());
                shard.prune(tenant, live);
                return null;
              });
        } catch (RuntimeException e) {
          // moved meanwhile
        }
      }
    }
  }

  private static void closeQuietly(KafkaConsumer<?, ?> consumer) {
    try {
      consumer.close(Duration.ZERO);
    } catch (RuntimeException e) {
      log.debug("closing a consumer that never joined", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
