package io.switchboard.sim.traffic;

import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.model.request.Advance;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * A virtual contact center that drives a tenant's engine with seeded traffic: callers arrive at a
 * routing point as a Poisson process per queue, hear an IVR treatment, are routed to their queue,
 * wait (and may give up), are answered by agents, talk (with holds, transfers and conferences),
 * hang up, and the agents do after-call work. The simulator plays every party outside the engine:
 * the network (InboundCall, TreatmentEnd, RemoteRelease), the routing strategy
 * (RequestApplyTreatment, RequestRouteCall) and the agents' desktops (login, answer, hold,
 * transfer, release, Ready).
 *
 * <p>It reacts to the events the engine delivers, as real clients would: it answers a call when
 * EventRinging reaches an agent, plans the conversation when EventEstablished does, and starts
 * after-call work on EventAgentNotReady {AfterCallWork}. What happens next is kept in a priority
 * queue of actions ordered by virtual time, then by the order they were planned, so the same seed
 * and configuration give the same steps at the same instants, and so the same events.
 *
 * <p>Time: {@link #standalone} gives the simulator its own engine and clock. At {@link
 * Options#speed} infinity (the default) virtual time jumps from one action to the next and the run
 * takes as long as the engine needs; at a finite speed it is paced against real time (1: real
 * time). The simulator also fires the engine's timers, with {@code Advance} steps when they fall
 * due. {@link #attached} drives a tenant of a running service instead, in real time on the
 * service's clock, whose timers the service fires itself.
 *
 * <p>The parts, each in a class of its own: {@link Workload} (the arrivals), {@link Callers} (the
 * calls, the network, the routing strategy and the callers' patience), {@link Agents} (the agents'
 * and supervisors' desktops), {@link Reactions} (which of them an event concerns), {@link Pacing}
 * (the agenda and virtual or real time), {@link EngineLink} (steps to the engine, their outcomes
 * and acknowledgements) and {@link Counters} (the figures of the report). This class runs the loop
 * that ties them.
 *
 * <p>Not thread-safe: {@link #run} runs on one thread; {@link #stop} may be called from any.
 */
public final class TrafficSimulator {

  /**
   * A call that is over.
   *
   * @param index its place in the order of arrival, from 0
   * @param queue the index of the queue it was for
   * @param arrivalSeconds when it arrived, in virtual seconds from the start
   * @param answered whether an agent answered it (else the caller abandoned)
   * @param waited whether it waited: no agent took it at the instant it reached its queue
   * @param waitSeconds from reaching its queue to being answered, or to abandoning
   */
  public record CallResult(
      long index,
      int queue,
      double arrivalSeconds,
      boolean answered,
      boolean waited,
      double waitSeconds) {}

  /** Told of every call when it is over, on the simulator's thread. */
  @FunctionalInterface
  public interface CallListener {
    void callOver(CallResult result);
  }

  /**
   * How far a run has come.
   *
   * @param offered calls that arrived so far
   * @param fraction the share of the run done, 0 to 1 (by calls, or by virtual time)
   * @param virtualSeconds the virtual time
   * @param events events published so far
   * @param wallSeconds real time since the run started
   * @param inProgress calls in progress
   */
  public record Progress(
      long offered,
      double fraction,
      double virtualSeconds,
      long events,
      double wallSeconds,
      long inProgress) {}

  /** Told a few times a second of real time how far the run has come. */
  @FunctionalInterface
  public interface ProgressListener {
    void progress(Progress progress);
  }

  /** How a run is driven and observed; the defaults suit a run in virtual time. */
  public static final class Options {
    double speed = Double.POSITIVE_INFINITY;
    LongConsumer latency;
    CallListener calls;
    ProgressListener progress;
    long progressIntervalNanos = TimeUnit.MILLISECONDS.toNanos(200);
    int maxInFlight = 50_000;

    /** Virtual time paced at {@code speed} times real time; infinity: as fast as it goes. */
    public Options speed(double value) {
      if (!(value > 0)) {
        throw new IllegalArgumentException(
            "the speed must be positive (1 is real time; omit it for virtual time), was " + value);
      }
      speed = value;
      return this;
    }

    /**
     * Told, on the sink's thread, the nanoseconds from the instant each step that publishes was due
     * to the instant the sink acknowledged its events (when the simulator runs late, the delay
     * counts: the latency is measured from the schedule, not from the send).
     */
    public Options latency(LongConsumer value) {
      latency = value;
      return this;
    }

    /** Told of every call when it is over. */
    public Options calls(CallListener value) {
      calls = value;
      return this;
    }

    /** Told a few times a second how far the run has come. */
    public Options progress(ProgressListener value) {
      progress = value;
      return this;
    }

    /**
     * The most steps whose events the sink has not yet acknowledged; the simulator waits above it,
     * so that a slow sink slows the run instead of filling the memory (default 50,000).
     */
    public Options maxInFlight(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxInFlight must be 1 or more, was " + value);
      }
      maxInFlight = value;
      return this;
    }
  }

  private final Tenants tenants;
  private final Options options;
  private final Pacing pacing;
  private final Counters counters;
  private final EngineLink link;
  private final Reactions reactions;
  private final Workload workload;
  private volatile boolean stopped;

  /** Whether a paced wait ends early: events of other threads to handle, or a stop. */
  private final BooleanSupplier wakeEarly;

  private TrafficSimulator(
      TrafficConfig config,
      Tenants tenants,
      VirtualClock virtualClock,
      InstantSource serviceClock,
      Options options) {
    this.tenants = tenants;
    this.options = options;
    // one stream of draws per queue's arrivals, then the callers', then the agents': split in
    // this order, so that a seed gives the same draws
    SplittableRandom master = new SplittableRandom(config.seed());
    SplittableRandom[] arrivals = new SplittableRandom[config.queues().size()];
    for (int q = 0; q < arrivals.length; q++) {
      arrivals[q] = master.split();
    }
    SplittableRandom callRandom = master.split();
    SplittableRandom agentRandom = master.split();
    long arrivalsEnd = config.duration().map(Pacing::saturatedNanos).orElse(Pacing.NONE);
    this.pacing =
        new Pacing(
            config.start(),
            virtualClock,
            serviceClock,
            options.speed,
            options.progressIntervalNanos);
    this.counters = new Counters(config, arrivalsEnd);
    this.link =
        new EngineLink(
            tenants, config.tenant(), pacing, counters, options.latency, options.maxInFlight);
    this.reactions =
        new Reactions(config, pacing, link, counters, callRandom, agentRandom, options.calls);
    this.workload =
        new Workload(
            config, pacing, link, counters, reactions.callers(), arrivals, callRandom, arrivalsEnd);
    this.wakeEarly = () -> stopped || link.hasNews();
    link.listen();
  }

  /**
   * A simulator with an engine of its own, in virtual time (or paced, see {@link Options#speed}),
   * publishing to {@code sink}. Connection ids start from the configured start time, so the same
   * seed and configuration give the same ConnIDs too.
   */
  public static TrafficSimulator standalone(TrafficConfig config, EventSink sink, Options options) {
    return standalone(
        config, (tenant, clock, ids) -> new Tenants(List.of(tenant), clock, ids, sink), options);
  }

  /**
   * Builds the tenants a standalone simulator drives: they must hold {@code tenant} and run on
   * {@code clock} and {@code ids} (a service's tenants on its journal, say).
   */
  @FunctionalInterface
  public interface TenantsFactory {
    Tenants create(TenantConfig tenant, InstantSource clock, Function<String, IdSource> ids);
  }

  /**
   * A simulator in virtual time, as {@link #standalone(TrafficConfig, EventSink, Options)}, on the
   * tenants {@code factory} builds.
   */
  public static TrafficSimulator standalone(
      TrafficConfig config, TenantsFactory factory, Options options) {
    VirtualClock clock = new VirtualClock(config.start());
    long idBase = config.start().getEpochSecond() << 24;
    Tenants tenants =
        factory.create(
            ContactCenter.tenant(config, TenantConfig.DEFAULT_SERVER),
            clock,
            t -> IdSource.sequential(idBase));
    return new TrafficSimulator(config, tenants, clock, null, options);
  }

  /**
   * A simulator that adds the tenant {@code config.tenant()} to a running service's {@code tenants}
   * and drives it in real time, reading {@code clock} (the service's); the service fires the
   * engine's timers. The start time of the configuration is ignored: the run starts now.
   *
   * @throws IllegalArgumentException if the service already has that tenant
   */
  public static TrafficSimulator attached(
      TrafficConfig config, Tenants tenants, InstantSource clock, String server, Options options) {
    TrafficConfig now = config.toBuilder().start(clock.instant()).build();
    tenants.add(ContactCenter.tenant(now, server));
    return new TrafficSimulator(now, tenants, null, clock, options);
  }

  /** The tenants the simulator drives (its own, when standalone). */
  public Tenants tenants() {
    return tenants;
  }

  /** Asks a run in progress to stop after the action it is doing; it then returns its report. */
  public void stop() {
    stopped = true;
    link.wake();
  }

  /**
   * Runs the simulation: logs the agents in, lets the calls arrive until the configured number or
   * duration, and returns when every call is over and every agent is back from after-call work (or
   * when {@link #stop} is called), once the sink has acknowledged every event.
   *
   * @throws IllegalStateException if the sink failed; the message says why
   */
  public SimulationReport run() {
    link.enter();
    pacing.begin();
    reactions.agents().logIn();
    workload.start();
    long lastProgress = pacing.wallStart();
    int iterations = 0;
    while (!stopped) {
      link.drain(reactions::process);
      link.checkFailure();
      long due = pacing.nextDue();
      long timer = link.engineTimer();
      if (due == Pacing.NONE && timer == Pacing.NONE) {
        if (pacing.virtual()) {
          break;
        }
        LockSupport.parkNanos(options.progressIntervalNanos);
        continue;
      }
      long at = Math.min(due, timer);
      if (pacing.paced()
          && !pacing.waitUntil(at, wakeEarly, () -> tellProgress(System.nanoTime()))) {
        continue;
      }
      pacing.advanceTo(at);
      if (timer <= due) {
        link.timerFired();
        reactions.process(link.submit(new Advance(Duration.ZERO)));
      } else {
        pacing.runNext();
      }
      if ((++iterations & 255) == 0 && options.progress != null) {
        long wall = System.nanoTime();
        if (wall - lastProgress >= options.progressIntervalNanos) {
          lastProgress = wall;
          tellProgress(wall);
        }
      }
    }
    link.awaitAcknowledgements(() -> stopped);
    link.drain(reactions::process);
    link.checkFailure();
    if (stopped) {
      // in real time, the run lasted until it was stopped, not until its last action
      pacing.catchUp();
      reactions.agents().countWorkInProgress(pacing.now());
    }
    long wallEnd = System.nanoTime();
    tellProgress(wallEnd);
    link.leave();
    return counters.report(pacing.now(), pacing.wallStart(), wallEnd);
  }

  private void tellProgress(long wall) {
    if (options.progress != null) {
      options.progress.progress(
          counters.progress(
              pacing.now(), pacing.wallStart(), wall, reactions.callers().inProgress()));
    }
  }
}
