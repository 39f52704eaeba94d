package io.switchboard.sim.traffic;

import static io.switchboard.sim.traffic.Pacing.NONE;
import static io.switchboard.sim.traffic.Pacing.nanos;

import io.switchboard.model.Attribute;
import io.switchboard.model.Event;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run counts, as the callers' and the agents' behaviour tell it on the simulator's thread,
 * and the figures made of it: the {@link TrafficSimulator.Progress} of a run under way and the
 * {@link SimulationReport} at its end. Busy time counts within the measurement window only: from
 * the start to the last arrival when the run ends after a number of calls, to the end of arrivals
 * when it ends after a duration.
 */
final class Counters {

  private final TrafficConfig config;
  private final int agentCount;
  private final long arrivalsEnd;
  private long window;

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

  /**
   * @param arrivalsEnd when arrivals stop, in virtual nanoseconds; {@link Pacing#NONE}: after a
   *     number of calls
   */
  Counters(TrafficConfig config, long arrivalsEnd) {
    this.config = config;
    this.agentCount = config.agentCount();
    this.arrivalsEnd = arrivalsEnd;
    this.window = arrivalsEnd;
  }

  /** A call arrived; its index in the order of arrival. */
  long arrival() {
    return offered++;
  }

  /** Calls that arrived so far. */
  long offered() {
    return offered;
  }

  /** The last call arrived at {@code now}: the measurement window ends there. */
  void lastArrival(long now) {
    window = now;
  }

  /**
   * An agent answered a call for the first time, {@code wait} nanoseconds after it reached its
   * queue; {@code waited}: no agent took it at the instant it got there.
   */
  void answered(long wait, boolean waited) {
    answered++;
    waitNanos += wait;
    if (waited) {
      this.waited++;
    }
    if (wait <= nanos(config.serviceLevelSeconds())) {
      withinServiceLevel++;
    }
  }

  /** A call is over; {@code wasAnswered}: an agent had answered it, else its caller abandoned. */
  void over(boolean wasAnswered) {
    completed++;
    if (!wasAnswered) {
      abandoned++;
    }
  }

  /** An agent's answered leg of a call ended after {@code talk} nanoseconds (talk and hold). */
  void leg(long talk) {
    legs++;
    talkNanos += talk;
  }

  /** An agent's after-call work ended after {@code nanos}. */
  void afterCallWork(long nanos) {
    acws++;
    acwNanos += nanos;
  }

  /** Adds the part of [from, to] that falls within the measurement window to the busy time. */
  void busy(long from, long to) {
    long end = Math.min(to, window);
    if (end > from) {
      busyNanos += end - from;
    }
  }

  void hold() {
    holds++;
  }

  void transfer() {
    transfers++;
  }

  void conference() {
    conferences++;
  }

  /** A step was sent. */
  void step() {
    steps++;
  }

  /** An event was published. */
  void event() {
    events++;
  }

  /** The engine rejected a request of {@code party} with {@code error}; the first few are kept. */
  void rejected(String party, Event error) {
    rejected++;
    if (rejections.size() < 5) {
      rejections.add(party + ": " + error.string(Attribute.ErrorMessage).orElse(error.toString()));
    }
  }

  /**
   * How far the run has come at virtual time {@code now} and real time {@code wall}, with {@code
   * inProgress} calls in progress.
   */
  TrafficSimulator.Progress progress(long now, long wallStart, long wall, long inProgress) {
    double fraction;
    if (config.calls() > 0) {
      fraction = Math.min(1, offered / (double) config.calls());
    } else {
      fraction = arrivalsEnd == NONE ? 0 : Math.min(1, now / (double) arrivalsEnd);
    }
    return new TrafficSimulator.Progress(
        offered, fraction, now / 1e9, events, (wall - wallStart) / 1e9, inProgress);
  }

  /** The report of a run that ended at virtual time {@code now} and real time {@code wallEnd}. */
  SimulationReport report(long now, long wallStart, long wallEnd) {
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
