package io.switchboard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.request.Step;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An engine restored from a snapshot goes on exactly as the engine it was taken from: in every
 * state of the sweep, every step gives the same events and leaves the same state in both.
 */
class SnapshotTest {

  static List<RequestSweepTest.Setup> setups() {
    return RequestSweepTest.setups();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("setups")
  void aRestoredEngineGoesOnAsTheOriginal(RequestSweepTest.Setup setup) {
    List<Function<RequestSweepTest.Calls, Step>> steps = RequestSweepTest.steps();
    for (int i = 0; i < steps.size(); i += 7) {
      EngineFixture f = RequestSweepTest.tenant();
      RequestSweepTest.Calls calls = setup.apply().apply(f);
      EngineSnapshot snapshot = f.engine.snapshot();
      TenantEngine restored = TenantEngine.restore(snapshot, f.clock, f.ids);
      assertThat(restored.stateDigest())
          .as("restored state in %s", setup)
          .isEqualTo(f.engine.stateDigest());
      assertThat(restored.snapshot())
          .as("snapshot of the restored engine in %s", setup)
          .isEqualTo(snapshot);

      Step step = steps.get(i).apply(calls);
      // the original's id source moves on by one; the restored engine draws the same ids
      long next = f.ids.nextConnId() + 1;
      Outcome original = f.engine.handle(step);
      TenantEngine again = TenantEngine.restore(snapshot, f.clock, IdSource.sequential(next));
      Outcome replayed = again.handle(step);
      assertThat(replayed.deliveries())
          .as("%s in %s", step, setup)
          .isEqualTo(original.deliveries());
      assertThat(again.stateDigest()).as("%s in %s", step, setup).isEqualTo(f.engine.stateDigest());
      assertThat(again.invariantViolations()).isEmpty();
    }
  }
}
