package io.switchboard.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The text report: one row a figure, its reference and target beside it, as BENCHMARKS.md shows.
 */
class BenchReportTest {

  @Test
  void everyFigureHasItsRow() throws Exception {
    ObjectNode results =
        (ObjectNode)
            Json.mapper()
                .readTree(
                    """
                    {"date": "2026-11-22T10:00:00Z", "java": "17.0.15", "cores": 2,
                     "max_heap_mib": 1024, "load_average": 1.5,
                     "engine": {"events_per_call": 14, "engine_events_per_second": 900000,
                       "engine_with_json_events_per_second": 400000,
                       "plain_jackson_events_per_second": 500000, "json_ratio": 0.8},
                     "path": "cluster", "commit_interval_ms": 100, "transaction_version": 2,
                     "end_to_end": {"events": 1000, "events_per_second": 70000,
                       "calls_per_second": 5200, "events_per_call": 13.5,
                       "mean_record_bytes": 423},
                     "raw_producer": {"records_per_second": 80000},
                     "cpu_us_per_event": {
                       "end_to_end": {"cores": 1.5, "process": 20.0, "journal writer": 2.5},
                       "raw_producer": {"cores": 1.2, "process": 10.0, "broker": 4.0},
                       "ratio": 0.5},
                     "broker_cpu": {"end_to_end": {"us": 40.0, "cores": 1.4},
                       "raw_producer": {"us": 8.0, "cores": 1.6}},
                     "allocated_bytes_per_event": {"end_to_end": {"total": 3000},
                       "raw_producer": {"total": 1000}},
                     "throughput_ratio": 0.875,
                     "latency": {"offered_events_per_second": 20000,
                       "measured_events_per_second": 19990.4,
                       "end_to_end_ms": {"p50": 2.0, "p99": 6.0, "p99_9": 9.0},
                       "visible_ms": {"p50": 50.0, "p99": 99.0, "p99_9": 101.0},
                       "raw_producer_ms": {"p50": 1.5, "p99": 5.0, "p99_9": 8.0},
                       "p99_ratio": 1.2, "broker_cores": 0.9,
                       "raw_producer_broker_cores": 0.3},
                     "heap": {"agents": 100000, "calls_in_progress": 50000, "state_mib": 300,
                       "used_after_gc_mib": 350, "max_heap_mib": 1024}}
                    """);

    assertThat(BenchReport.text(results))
        .isEqualTo(
            """
            Switchboard bench, 2026-11-22T10:00:00Z, Java 17.0.15, 2 cores, max heap 1024 MiB, \
            load average 1.50 at start

            engine alone, events/s (1 core):   900,000; with JSON 400,000
                                               plain Jackson on the same events 500,000; \
            ratio 0.80 (target >= 0.50)
            path: cluster (every step replicated in Kafka with its events before it is \
            acknowledged, committed every 100 ms in shared transactions; Kafka's transaction \
            protocol version 2)
            end to end, events/s:              70,000
                                               raw producer 80,000 records/s; ratio 0.88 \
            (target >= 0.50)
            end to end, calls/s:               5,200
                                               13.5 events a call, 423 bytes a record
            CPU, µs an event:                  20.0 (1.50 cores)
                                               raw producer 10.0 a record (1.20 cores); ratio 0.50
              end to end: journal writer 2.50
              raw producer: broker 4.00
            brokers' CPU, µs an event:         40.0 (1.40 cores)
                                               raw producer's 8.0 a record (1.60 cores); ratio \
            0.20
            allocated, bytes an event:         3,000
                                               raw producer 1,000 a record
            latency at 20,000 events/s, ms:    p50 2.00, p99 6.00, p99.9 9.00
                                               raw producer p50 1.50, p99 5.00, p99.9 8.00; \
            p99 ratio 1.20 (target <= 2.00)
              events visible to read_committed consumers after, ms: p50 50.00, p99 99.00, \
            p99.9 101.00 (accepted to committed)
              brokers' cores meanwhile: 0.90; the raw producer's run: 0.30
              (measured 19,990 events/s offered by the paced simulator)
            heap, 100,000 agents + 50,000 calls: 300 MiB
                                               used after GC 350 of 1024 MiB (target: within \
            1,024 MiB)
            """);
  }
}
