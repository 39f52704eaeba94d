package io.switchboard.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.Json;
import java.util.List;
import java.util.Locale;

/**
 * Whether a bench run met each target of docs/BENCHMARKS.md, and whether it ran long enough for
 * that to mean something.
 */
final class BenchVerdicts {
  /** The warm-up and measurement the targets are for (the bench's defaults). */
  static final int MEANINGFUL_WARMUP = 60;

  /**
   * Cluster mode's warm-up: on cores the brokers share, its JIT still took a quarter of the
   * service's CPU after 60 s, and three broker JVMs that the bench starts kept theirs busy for two
   * to three minutes, half of the brokers' CPU at first (docs/BENCHMARKS.md).
   */
  static final int MEANINGFUL_CLUSTER_WARMUP = 180;

  /** The warm-up the targets of {@code path} are for. */
  static int meaningfulWarmup(String path) {
    return "cluster".equals(path) ? MEANINGFUL_CLUSTER_WARMUP : MEANINGFUL_WARMUP;
  }

  static final int MEANINGFUL_DURATION = 30;

  /** One target: a figure of the report, and the bound it must keep. */
  private record Target(String name, String pointer, boolean atLeast, double bound) {
    boolean met(double value) {
      return atLeast ? value >= bound : value <= bound;
    }
  }

  static final String JSON = "engine with JSON vs plain Jackson";
  static final String THROUGHPUT = "end-to-end throughput vs raw producer";
  static final String CALLS = "calls a second";
  static final String P99 = "p99 latency vs raw producer";
  static final String HEAP = "heap used after GC, MiB";

  /** The single node's targets (the journal's path, and the direct one). */
  private static final List<Target> SINGLE_NODE =
      List.of(
          new Target(JSON, "/engine/json_ratio", true, 0.50),
          new Target(THROUGHPUT, "/throughput_ratio", true, 0.80),
          new Target(CALLS, "/end_to_end/calls_per_second", true, 5_000),
          new Target(P99, "/latency/p99_ratio", false, 1.5),
          new Target(HEAP, "/heap/used_after_gc_mib", false, 1_024));

  /** Cluster mode's (docs/cluster.md): every step replicated in Kafka before its answer. */
  private static final List<Target> CLUSTER =
      List.of(
          new Target(JSON, "/engine/json_ratio", true, 0.50),
          new Target(THROUGHPUT, "/throughput_ratio", true, 0.50),
          new Target(P99, "/latency/p99_ratio", false, 2.0),
          new Target(HEAP, "/heap/used_after_gc_mib", false, 1_024));

  private static List<Target> targets(String path) {
    return "cluster".equals(path) ? CLUSTER : SINGLE_NODE;
  }

  /** The target {@code name} of {@code path}, as {@code "target >= 0.80"}; empty if it has none. */
  static String target(String path, String name) {
    return targets(path).stream()
        .filter(t -> t.name().equals(name))
        .findFirst()
        .map(t -> "target " + (t.atLeast() ? ">= " : "<= ") + format(t.bound()))
        .orElse("");
  }

  private BenchVerdicts() {}

  /**
   * The verdicts on {@code results}: {@code {"short_run": bool, "targets": {name: {"value",
   * "target", "met"}}}}, a target left out when its figure was not measured.
   */
  static ObjectNode of(JsonNode results, int warmup, int duration) {
    ObjectNode verdicts = Json.mapper().createObjectNode();
    int meaningful = meaningfulWarmup(results.path("path").asText());
    verdicts.put("short_run", warmup < meaningful || duration < MEANINGFUL_DURATION);
    verdicts.put("meaningful_warmup", meaningful);
    ObjectNode targets = verdicts.putObject("targets");
    for (Target target : targets(results.path("path").asText())) {
      JsonNode value = results.at(target.pointer());
      if (value.isNumber()) {
        ObjectNode one = targets.putObject(target.name());
        one.put("value", value.asDouble());
        one.put("target", (target.atLeast() ? ">= " : "<= ") + format(target.bound()));
        one.put("met", target.met(value.asDouble()));
      }
    }
    return verdicts;
  }

  /** The verdicts as lines of text, the warning first when the run was too short. */
  static String text(JsonNode verdicts, int warmup, int duration) {
    StringBuilder s = new StringBuilder();
    if (verdicts.path("short_run").asBoolean()) {
      s.append(
          String.format(
              Locale.ROOT,
              "warning: a short run (warm-up %d s, measured %d s): the JIT is not warm and the"
                  + " figures vary from run to run, so the ratios below are not meaningful; the"
                  + " targets are for --warmup %d --duration %d or more%n",
              warmup,
              duration,
              verdicts.path("meaningful_warmup").asInt(MEANINGFUL_WARMUP),
              MEANINGFUL_DURATION));
    }
    verdicts
        .path("targets")
        .fields()
        .forEachRemaining(
            e ->
                s.append(
                    String.format(
                        Locale.ROOT,
                        "%-40s %s (%s, target %s)%n",
                        e.getKey() + ":",
                        e.getValue().path("met").asBoolean() ? "met" : "MISSED",
                        format(e.getValue().path("value").asDouble()),
                        e.getValue().path("target").asText())));
    return s.toString();
  }

  private static String format(double value) {
    return value >= 100
        ? String.format(Locale.ROOT, "%,.0f", value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
