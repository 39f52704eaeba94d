package io.switchboard.sim.traffic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Optional;

/**
 * The textbook figures of one queue served by {@code n} agents with Poisson arrivals (rate {@code
 * lambda} per second) and exponential handle times (mean {@code 1/mu}): Erlang C when callers wait
 * forever (M/M/n), Erlang A when each caller gives up after an exponential patience of mean {@code
 * 1/theta} (M/M/n+M). The simulator is checked against these.
 *
 * <p>Erlang C is the closed formula. Erlang A is computed exactly from its birth-death chain: the
 * number of calls in the system is truncated where its stationary probability is negligible, and a
 * tagged caller's fate (answered, and when, or abandoned) follows from the calls ahead of it, each
 * of which leaves at rate {@code n mu} (an agent frees) or {@code theta} (it abandons).
 */
public final class QueueingTheory {

  private QueueingTheory() {}

  /**
   * The figures of a queue.
   *
   * @param pWait the share of answered calls that waited (with no abandonment: of all calls)
   * @param asaSeconds the mean wait of answered calls
   * @param serviceLevel the share of offered calls answered within the threshold
   * @param abandoned the share of offered calls that abandon
   * @param occupancy the share of the agents' time spent on calls
   */
  public record Figures(
      double pWait, double asaSeconds, double serviceLevel, double abandoned, double occupancy) {}

  /**
   * What theory predicts for a simulation's configuration.
   *
   * @param model {@code Erlang C} or {@code Erlang A}
   * @param figures the figures
   */
  public record Prediction(String model, Figures figures) {}

  /**
   * The prediction for {@code config} when it is a textbook queue: one queue, a flat day,
   * exponential handle times, no or exponential patience, agents that answer at once, no after-call
   * work, no holds, transfers or conferences (and, without patience, fewer erlangs than agents).
   * Empty otherwise: no closed formula applies, which is what the simulator is for.
   */
  public static Optional<Prediction> predict(TrafficConfig config) {
    if (config.queues().size() != 1
        || config.afterCallWork().isPresent()
        || !(config.answerDelay() instanceof Distribution.Constant delay && delay.value() == 0)
        || config.holdShare() > 0
        || config.transferShare() > 0
        || config.conferenceShare() > 0
        || config.profile().stream().distinct().count() != 1) {
      return Optional.empty();
    }
    TrafficConfig.QueueConfig queue = config.queues().get(0);
    if (!(queue.handleTime() instanceof Distribution.Exponential handle)) {
      return Optional.empty();
    }
    int n = config.agentCount();
    double lambda = queue.callsPerHour() * config.profile().get(0) / 3600;
    double mu = 1 / handle.mean();
    double threshold = config.serviceLevelSeconds();
    if (queue.patience().isEmpty()) {
      return lambda / mu < n
          ? Optional.of(new Prediction("Erlang C", erlangC(n, lambda, mu, threshold)))
          : Optional.empty();
    }
    if (!(queue.patience().get() instanceof Distribution.Exponential patience)) {
      return Optional.empty();
    }
    return Optional.of(
        new Prediction("Erlang A", erlangA(n, lambda, mu, 1 / patience.mean(), threshold)));
  }

  /** Erlang B: the blocking probability of {@code n} servers offered {@code a} erlangs. */
  public static double erlangB(int n, double a) {
    double b = 1;
    for (int k = 1; k <= n; k++) {
      b = a * b / (k + a * b);
    }
    return b;
  }

  /**
   * Erlang C: the probability that a call waits, with {@code n} agents offered {@code a} erlangs.
   *
   * @throws IllegalArgumentException if {@code a >= n}: the queue grows without bound
   */
  public static double erlangC(int n, double a) {
    if (a >= n) {
      throw new IllegalArgumentException(
          "an M/M/n queue with " + a + " erlangs on " + n + " agents is unstable (needs a < n)");
    }
    double b = erlangB(n, a);
    return n * b / (n - a * (1 - b));
  }

  /**
   * The Erlang C figures (M/M/n): callers wait as long as it takes.
   *
   * @param n agents
   * @param lambda arrivals per second
   * @param mu 1 / mean handle time, per second
   * @param threshold the service-level threshold, seconds
   */
  public static Figures erlangC(int n, double lambda, double mu, double threshold) {
    double a = lambda / mu;
    double c = erlangC(n, a);
    double drain = n * mu - lambda;
    return new Figures(c, c / drain, 1 - c * Math.exp(-drain * threshold), 0, a / n);
  }

  /**
   * The Erlang A figures (M/M/n+M): callers abandon after an exponential patience.
   *
   * @param n agents
   * @param lambda arrivals per second
   * @param mu 1 / mean handle time, per second
   * @param theta 1 / mean patience, per second (positive)
   * @param threshold the service-level threshold, seconds
   */
  public static Figures erlangA(int n, double lambda, double mu, double theta, double threshold) {
    if (!(theta > 0)) {
      throw new IllegalArgumentException(
          "Erlang A needs a positive abandonment rate, was " + theta);
    }
    // stationary distribution of the number in system, relative to state 0, in log space so that
    // large n does not overflow; truncated where the terms become negligible
    int limit;
    double[] logP = new double[n + 1];
    logP[0] = 0;
    for (int k = 1; k <= n; k++) {
      logP[k] = logP[k - 1] + Math.log(lambda / (k * mu));
    }
    ArrayList<Double> tail = new ArrayList<>();
    double last = logP[n];
    double max = 0;
    for (double v : logP) {
      max = Math.max(max, v);
    }
    for (int j = 1; ; j++) {
      last += Math.log(lambda / (n * mu + j * theta));
      tail.add(last);
      max = Math.max(max, last);
      if (last < max - 50 && j > 10) {
        break;
      }
    }
    limit = n + tail.size();
    double[] p = new double[limit + 1];
    double sum = 0;
    for (int k = 0; k <= limit; k++) {
      double v = k <= n ? logP[k] : tail.get(k - n - 1);
      p[k] = Math.exp(v - max);
      sum += p[k];
    }
    for (int k = 0; k <= limit; k++) {
      p[k] /= sum;
    }
    // a caller that finds k >= n in the system has i = k - n calls ahead of it in the queue
    int ahead = limit - n + 1;
    double[] served = new double[ahead];
    double[] meanWaitServed = new double[ahead];
    double product = 1;
    double sojourn = 0;
    for (int i = 0; i < ahead; i++) {
      double leave = n * mu + i * theta;
      double rate = leave + theta;
      product *= leave / rate;
      sojourn += 1 / rate;
      served[i] = product;
      meanWaitServed[i] = sojourn;
    }
    double pImmediate = 0;
    for (int k = 0; k < n; k++) {
      pImmediate += p[k];
    }
    double pServedAfterWaiting = 0;
    double waitServed = 0;
    double[] start = new double[ahead];
    for (int i = 0; i < ahead; i++) {
      double pk = p[n + i];
      start[i] = pk;
      pServedAfterWaiting += pk * served[i];
      waitServed += pk * served[i] * meanWaitServed[i];
    }
    double pServed = pImmediate + pServedAfterWaiting;
    double withinThreshold = pImmediate + servedWithin(start, n, mu, theta, threshold);
    double occupancy = lambda * pServed / (n * mu);
    return new Figures(
        pServedAfterWaiting / pServed,
        waitServed / pServed,
        withinThreshold,
        1 - pServed,
        occupancy);
  }

  /**
   * The probability mass, starting from {@code start[i]} (a waiting caller with i calls ahead), of
   * being answered within {@code t} seconds. The tagged caller's chain moves from i to i - 1 at
   * rate {@code n mu + i theta} (answered from i = 0), and leaves at rate {@code theta} (abandons);
   * solved by uniformization.
   */
  private static double servedWithin(double[] start, int n, double mu, double theta, double t) {
    int states = start.length;
    while (states > 1 && start[states - 1] < 1e-16) {
      states--;
    }
    double[] v = Arrays.copyOf(start, states);
    double uniform = n * mu + states * theta;
    double lt = uniform * t;
    // P(answered by t) = sum over k of Poisson(k; uniform t) * P(answered within k jumps); the
    // Poisson weights are built in log space, since exp(-uniform t) alone may underflow
    double logWeight = -lt;
    double mass = 0;
    double absorbed = 0;
    double result = 0;
    for (int k = 0; ; k++) {
      if (k > 0) {
        logWeight += Math.log(lt / k);
      }
      double weight = Math.exp(logWeight);
      mass += weight;
      result += weight * absorbed;
      if ((k > lt && 1 - mass < 1e-13) || k > 50_000_000) {
        result += Math.max(0, 1 - mass) * absorbed;
        return result;
      }
      double[] next = new double[states];
      for (int i = 0; i < states; i++) {
        if (v[i] == 0) {
          continue;
        }
        double down = n * mu + i * theta;
        double moveDown = v[i] * down / uniform;
        if (i == 0) {
          absorbed += moveDown;
        } else {
          next[i - 1] += moveDown;
        }
        next[i] += v[i] * (1 - (down + theta) / uniform);
      }
      v = next;
    }
  }
}
