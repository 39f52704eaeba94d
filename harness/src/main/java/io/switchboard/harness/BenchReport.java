package io.switchboard.harness;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The text report of a bench run: a line on the machine, then each figure on a row with its
 * reference and target beside it (the verdicts follow, {@link BenchVerdicts}). The JSON report is
 * the results themselves.
 */
final class BenchReport {

  private BenchReport() {}

  /** The figures of {@code r}, the results a bench run gathered, one row each. */
  static String text(ObjectNode r) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "Switchboard bench, %s, Java %s, %d cores, max heap %d MiB, load average %.2f at start%n%n",
            r.path("date").asText(),
            r.path("java").asText(),
            r.path("cores").asInt(),
            r.path("max_heap_mib").asLong(),
            r.path("load_average").asDouble()));
    if (r.has("engine")) {
      var e = r.path("engine");
      row(
          s,
          "engine alone, events/s (1 core)",
          "%,.0f; with JSON %,.0f",
          e.path("engine_events_per_second").asDouble(),
          e.path("engine_with_json_events_per_second").asDouble(),
          "plain Jackson on the same events %,.0f; ratio %.2f"
              + suffix(r.path("path").asText(), BenchVerdicts.JSON),
          e.path("plain_jackson_events_per_second").asDouble(),
          e.path("json_ratio").asDouble());
    }
    if (r.has("end_to_end")) {
      String path = r.path("path").asText();
      var e = r.path("end_to_end");
      var raw = r.path("raw_producer");
      var l = r.path("latency");
      s.append(
          String.format(
              Locale.ROOT,
              "path: %s%n",
              switch (r.path("path").asText()) {
                case "journal" ->
                    "journal (every step journaled and synced, then published from the journal)";
                case "cluster" ->
                    "cluster (every step replicated in Kafka with its events before it is"
                        + " acknowledged, committed every "
                        + r.path("commit_interval_ms").asLong()
                        + " ms in shared transactions; Kafka's transaction protocol version "
                        + r.path("transaction_version").asInt()
                        + ")";
                default -> "direct (events sent to Kafka as the engine makes them, no journal)";
              }));
      row(
          s,
          "end to end, events/s",
          "%,.0f",
          e.path("events_per_second").asDouble(),
          "raw producer %,.0f records/s; ratio %.2f" + suffix(path, BenchVerdicts.THROUGHPUT),
          raw.path("records_per_second").asDouble(),
          r.path("throughput_ratio").asDouble());
      row(
          s,
          "end to end, calls/s",
          "%,.0f",
          e.path("calls_per_second").asDouble(),
          "%.1f events a call, %.0f bytes a record"
              + suffix(path, BenchVerdicts.CALLS).replace(")", " calls/s)"),
          e.path("events_per_call").asDouble(),
          e.path("mean_record_bytes").asDouble());
      var c = r.path("cpu_us_per_event");
      row(
          s,
          "CPU, µs an event",
          "%.1f (%.2f cores)",
          c.path("end_to_end").path("process").asDouble(),
          c.path("end_to_end").path("cores").asDouble(),
          "raw producer %.1f a record (%.2f cores); ratio %.2f",
          c.path("raw_producer").path("process").asDouble(),
          c.path("raw_producer").path("cores").asDouble(),
          c.path("ratio").asDouble());
      for (String side : List.of("end_to_end", "raw_producer")) {
        StringBuilder parts = new StringBuilder();
        c.path(side)
            .fields()
            .forEachRemaining(
                f -> {
                  if (!f.getKey().equals("process") && !f.getKey().equals("cores")) {
                    parts.append(
                        String.format(
                            Locale.ROOT,
                            "%s%s %.2f",
                            parts.length() == 0 ? "" : ", ",
                            f.getKey(),
                            f.getValue().asDouble()));
                  }
                });
        s.append(String.format(Locale.ROOT, "  %s: %s%n", side.replace('_', ' '), parts));
      }
      if (r.has("broker_cpu")) {
        var b = r.path("broker_cpu");
        row(
            s,
            "brokers' CPU, µs an event",
            "%.1f (%.2f cores)",
            b.path("end_to_end").path("us").asDouble(),
            b.path("end_to_end").path("cores").asDouble(),
            "raw producer's %.1f a record (%.2f cores); ratio %.2f",
            b.path("raw_producer").path("us").asDouble(),
            b.path("raw_producer").path("cores").asDouble(),
            b.path("raw_producer").path("us").asDouble()
                / Math.max(1e-9, b.path("end_to_end").path("us").asDouble()));
      }
      if (r.has("produce_requests")) {
        var q = r.path("produce_requests");
        row(
            s,
            "requests to Kafka",
            "%,.0f a second, %.1f records each",
            q.path("end_to_end").path("requests_per_second").asDouble(),
            q.path("end_to_end").path("records_per_request").asDouble(),
            "raw producer %,.0f a second, %.1f records each",
            q.path("raw_producer").path("requests_per_second").asDouble(),
            q.path("raw_producer").path("records_per_request").asDouble());
      }
      var a = r.path("allocated_bytes_per_event");
      row(
          s,
          "allocated, bytes an event",
          "%,.0f",
          a.path("end_to_end").path("total").asDouble(),
          "raw producer %,.0f a record",
          a.path("raw_producer").path("total").asDouble());
      var el = l.path("end_to_end_ms");
      var rl = l.path("raw_producer_ms");
      row(
          s,
          String.format(
              Locale.ROOT,
              "latency at %,d events/s, ms",
              l.path("offered_events_per_second").asInt()),
          "p50 %.2f, p99 %.2f, p99.9 %.2f",
          el.path("p50").asDouble(),
          el.path("p99").asDouble(),
          el.path("p99_9").asDouble(),
          "raw producer p50 %.2f, p99 %.2f, p99.9 %.2f; p99 ratio %.2f"
              + suffix(path, BenchVerdicts.P99),
          rl.path("p50").asDouble(),
          rl.path("p99").asDouble(),
          rl.path("p99_9").asDouble(),
          l.path("p99_ratio").asDouble());
      if (l.has("visible_ms")) {
        var vl = l.path("visible_ms");
        s.append(
            String.format(
                Locale.ROOT,
                "  events visible to read_committed consumers after, ms: p50 %.2f, p99 %.2f,"
                    + " p99.9 %.2f (accepted to committed)%n",
                vl.path("p50").asDouble(),
                vl.path("p99").asDouble(),
                vl.path("p99_9").asDouble()));
      }
      if (r.has("paced_produce_requests")) {
        var q = r.path("paced_produce_requests");
        s.append(
            String.format(
                Locale.ROOT,
                "  requests to Kafka meanwhile: %,.0f a second, %.1f records each; the raw"
                    + " producer's: %,.0f, %.1f%n",
                q.path("end_to_end").path("requests_per_second").asDouble(),
                q.path("end_to_end").path("records_per_request").asDouble(),
                q.path("raw_producer").path("requests_per_second").asDouble(),
                q.path("raw_producer").path("records_per_request").asDouble()));
      }
      if (l.has("broker_cores")) {
        s.append(
            String.format(
                Locale.ROOT,
                "  brokers' cores meanwhile: %.2f; the raw producer's run: %.2f%n",
                l.path("broker_cores").asDouble(),
                l.path("raw_producer_broker_cores").asDouble()));
      }
      s.append(
          String.format(
              Locale.ROOT,
              "  (measured %,.0f events/s offered by the paced simulator)%n",
              l.path("measured_events_per_second").asDouble()));
    }
    if (r.has("heap")) {
      var h = r.path("heap");
      row(
          s,
          String.format(
              Locale.ROOT,
              "heap, %,d agents + %,d calls",
              h.path("agents").asInt(),
              h.path("calls_in_progress").asInt()),
          "%.0f MiB",
          h.path("state_mib").asDouble(),
          "used after GC %.0f of %d MiB (target: within 1,024 MiB)",
          h.path("used_after_gc_mib").asDouble(),
          h.path("max_heap_mib").asLong());
    }
    return s.toString();
  }

  /** {@code " (target >= 0.80)"}, or nothing where the path has no such target. */
  private static String suffix(String path, String target) {
    String bound = BenchVerdicts.target(path, target);
    return bound.isEmpty() ? "" : " (" + bound + ")";
  }

  private static void row(StringBuilder s, String label, String format, Object... args) {
    int split = count(format);
    Object[] first = Arrays.copyOfRange(args, 0, split);
    String rest = (String) args[split];
    Object[] second = Arrays.copyOfRange(args, split + 1, args.length);
    s.append(
        String.format(
            Locale.ROOT, "%-34s %s%n", label + ":", String.format(Locale.ROOT, format, first)));
    s.append(
        String.format(Locale.ROOT, "%-34s %s%n", "", String.format(Locale.ROOT, rest, second)));
  }

  private static int count(String format) {
    int n = 0;
    for (int i = 0; i < format.length(); i++) {
      if (format.charAt(i) == '%' && i + 1 < format.length() && format.charAt(i + 1) != '%') {
        n++;
      }
    }
    return n;
  }
}
