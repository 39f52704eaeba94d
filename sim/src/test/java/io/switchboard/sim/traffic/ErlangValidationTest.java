package io.switchboard.sim.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.traffic.QueueingTheory.Figures;
import io.switchboard.sim.traffic.TrafficSimulator.CallResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The simulator against queueing theory: one queue, Poisson arrivals, exponential handle times and
 * agents that answer at once give the M/M/n queue, whose probability of waiting and average speed
 * of answer are the Erlang C formula's; with exponential patience, Erlang A's.
 *
 * <p>The tolerance comes from the run itself (batch means): the calls, in order of arrival and
 * after a warm-up, are cut into batches long enough to be nearly independent; the spread of the
 * batch means gives the standard error of the run's mean, and the theoretical value must lie within
 * {@value #Z} standard errors of it; the runs are long enough for that error to be at most a tenth
 * of the value (a few percent in practice). The runs are seeded, so the test gives the same answer
 * every time; what it checks is that the simulator's figures are the theory's within the precision
 * the run itself supports.
 */
class ErlangValidationTest {

  private static final double Z = 4.0;
  private static final int BATCHES = 20;

  @Test
  void mmnMatchesErlangC() {
    int agents = 10;
    double handle = 180;
    double load = 7.0; // erlangs: 70% occupancy
    Run run = simulate(agents, load, handle, Optional.empty(), 150_000, 11);
    Figures theory = QueueingTheory.erlangC(agents, load / handle, 1 / handle, 20);

    run.check("p_wait", theory.pWait(), r -> r.answered() && r.waited() ? 1 : 0, r -> r.answered());
    run.check("asa", theory.asaSeconds(), CallResult::waitSeconds, CallResult::answered);
    run.check("service level", theory.serviceLevel(), r -> serviceLevel(r, 20), r -> true);
    assertThat(run.report.abandoned()).isZero();
    assertThat(run.report.rejected()).isZero();
  }

  @Test
  void mmnWithExponentialPatienceMatchesErlangA() {
    int agents = 10;
    double handle = 180;
    double patience = 120;
    double load = 10.0; // erlangs: as many as agents; only abandonment keeps the queue stable
    Run run =
        simulate(
            agents, load, handle, Optional.of(new Distribution.Exponential(patience)), 60_000, 12);
    Figures theory = QueueingTheory.erlangA(agents, load / handle, 1 / handle, 1 / patience, 20);

    run.check("p_wait", theory.pWait(), r -> r.answered() && r.waited() ? 1 : 0, r -> r.answered());
    run.check("asa", theory.asaSeconds(), CallResult::waitSeconds, CallResult::answered);
    run.check("abandoned", theory.abandoned(), r -> r.answered() ? 0 : 1, r -> true);
    run.check("service level", theory.serviceLevel(), r -> serviceLevel(r, 20), r -> true);
    assertThat(run.report.rejected()).isZero();
  }

  private static double serviceLevel(CallResult r, double threshold) {
    return r.answered() && r.waitSeconds() <= threshold ? 1 : 0;
  }

  private static Run simulate(
      int agents,
      double load,
      double handle,
      Optional<Distribution> patience,
      int calls,
      long seed) {
    TrafficConfig config =
        TrafficConfig.defaults().toBuilder()
            .seed(seed)
            .calls(calls)
            .queues(
                List.of(
                    new TrafficConfig.QueueConfig(
                        "q1",
                        load / handle * 3600,
                        new Distribution.Exponential(handle),
                        patience)))
            .agents(List.of(new TrafficConfig.AgentGroup(agents, List.of("q1"))))
            .build();
    List<CallResult> results = new ArrayList<>();
    SimulationReport report =
        TrafficSimulator.standalone(
                config,
                (tenant, events) -> CompletableFuture.completedFuture(null),
                new TrafficSimulator.Options().calls(results::add))
            .run();
    results.sort((a, b) -> Long.compare(a.index(), b.index()));
    return new Run(report, results);
  }

  private interface Measure {
    double of(CallResult r);
  }

  private interface Counts {
    boolean of(CallResult r);
  }

  private record Run(SimulationReport report, List<CallResult> calls) {
    /** Checks the ratio estimate sum(measure)/count(counted) against {@code expected}. */
    void check(String what, double expected, Measure measure, Counts counted) {
      int warmUp = calls.size() / 20;
      int size = (calls.size() - warmUp) / BATCHES;
      double[] means = new double[BATCHES];
      double sum = 0;
      double n = 0;
      for (int b = 0; b < BATCHES; b++) {
        double s = 0;
        double c = 0;
        for (int i = warmUp + b * size; i < warmUp + (b + 1) * size; i++) {
          CallResult r = calls.get(i);
          if (counted.of(r)) {
            s += measure.of(r);
            c++;
          }
        }
        means[b] = s / c;
        sum += s;
        n += c;
      }
      double mean = sum / n;
      double variance = 0;
      for (double m : means) {
        variance += (m - mean) * (m - mean);
      }
      double standardError = Math.sqrt(variance / (BATCHES - 1) / BATCHES);
      // the run must be long enough for the check to mean something: a tenth of the value at most
      assertThat(standardError)
          .as("%s: the run is too short, its standard error is %.4f", what, standardError)
          .isLessThanOrEqualTo(0.1 * Math.abs(expected));
      System.out.printf(
          "%s: simulated %.4f, theory %.4f, standard error %.4f (%.1f SE)%n",
          what, mean, expected, standardError, (mean - expected) / standardError);
      assertThat(Math.abs(mean - expected))
          .as(
              "%s: simulated %.4f, theory %.4f, standard error of the run %.4f",
              what, mean, expected, standardError)
          .isLessThanOrEqualTo(Z * standardError);
    }
  }
}
