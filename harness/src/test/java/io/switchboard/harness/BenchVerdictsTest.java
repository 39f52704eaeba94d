package io.switchboard.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import org.junit.jupiter.api.Test;

/** The verdicts that end a bench report: one a target, and a warning when the run was short. */
class BenchVerdictsTest {

  @Test
  void theTextReportEndsWithAVerdictPerTargetAndTheWarning() throws Exception {
    JsonNode results =
        Json.mapper()
            .readTree(
                "{\"engine\": {\"json_ratio\": 0.7}, \"throughput_ratio\": 0.5,"
                    + " \"end_to_end\": {\"calls_per_second\": 6000},"
                    + " \"latency\": {\"p99_ratio\": 1.2}, \"heap\": {\"used_after_gc_mib\": 300}}");
    String text = BenchVerdicts.text(BenchVerdicts.of(results, 0, 5), 0, 5);
    assertThat(text.lines().findFirst().orElseThrow()).startsWith("warning: a short run");
    assertThat(text)
        .containsPattern(
            "end-to-end throughput vs raw producer: +MISSED \\(0\\.50, target >= 0\\.80\\)")
        .contains("p99 latency vs raw producer:")
        .contains("met (1.20, target <= 1.50)");
    assertThat(BenchVerdicts.text(BenchVerdicts.of(results, 60, 30), 60, 30))
        .doesNotContain("warning");
  }

  @Test
  void clusterModeIsHeldToItsOwnTargets() throws Exception {
    JsonNode results =
        Json.mapper()
            .readTree(
                "{\"path\": \"cluster\", \"throughput_ratio\": 0.6,"
                    + " \"end_to_end\": {\"calls_per_second\": 2000},"
                    + " \"latency\": {\"p99_ratio\": 2.5}}");
    // cluster mode's JIT, and its brokers', need three minutes: a minute is a short run there
    String text = BenchVerdicts.text(BenchVerdicts.of(results, 60, 30), 60, 30);
    assertThat(text.lines().findFirst().orElseThrow())
        .startsWith("warning: a short run (warm-up 60 s, measured 30 s)")
        .contains("--warmup 180 --duration 30");
    assertThat(BenchVerdicts.text(BenchVerdicts.of(results, 180, 30), 180, 30))
        .doesNotContain("warning");
    assertThat(text)
        .containsPattern(
            "end-to-end throughput vs raw producer: +met \\(0\\.60, target >= 0\\.50\\)")
        .containsPattern("p99 latency vs raw producer: +MISSED \\(2\\.50, target <= 2\\.00\\)")
        .doesNotContain("calls a second");
    assertThat(BenchVerdicts.target("journal", BenchVerdicts.CALLS)).isEqualTo("target >= 5,000");
    assertThat(BenchVerdicts.target("cluster", BenchVerdicts.CALLS)).isEmpty();
  }
}
