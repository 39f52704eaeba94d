package io.switchboard.sim.traffic;

import io.switchboard.engine.Delivery;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.TreatmentType;
import io.switchboard.model.request.Advance;
import io.switchboard.model.request.InboundCall;
import io.switchboard.model.request.RemoteRelease;
import io.switchboard.model.request.RequestAgentLogin;
import io.switchboard.model.request.RequestAgentReady;
import io.switchboard.model.request.RequestAnswerCall;
import io.switchboard.model.request.RequestApplyTreatment;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestHoldCall;
import io.switchboard.model.request.RequestReleaseCall;
import io.switchboard.model.request.RequestRetrieveCall;
import io.switchboard.model.request.RequestRouteCall;
import io.switchboard.model.request.RequestSingleStepConference;
import io.switchboard.model.request.RequestSingleStepTransfer;
import io.switchboard.model.request.Step;
import io.switchboard.model.request.TreatmentEnd;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
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
 * <p>Not thread-safe: {@link #run} runs on one thread; {@link #stop} may be called from any.
 */
public final class TrafficSimulator {

  private static final long NONE = Long.MAX_VALUE;
  private static final long NANOS = 1_000_000_000L;
  private static final String[] SEGMENTS = {"Gold", "Silver", "Bronze", "Bronze"};

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

  /** A planned action. */
  private record Action(long time, long sequence, Runnable run) {}

  /** What the simulator knows of one call. */
  private static final class SimCall {
    final long index;
    final int queue;
    final long arrival;
    final String from;
    ConnId connId;
    int legQueue;
    long queuedAt = -1;
    long answeredAt = -1;
    long deliveredAt = -1;
    boolean waiting;
    int legs;
    int agent = -1;
    boolean ringing;
    boolean held;
    boolean abandoning;
    boolean transferred;
    boolean over;

    SimCall(long index, int queue, long arrival, String from) {
      this.index = index;
      this.queue = queue;
      this.legQueue = queue;
      this.arrival = arrival;
      this.from = from;
    }
  }

  private final TrafficConfig config;
  private final Tenants tenants;
  private final String tenant;
  private final VirtualClock virtualClock;
  private final InstantSource serviceClock;
  private final Options options;
  private final boolean paced;

  private final PriorityQueue<Action> agenda =
      new PriorityQueue<>(
          (a, b) ->
              a.time != b.time
                  ? Long.compare(a.time, b.time)
                  : Long.compare(a.sequence, b.sequence));
  private long sequence;
  private final ConcurrentLinkedQueue<Outcome> inbox = new ConcurrentLinkedQueue<>();
  private volatile Thread loop;
  private volatile boolean stopped;
  private boolean submitting;
  private Outcome justRun;
  private volatile long engineTimer = NONE;

  private final SplittableRandom[] arrivals;
  private final SplittableRandom callRandom;
  private final SplittableRandom agentRandom;
  private final double maxProfile;
  private final boolean flatProfile;
  private final long startSecondOfDay;
  private final TenantEngine engine;
  private final Map<Long, SimCall> calls = new HashMap<>();
  private final List<SimCall> touched = new ArrayList<>();

  private final int agentCount;
  private final SimCall[] agentCall;
  private final long[] legStart;
  private final long[] legAnswered;
  private final long[] acwStart;
  private final int[] acwEpoch;
  private final SimCall[] supervisorCall;

  private final long arrivalsEnd;
  private long now;
  private long clockSetTo;
  private long wallStart;
  private long window;
  private boolean arrivalsDone;

  private long offered;
  private long answered;
  private long abandoned;
  private long waited;
  private long withinServiceLevel;
  private long waitNanos;
  private long legs;
  private long talkNanos;
  private long acws;
  private long acwNanos;
  private long busyNanos;
  private long holds;
  private long transfers;
  private long conferences;
  private long rejected;
  private long steps;
  private long events;
  private long completed;
  private final List<String> rejections = new ArrayList<>();
  private final AtomicLong inFlight = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private TrafficSimulator(
      TrafficConfig config,
      Tenants tenants,
      VirtualClock virtualClock,
      InstantSource serviceClock,
      Options options) {
    this.config = config;
    this.tenants = tenants;
    this.tenant = config.tenant();
    this.virtualClock = virtualClock;
    this.serviceClock = serviceClock;
    this.options = options;
    this.paced = virtualClock == null || options.speed != Double.POSITIVE_INFINITY;
    SplittableRandom master = new SplittableRandom(config.seed());
    this.arrivals = new SplittableRandom[config.queues().size()];
    for (int q = 0; q < arrivals.length; q++) {
      arrivals[q] = master.split();
    }
    this.callRandom = master.split();
    this.agentRandom = master.split();
    this.maxProfile = config.profile().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    this.flatProfile = config.profile().stream().distinct().count() == 1;
    this.startSecondOfDay = config.start().atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
    // the engine is only read for its next timer, under the tenant's lock, in the listener
    this.engine = tenants.engine(config.tenant()).orElseThrow();
    this.agentCount = config.agentCount();
    this.agentCall = new SimCall[agentCount];
    this.legStart = new long[agentCount];
    this.legAnswered = new long[agentCount];
    this.acwStart = new long[agentCount];
    java.util.Arrays.fill(acwStart, -1);
    this.acwEpoch = new int[agentCount];
    this.supervisorCall = new SimCall[config.supervisors()];
    this.arrivalsEnd = config.duration().map(TrafficSimulator::saturatedNanos).orElse(NONE);
    this.window = arrivalsEnd;
    tenants.addListener(this::onOutcome);
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
    Thread thread = loop;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Runs the simulation: logs the agents in, lets the calls arrive until the configured number or
   * duration, and returns when every call is over and every agent is back from after-call work (or
   * when {@link #stop} is called), once the sink has acknowledged every event.
   *
   * @throws IllegalStateException if the sink failed; the message says why
   */
  public SimulationReport run() {
    loop = Thread.currentThread();
    wallStart = System.nanoTime();
    now = 0;
    setClock(0);
    logIn();
    for (int q = 0; q < config.queues().size(); q++) {
      scheduleArrival(q, 0);
    }
    long lastProgress = wallStart;
    int iterations = 0;
    while (!stopped) {
      drainInbox();
      checkFailure();
      Action next = agenda.peek();
      long due = next == null ? NONE : next.time;
      long timer = virtualClock != null ? engineTimer : NONE;
      if (due == NONE && timer == NONE) {
        if (virtualClock != null) {
          break;
        }
        LockSupport.parkNanos(options.progressIntervalNanos);
        continue;
      }
      long at = Math.min(due, timer);
      if (paced && !waitUntil(at)) {
        continue;
      }
      now = virtualClock != null ? at : Math.max(at, serviceNanos());
      setClock(at);
      if (timer <= due) {
        engineTimer = NONE;
        process(submit(new Advance(Duration.ZERO)));
      } else {
        agenda.poll();
        next.run.run();
      }
      if ((++iterations & 255) == 0 && options.progress != null) {
        long wall = System.nanoTime();
        if (wall - lastProgress >= options.progressIntervalNanos) {
          lastProgress = wall;
          options.progress.progress(progress(wall));
        }
      }
    }
    awaitAcknowledgements();
    drainInbox();
    checkFailure();
    if (stopped) {
      countWorkInProgress();
    }
    long wallEnd = System.nanoTime();
    if (options.progress != null) {
      options.progress.progress(progress(wallEnd));
    }
    loop = null;
    return report(wallEnd);
  }

  // ---------------------------------------------------------------- time

  private void setClock(long at) {
    if (virtualClock != null) {
      virtualClock.set(at);
      clockSetTo = at;
    }
  }

  private long serviceNanos() {
    Instant t = serviceClock.instant();
    return Duration.between(config.start(), t).toNanos();
  }

  /**
   * Waits until virtual time {@code at} is due in real time; false when it woke up early to handle
   * events that other threads caused (attached) or to stop.
   */
  private boolean waitUntil(long at) {
    for (; ; ) {
      if (stopped || !inbox.isEmpty()) {
        return false;
      }
      long remaining;
      if (virtualClock != null) {
        long wallDue = wallStart + (long) (at / options.speed);
        remaining = wallDue - System.nanoTime();
      } else {
        remaining = at - serviceNanos();
      }
      if (remaining <= 0) {
        return true;
      }
      LockSupport.parkNanos(Math.min(remaining, options.progressIntervalNanos));
      if (options.progress != null) {
        options.progress.progress(progress(System.nanoTime()));
      }
    }
  }

  private void at(long time, Runnable action) {
    agenda.add(new Action(time, sequence++, action));
  }

  private static long nanos(double seconds) {
    return seconds >= Long.MAX_VALUE / (double) NANOS ? NONE / 4 : Math.round(seconds * NANOS);
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return NONE / 2;
    }
  }

  // ---------------------------------------------------------------- steps

  private void onOutcome(String forTenant, Step step, Outcome outcome) {
    if (!forTenant.equals(tenant)) {
      return;
    }
    if (virtualClock != null) {
      Optional<Instant> due = engine.nextTimer();
      engineTimer =
          due.map(t -> Math.max(clockSetTo, Duration.between(config.start(), t).toNanos()))
              .orElse(NONE);
    }
    if (submitting && Thread.currentThread() == loop) {
      justRun = outcome;
    } else {
      inbox.add(outcome);
      Thread thread = loop;
      if (thread != null && thread != Thread.currentThread()) {
        LockSupport.unpark(thread);
      }
    }
  }

  /** Runs {@code step} on the engine and returns what it caused (not yet acknowledged). */
  private Outcome submit(Step step) {
    while (inFlight.get() >= options.maxInFlight) {
      checkFailure();
      LockSupport.parkNanos(20_000);
    }
    steps++;
    long due =
        virtualClock == null || options.speed == Double.POSITIVE_INFINITY
            ? System.nanoTime()
            : wallStart + (long) (now / options.speed);
    submitting = true;
    justRun = null;
    CompletableFuture<Outcome> acknowledged;
    try {
      acknowledged = tenants.submit(tenant, step);
    } finally {
      submitting = false;
    }
    Outcome outcome = justRun;
    justRun = null;
    if (outcome == null) {
      throw new IllegalStateException("the engine gave no outcome for " + step.name());
    }
    if (acknowledged.isDone()) {
      if (acknowledged.isCompletedExceptionally()) {
        acknowledged.whenComplete((o, error) -> failure.compareAndSet(null, error));
      } else if (options.latency != null && publishes(outcome)) {
        options.latency.accept(System.nanoTime() - due);
      }
    } else {
      inFlight.incrementAndGet();
      boolean measure = options.latency != null && publishes(outcome);
      acknowledged.whenComplete(
          (o, error) -> {
            if (error != null) {
              failure.compareAndSet(null, error);
            } else if (measure) {
              options.latency.accept(System.nanoTime() - due);
            }
            inFlight.decrementAndGet();
          });
    }
    return outcome;
  }

  private static boolean publishes(Outcome outcome) {
    for (Delivery d : outcome.deliveries()) {
      if (d.event().type().published()) {
        return true;
      }
    }
    return false;
  }

  private void checkFailure() {
    Throwable error = failure.get();
    if (error != null) {
      throw new IllegalStateException(
          "publishing failed, so the simulation stopped: " + error.getMessage(), error);
    }
  }

  private void awaitAcknowledgements() {
    // a run attached to a service that is shutting down does not wait long for a sink that may be
    // gone; a standalone run counts its events once acknowledged, so it waits for all of them
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (inFlight.get() > 0
        && failure.get() == null
        && (virtualClock != null || !stopped || System.nanoTime() < deadline)) {
      LockSupport.parkNanos(100_000);
    }
  }

  private void drainInbox() {
    Outcome outcome;
    while ((outcome = inbox.poll()) != null) {
      if (virtualClock == null) {
        now = Math.max(now, serviceNanos());
      }
      process(outcome);
    }
  }

  // ---------------------------------------------------------------- the simulated parties

  private void logIn() {
    AgentWorkMode mode =
        config.afterCallWork().isPresent() ? AgentWorkMode.ManualIn : AgentWorkMode.AutoIn;
    int index = 0;
    for (TrafficConfig.AgentGroup group : config.agents()) {
      for (int i = 0; i < group.count(); i++, index++) {
        String dn = ContactCenter.agentDn(index);
        for (String queue : group.queues()) {
          process(
              submit(
                  new RequestAgentLogin(
                      dn,
                      ContactCenter.agentId(index),
                      Optional.of(ContactCenter.queueDn(config.queueIndex(queue))),
                      mode,
                      RequestAttributes.NONE)));
        }
        if (mode == AgentWorkMode.ManualIn) {
          process(
              submit(
                  new RequestAgentReady(
                      dn, Optional.empty(), AgentWorkMode.ManualIn, RequestAttributes.NONE)));
        }
      }
    }
  }

  /**
   * Plans queue {@code q}'s next arrival after {@code after}: a Poisson process thinned by the
   * day's profile.
   */
  private void scheduleArrival(int q, long after) {
    double perHour = config.queues().get(q).callsPerHour();
    if (perHour <= 0) {
      return;
    }
    double peak = perHour * maxProfile / 3600;
    SplittableRandom random = arrivals[q];
    double t = after / (double) NANOS;
    for (; ; ) {
      t += -StrictMath.log(1.0 - random.nextDouble()) / peak;
      if (nanos(t) > arrivalsEnd || t > NONE / (4.0 * NANOS)) {
        return;
      }
      double factor = profileAt(t) / maxProfile;
      if (factor >= 1 || random.nextDouble() < factor) {
        break;
      }
    }
    long time = nanos(t);
    at(time, () -> arrive(q));
  }

  private double profileAt(double seconds) {
    if (flatProfile) {
      return maxProfile;
    }
    long second = startSecondOfDay + (long) seconds;
    return config.profile().get((int) ((second / 3600) % 24));
  }

  private void arrive(int q) {
    if (arrivalsDone) {
      return;
    }
    long index = offered++;
    if (config.calls() > 0 && offered >= config.calls()) {
      arrivalsDone = true;
      window = now;
    } else {
      scheduleArrival(q, now);
    }
    String from = "+1" + (2_000_000_000L + callRandom.nextLong(8_000_000_000L));
    KVList userData = KVList.EMPTY;
    if (config.userData()) {
      userData =
          KVList.of(
              "Segment",
              SEGMENTS[callRandom.nextInt(SEGMENTS.length)],
              "AccountNumber",
              Long.toString(4_000_000 + callRandom.nextInt(1_000_000)),
              "Reason",
              config.queues().get(q).name());
    }
    SimCall call = new SimCall(index, q, now, from);
    Outcome outcome = submit(new InboundCall(from, ContactCenter.ROUTING_POINT, userData));
    outcome
        .connId()
        .ifPresent(
            id -> {
              call.connId = id;
              call.waiting = true;
              calls.put(id.value(), call);
              touched.add(call);
            });
    process(outcome);
  }

  private void applyTreatment(SimCall call) {
    if (call.over) {
      return;
    }
    process(
        submit(
            new RequestApplyTreatment(
                ContactCenter.ROUTING_POINT,
                call.connId,
                TreatmentType.PlayAnnouncementAndDigits,
                KVList.of("Prompt", "main-menu"),
                RequestAttributes.NONE)));
  }

  private void endTreatment(SimCall call) {
    if (call.over) {
      return;
    }
    process(
        submit(
            new TreatmentEnd(
                ContactCenter.ROUTING_POINT,
                call.connId,
                Optional.of(Integer.toString(call.queue + 1)))));
  }

  private void route(SimCall call) {
    if (call.over) {
      return;
    }
    process(
        submit(
            new RequestRouteCall(
                ContactCenter.ROUTING_POINT,
                call.connId,
                ContactCenter.queueDn(call.queue),
                KVList.EMPTY,
                RequestAttributes.NONE)));
  }

  private void abandon(SimCall call) {
    if (call.over || call.answeredAt >= 0 || call.abandoning) {
      return;
    }
    call.abandoning = true;
    process(submit(new RemoteRelease(call.from, call.connId)));
  }

  private void answer(SimCall call, int agent) {
    if (call.over || call.agent != agent || !call.ringing || call.abandoning) {
      return;
    }
    process(
        submit(
            new RequestAnswerCall(
                ContactCenter.agentDn(agent), call.connId, RequestAttributes.NONE)));
  }

  private void hold(SimCall call, int agent, boolean on) {
    if (call.over || call.agent != agent || call.ringing || call.held == on) {
      return;
    }
    String dn = ContactCenter.agentDn(agent);
    Outcome outcome =
        submit(
            on
                ? new RequestHoldCall(dn, call.connId, RequestAttributes.NONE)
                : new RequestRetrieveCall(dn, call.connId, RequestAttributes.NONE));
    if (!outcome.rejected()) {
      call.held = on;
      if (on) {
        holds++;
      }
    }
    process(outcome);
  }

  private void conference(SimCall call, int agent) {
    if (call.over || call.agent != agent || call.ringing || call.held) {
      return;
    }
    int supervisor = -1;
    for (int s = 0; s < supervisorCall.length; s++) {
      if (supervisorCall[s] == null) {
        supervisor = s;
        break;
      }
    }
    if (supervisor < 0) {
      return;
    }
    supervisorCall[supervisor] = call;
    Outcome outcome =
        submit(
            new RequestSingleStepConference(
                ContactCenter.agentDn(agent),
                call.connId,
                ContactCenter.supervisorDn(supervisor),
                RequestAttributes.NONE));
    if (outcome.rejected()) {
      supervisorCall[supervisor] = null;
    } else {
      conferences++;
    }
    process(outcome);
  }

  private void supervisorAnswer(SimCall call, int supervisor) {
    if (call.over || supervisorCall[supervisor] != call) {
      return;
    }
    process(
        submit(
            new RequestAnswerCall(
                ContactCenter.supervisorDn(supervisor), call.connId, RequestAttributes.NONE)));
  }

  private void supervisorLeave(SimCall call, int supervisor) {
    if (call.over || supervisorCall[supervisor] != call) {
      return;
    }
    process(
        submit(
            new RequestReleaseCall(
                ContactCenter.supervisorDn(supervisor), call.connId, RequestAttributes.NONE)));
  }

  private void finish(SimCall call, int agent, boolean transfer) {
    if (call.over || call.agent != agent || call.ringing) {
      return;
    }
    String dn = ContactCenter.agentDn(agent);
    if (transfer) {
      int queues = config.queues().size();
      int to = queues == 1 ? 0 : (call.legQueue + 1 + callRandom.nextInt(queues - 1)) % queues;
      Outcome outcome =
          submit(
              new RequestSingleStepTransfer(
                  dn, call.connId, ContactCenter.queueDn(to), RequestAttributes.NONE));
      if (!outcome.rejected()) {
        transfers++;
        call.transferred = true;
        call.legQueue = to;
        process(outcome);
        return;
      }
      process(outcome);
    }
    process(submit(new RequestReleaseCall(dn, call.connId, RequestAttributes.NONE)));
  }

  private void ready(int agent, int epoch) {
    if (acwEpoch[agent] != epoch || acwStart[agent] < 0) {
      return;
    }
    process(
        submit(
            new RequestAgentReady(
                ContactCenter.agentDn(agent),
                Optional.empty(),
                AgentWorkMode.ManualIn,
                RequestAttributes.NONE)));
  }

  // ---------------------------------------------------------------- reacting to events

  private void process(Outcome outcome) {
    List<Delivery> deliveries = outcome.deliveries();
    for (int i = 0; i < deliveries.size(); i++) {
      react(deliveries.get(i));
    }
    for (int i = 0; i < touched.size(); i++) {
      SimCall call = touched.get(i);
      if (!call.over && call.legs == 0 && !call.waiting) {
        over(call);
      }
    }
    touched.clear();
  }

  private SimCall call(Event event) {
    Object id = event.attributes().get(Attribute.ConnID);
    if (!(id instanceof ConnId connId)) {
      return null;
    }
    SimCall call = calls.get(connId.value());
    if (call != null) {
      touched.add(call);
    }
    return call;
  }

  private void react(Delivery delivery) {
    Event event = delivery.event();
    EventType type = event.type();
    if (type.published()) {
      events++;
    }
    String party = delivery.party();
    switch (type) {
      case EventError -> {
        rejected++;
        if (rejections.size() < 5) {
          rejections.add(
              party + ": " + event.string(Attribute.ErrorMessage).orElse(event.toString()));
        }
      }
      case EventRouteRequest -> {
        SimCall call = call(event);
        if (call != null) {
          if (config.ivr().isPresent()) {
            at(now, () -> applyTreatment(call));
          } else {
            at(now, () -> route(call));
          }
        }
      }
      case EventTreatmentApplied -> {
        SimCall call = call(event);
        if (call != null && config.ivr().isPresent()) {
          at(now + nanos(config.ivr().get().sample(callRandom)), () -> endTreatment(call));
        }
      }
      case EventTreatmentEnd -> {
        SimCall call = call(event);
        if (call != null) {
          at(now, () -> route(call));
        }
      }
      case EventQueued -> {
        SimCall call = call(event);
        int queue = queueIndex(party);
        if (call != null) {
          call.waiting = true;
          if (queue >= 0 && call.queuedAt < 0) {
            call.queuedAt = now;
            Optional<Distribution> patience = config.queues().get(call.queue).patience();
            if (patience.isPresent()) {
              at(now + nanos(patience.get().sample(callRandom)), () -> abandon(call));
            }
          }
        }
      }
      case EventDiverted -> {
        SimCall call = call(event);
        if (call != null) {
          call.waiting = false;
        }
      }
      case EventRinging -> ringing(party, event);
      case EventEstablished -> established(party, event);
      case EventReleased, EventAbandoned -> released(party, event);
      case EventAgentNotReady -> {
        int agent = agentIndex(party);
        if (agent >= 0
            && event.attributes().get(Attribute.AgentWorkMode) == AgentWorkMode.AfterCallWork
            && config.afterCallWork().isPresent()) {
          acwStart[agent] = now;
          int epoch = ++acwEpoch[agent];
          at(
              now + nanos(config.afterCallWork().get().sample(agentRandom)),
              () -> ready(agent, epoch));
        }
      }
      case EventAgentReady -> {
        int agent = agentIndex(party);
        if (agent >= 0 && acwStart[agent] >= 0) {
          acws++;
          acwNanos += now - acwStart[agent];
          busy(acwStart[agent], now);
          acwStart[agent] = -1;
        }
      }
      default -> {}
    }
  }

  private void ringing(String party, Event event) {
    SimCall call = call(event);
    if (call == null) {
      return;
    }
    int agent = agentIndex(party);
    if (agent >= 0) {
      call.legs++;
      call.agent = agent;
      call.ringing = true;
      call.waiting = false;
      if (call.deliveredAt < 0) {
        call.deliveredAt = now;
      }
      agentCall[agent] = call;
      legStart[agent] = now;
      legAnswered[agent] = -1;
      at(now + nanos(config.answerDelay().sample(agentRandom)), () -> answer(call, agent));
      return;
    }
    int supervisor = supervisorIndex(party);
    if (supervisor >= 0) {
      call.legs++;
      at(
          now + nanos(config.answerDelay().sample(agentRandom)),
          () -> supervisorAnswer(call, supervisor));
    }
  }

  private void established(String party, Event event) {
    SimCall call = call(event);
    if (call == null) {
      return;
    }
    int agent = agentIndex(party);
    if (agent >= 0 && call.agent == agent && call.ringing) {
      call.ringing = false;
      legAnswered[agent] = now;
      if (call.answeredAt < 0) {
        call.answeredAt = now;
        long wait = now - call.queuedAt;
        answered++;
        waitNanos += wait;
        if (call.deliveredAt > call.queuedAt) {
          waited++;
        }
        if (wait <= nanos(config.serviceLevelSeconds())) {
          withinServiceLevel++;
        }
      }
      planConversation(call, agent);
      return;
    }
    int supervisor = supervisorIndex(party);
    if (supervisor >= 0 && supervisorCall[supervisor] == call) {
      at(
          now + nanos(config.conferenceTime().sample(callRandom)),
          () -> supervisorLeave(call, supervisor));
    }
  }

  /** Draws the conversation an agent has with a caller it has just answered, and plans it. */
  private void planConversation(SimCall call, int agent) {
    long talk = nanos(config.queues().get(call.legQueue).handleTime().sample(callRandom));
    long held = 0;
    if (config.holdShare() > 0 && callRandom.nextDouble() < config.holdShare()) {
      long holdAt = now + (long) (talk * (0.1 + 0.4 * callRandom.nextDouble()));
      held = nanos(config.holdTime().sample(callRandom));
      at(holdAt, () -> hold(call, agent, true));
      at(holdAt + held, () -> hold(call, agent, false));
    }
    boolean conference =
        config.conferenceShare() > 0 && callRandom.nextDouble() < config.conferenceShare();
    if (conference) {
      at(now + held + talk / 2, () -> conference(call, agent));
    }
    boolean transfer =
        !conference
            && !call.transferred
            && config.transferShare() > 0
            && callRandom.nextDouble() < config.transferShare();
    at(now + held + talk, () -> finish(call, agent, transfer));
  }

  private void released(String party, Event event) {
    SimCall call = call(event);
    if (call == null) {
      return;
    }
    int agent = agentIndex(party);
    if (agent >= 0) {
      if (agentCall[agent] == call) {
        call.legs--;
        busy(legStart[agent], now);
        if (legAnswered[agent] >= 0) {
          legs++;
          talkNanos += now - legAnswered[agent];
        }
        agentCall[agent] = null;
        if (call.agent == agent) {
          call.agent = -1;
          call.ringing = false;
          call.held = false;
        }
      }
      return;
    }
    int supervisor = supervisorIndex(party);
    if (supervisor >= 0) {
      if (supervisorCall[supervisor] == call) {
        call.legs--;
        supervisorCall[supervisor] = null;
      }
      return;
    }
    if (event.type() == EventType.EventAbandoned) {
      // the queue or routing point where the caller hung up
      call.waiting = false;
    }
  }

  private void over(SimCall call) {
    call.over = true;
    calls.remove(call.connId.value());
    completed++;
    boolean wasAnswered = call.answeredAt >= 0;
    if (!wasAnswered) {
      abandoned++;
    }
    if (options.calls != null) {
      long queued = call.queuedAt >= 0 ? call.queuedAt : now;
      long wait = wasAnswered ? call.answeredAt - queued : now - queued;
      options.calls.callOver(
          new CallResult(
              call.index,
              call.queue,
              call.arrival / (double) NANOS,
              wasAnswered,
              call.deliveredAt != queued,
              wait / 1e9));
    }
  }

  /**
   * Counts the work in progress when the run was stopped as if it ended now: legs ringing or
   * talking count towards the agents' busy time, those answered towards the handle time; after-call
   * work under way towards the after-call work and the busy time. Without it, a run stopped before
   * its first call ended (a live simulation stopped after a minute) would report no handle time and
   * no occupancy.
   */
  private void countWorkInProgress() {
    if (virtualClock == null) {
      // in real time, the run lasted until it was stopped, not until its last action
      now = Math.max(now, serviceNanos());
    }
    for (int agent = 0; agent < agentCount; agent++) {
      if (agentCall[agent] != null) {
        busy(legStart[agent], now);
        if (legAnswered[agent] >= 0) {
          legs++;
          talkNanos += now - legAnswered[agent];
        }
        agentCall[agent] = null;
      }
      if (acwStart[agent] >= 0) {
        acws++;
        acwNanos += now - acwStart[agent];
        busy(acwStart[agent], now);
        acwStart[agent] = -1;
      }
    }
  }

  /** Adds the part of [from, to] that falls within the measurement window to the busy time. */
  private void busy(long from, long to) {
    long end = Math.min(to, window);
    if (end > from) {
      busyNanos += end - from;
    }
  }

  private int agentIndex(String dn) {
    if (dn.length() != 7 || dn.charAt(0) != '1') {
      return -1;
    }
    int index = parse(dn) - 1_000_000;
    return index >= 0 && index < agentCount ? index : -1;
  }

  private int supervisorIndex(String dn) {
    if (dn.length() != 4 || dn.charAt(0) != '4') {
      return -1;
    }
    int index = parse(dn) - 4001;
    return index >= 0 && index < supervisorCall.length ? index : -1;
  }

  private int queueIndex(String dn) {
    if (dn.length() != 4 || dn.charAt(0) != '7') {
      return -1;
    }
    int index = parse(dn) - 7001;
    return index >= 0 && index < config.queues().size() ? index : -1;
  }

  private static int parse(String digits) {
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return -1_000_000_000;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  // ---------------------------------------------------------------- reporting

  private Progress progress(long wall) {
    double fraction;
    if (config.calls() > 0) {
      fraction = Math.min(1, offered / (double) config.calls());
    } else {
      fraction = arrivalsEnd == NONE ? 0 : Math.min(1, now / (double) arrivalsEnd);
    }
    return new Progress(
        offered, fraction, now / 1e9, events, (wall - wallStart) / 1e9, calls.size());
  }

  private SimulationReport report(long wallEnd) {
    double wall = (wallEnd - wallStart) / 1e9;
    long windowEnd = window == NONE ? now : window;
    double capacity = (double) agentCount * windowEnd;
    return new SimulationReport(
        offered,
        answered,
        abandoned,
        answered == 0 ? 0 : waitNanos / 1e9 / answered,
        answered == 0 ? 0 : waited / (double) answered,
        offered == 0 ? 0 : withinServiceLevel / (double) offered,
        config.serviceLevelSeconds(),
        legs == 0 ? 0 : talkNanos / 1e9 / legs,
        acws == 0 ? 0 : acwNanos / 1e9 / acws,
        capacity <= 0 ? 0 : busyNanos / capacity,
        holds,
        transfers,
        conferences,
        rejected,
        steps,
        events,
        now / 1e9,
        wall,
        wall <= 0 ? 0 : events / wall,
        wall <= 0 ? 0 : completed / wall,
        rejections);
  }
}
