package io.switchboard.sim.traffic;

import static io.switchboard.sim.traffic.Pacing.NANOS;
import static io.switchboard.sim.traffic.Pacing.NONE;
import static io.switchboard.sim.traffic.Pacing.nanos;

import io.switchboard.model.KVList;
import io.switchboard.model.request.InboundCall;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The calls that arrive: per queue, a Poisson process at the queue's peak rate thinned by the day's
 * profile, each queue drawing from a random stream of its own; until the configured number of
 * calls, or the end of the configured duration. Each caller gets a number and, when configured, the
 * user data a routing strategy would attach, and arrives at the routing point.
 */
final class Workload {

  private static final String[] SEGMENTS = {"Gold", "Silver", "Bronze", "Bronze"};

  private final TrafficConfig config;
  private final Pacing pacing;
  private final EngineLink link;
  private final Counters counters;
  private final Callers callers;
  private final SplittableRandom[] arrivals;
  private final SplittableRandom callRandom;
  private final double maxProfile;
  private final boolean flatProfile;
  private final long startSecondOfDay;
  private final long arrivalsEnd;
  private boolean arrivalsDone;

  /**
   * @param arrivals one random stream per queue
   * @param callRandom the draws of the callers and their calls
   * @param arrivalsEnd when arrivals stop, in virtual nanoseconds; {@link Pacing#NONE}: after the
   *     configured number of calls
   */
  Workload(
      TrafficConfig config,
      Pacing pacing,
      EngineLink link,
      Counters counters,
      Callers callers,
      SplittableRandom[] arrivals,
      SplittableRandom callRandom,
      long arrivalsEnd) {
    this.config = config;
    this.pacing = pacing;
    this.link = link;
    this.counters = counters;
    this.callers = callers;
    this.arrivals = arrivals;
    this.callRandom = callRandom;
    this.maxProfile = config.profile().stream().mapToDouble(Double::doubleValue).max().orElse(1);
    this.flatProfile = config.profile().stream().distinct().count() == 1;
    this.startSecondOfDay = config.start().atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay();
    this.arrivalsEnd = arrivalsEnd;
  }

  /** Plans the first arrival of every queue. */
  void start() {
    for (int q = 0; q < config.queues().size(); q++) {
      scheduleArrival(q, 0);
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
    pacing.at(time, () -> arrive(q));
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
    long now = pacing.now();
    long index = counters.arrival();
    if (config.calls() > 0 && counters.offered() >= config.calls()) {
      arrivalsDone = true;
      counters.lastArrival(now);
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
    callers.arrived(
        call, link.submit(new InboundCall(from, ContactCenter.ROUTING_POINT, userData)));
  }
}
