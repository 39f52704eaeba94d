package io.switchboard.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Tenants;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.kafka.cluster.ClusterNode;
import io.switchboard.kafka.cluster.ClusterSettings;
import io.switchboard.model.request.Advance;
import io.switchboard.server.Health;
import io.switchboard.server.HttpApi;
import io.switchboard.server.Meters;
import io.switchboard.server.Placement;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance of a Switchboard cluster (docs/cluster.md): the tenants the group coordinator gives
 * it, durable in Kafka, and the HTTP API, which forwards the requests for the other tenants to the
 * instances that serve them.
 */
final class ClusterService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ClusterService.class);

  private final ClusterNode node;
  private final HttpApi api;
  private final TimerTicker ticker;
  private final Meters meters;

  private ClusterService(ClusterNode node, HttpApi api, TimerTicker ticker, Meters meters) {
    this.node = node;
    this.api = api;
    this.ticker = ticker;
    this.meters = meters;
  }

  /**
   * Starts the instance: prepares the cluster's topics, serves the API, then joins the group.
   *
   * @throws UserError if Kafka cannot be reached or the API cannot be served, saying what to do
   */
  static ClusterService start(Service.Settings settings, ClusterSettings cluster) {
    // connection ids start from the start time; each tenant keeps them above its history's
    long idBase = Instant.now().getEpochSecond() << 24;
    Clock clock = Clock.systemUTC();
    TimerTicker[] ticker = new TimerTicker[1];
    ClusterNode node;
    try {
      node =
          ClusterNode.create(
              cluster,
              settings.tenants(),
              clock,
              tenant -> IdSource.sequential(idBase),
              RecordKeys.keying(),
              served -> advance(ticker[0], served));
    } catch (IllegalStateException e) {
      throw new UserError(e.getMessage(), e);
    }
    Tenants tenants = node.tenants();
    tenants.scope(new StepLogContext());
    ticker[0] = new TimerTicker(tenants, clock);
    tenants.addListener(ticker[0]);
    Meters meters = Meters.create();
    bind(node, meters.registry());
    // the transactional producers' client metrics, bound while each runs
    node.observeProducers(new ProducerMeters(meters.registry()));
    HttpApi api;
    try {
      api =
          HttpApi.start(
              settings.http(),
              tenants,
              () -> health(node),
              meters,
              new ClusterPlacement(node),
              List.of());
    } catch (IOException | IllegalArgumentException e) {
      ticker[0].close();
      node.close();
      meters.close();
      throw new UserError(
          "cannot serve HTTP on "
              + settings.http().address()
              + ": "
              + e.getMessage()
              + " (is the port in use? --http-port 0 picks a free one)",
          e);
    }
    try {
      node.join(advertised(api.address()));
    } catch (RuntimeException e) {
      api.close();
      ticker[0].close();
      node.close();
      meters.close();
      throw new UserError("cannot join cluster " + cluster.cluster() + ": " + e.getMessage(), e);
    }
    return new ClusterService(node, api, ticker[0], meters);
  }

  /** Timers that fell due while no instance served the tenants fire now. */
  private static void advance(TimerTicker ticker, Set<String> tenants) {
    if (ticker == null) {
      return;
    }
    for (String tenant : tenants) {
      try {
        ticker.tenants().submit(tenant, new Advance(Duration.ZERO));
      } catch (RuntimeException e) {
        LOG.debug("timers of tenant {} not run at takeover: {}", tenant, e.toString());
      }
    }
  }

  /** The address the other instances reach this one at: the bound one, or this host's name. */
  private static String advertised(InetSocketAddress bound) {
    InetAddress address = bound.getAddress();
    String host = bound.getHostString();
    if (address != null && address.isAnyLocalAddress()) {
      try {
        host = InetAddress.getLocalHost().getHostName();
      } catch (UnknownHostException e) {
        host = "127.0.0.1";
      }
    }
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
  }

  ClusterNode node() {
    return node;
  }

  String httpUrl() {
    return api.url();
  }

  /** Waits until the group coordinator has given this instance its first assignment. */
  boolean awaitJoined(Duration timeout) throws InterruptedException {
    return node.awaitJoined(timeout);
  }

  private static Health health(ClusterNode node) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("kafka", node.settings().bootstrap());
    details.putAll(node.health());
    details.put("tenants", List.copyOf(node.tenants().ids()));
    // up once joined: a partition that cannot commit (Kafka unreachable) is reported, and its
    // steps are refused with 503, but the instance itself is alive and recovers by itself
    return new Health(node.joined(), details);
  }

  /**
   * Adds the cluster's figures to {@code registry}, read when it is scraped (docs/operations.md
   * lists them).
   */
  static void bind(ClusterNode node, MeterRegistry registry) {
    Gauge.builder("switchboard.cluster.partitions.owned", node, n -> n.stats().partitionsOwned())
        .description("Partitions of the step log this instance owns.")
        .register(registry);
    Gauge.builder("switchboard.cluster.tenants.owned", node, n -> n.stats().tenantsOwned())
        .description("Tenants this instance serves.")
        .register(registry);
    FunctionCounter.builder("switchboard.cluster.takeovers", node, n -> n.stats().takeovers())
        .description(
            "Partitions this instance took over (at start, when another left, or after a failure).")
        .register(registry);
    Gauge.builder(
            "switchboard.cluster.last.takeover.seconds",
            node,
            n -> n.stats().lastTakeoverMillis() / 1000.0)
        .description("How long the last takeover took: fencing, reading the log, replaying it.")
        .register(registry);
    Gauge.builder(
            "switchboard.cluster.max.takeover.seconds",
            node,
            n -> n.stats().maxTakeoverMillis() / 1000.0)
        .description("The longest takeover since the instance started.")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.cluster.rebuilt.records", node, n -> n.stats().rebuiltRecords())
        .description("Records of the step log read back to rebuild tenants.")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.cluster.replayed.steps", node, n -> n.stats().replayedSteps())
        .description("Steps run again to rebuild tenants (those after their latest snapshot).")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.cluster.adopted.steps", node, n -> n.stats().adoptedSteps())
        .description(
            "Steps a previous owner acknowledged whose transaction never committed, committed again"
                + " by a takeover.")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.cluster.committed.steps", node, n -> n.stats().committedSteps())
        .description("Steps committed to Kafka by this instance.")
        .register(registry);
    FunctionCounter.builder("switchboard.cluster.transactions", node, n -> n.stats().transactions())
        .description(
            "Kafka transactions committed by this instance (each a group commit of steps).")
        .register(registry);
    FunctionCounter.builder("switchboard.cluster.failures", node, n -> n.stats().failures())
        .description(
            "Takeovers and commits that failed (Kafka unreachable, or fenced by a new owner).")
        .register(registry);
  }

  @Override
  public void close() {
    ticker.close();
    try {
      node.close();
    } finally {
      api.close();
      meters.close();
    }
  }

  /** The cluster node as the API sees it. */
  private record ClusterPlacement(ClusterNode node) implements Placement {
    @Override
    public Where locate(String tenant) {
      ClusterNode.Location location = node.locate(tenant);
      return switch (location.kind()) {
        case LOCAL -> new Here();
        case REMOTE -> new Elsewhere(location.instance(), location.http());
        case UNAVAILABLE -> new Unavailable(location.why());
        case UNKNOWN -> new Unknown();
      };
    }

    @Override
    public Set<String> tenants() {
      return node.clusterTenants();
    }

    @Override
    public Optional<ClusterView> cluster() {
      List<InstanceView> instances = new ArrayList<>();
      for (ClusterNode.Member member : node.members()) {
        instances.add(
            new InstanceView(
                member.instance(), member.http(), node.tenantsOf(member.partitions())));
      }
      return Optional.of(
          new ClusterView(node.settings().cluster(), node.settings().instance(), instances));
    }

    @Override
    public String instance() {
      return node.settings().instance();
    }
  }
}
