package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.kafka.testing.SharedKafkaCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code switchboard bench} runs every phase and reports every figure. Only that: the figures are
 * for docs/BENCHMARKS.md, measured by hand, never judged by a test.
 */
class BenchCommandTest {

  @Test
  void aShortBenchOnTheTestBrokerReportsEveryFigure() throws Exception {
    Cli cli =
        Cli.run(
            "bench",
            "--kafka",
            SharedKafka.bootstrapServers(),
            "--warmup",
            "0",
            "--duration",
            "5",
            "--rounds",
            "1",
            "--rate",
            "2000",
            "--heap-agents",
            "2000",
            "--heap-calls",
            "1000",
            "--report",
            "json");

    assertThat(cli.status()).as(cli.err()).isZero();
    List<String> lines = cli.out().lines().toList();
    JsonNode report = Json.mapper().readTree(lines.get(lines.size() - 1));
    assertThat(report.path("path").asText()).isEqualTo("journal");
    assertThat(report.at("/end_to_end/events").asLong()).isPositive();
    assertThat(report.at("/end_to_end/rejected").asLong()).isZero();
    assertThat(report.at("/raw_producer/records_per_second").asDouble()).isPositive();
    assertThat(report.path("throughput_ratio").asDouble()).isPositive();
    assertThat(report.at("/cpu_us_per_event/end_to_end/process").asDouble()).isPositive();
    assertThat(report.at("/cpu_us_per_event/end_to_end/simulator and engine").asDouble())
        .isPositive();
    assertThat(report.at("/cpu_us_per_event/end_to_end/journal publisher").asDouble()).isPositive();
    assertThat(report.at("/allocated_bytes_per_event/end_to_end/total").asDouble()).isPositive();
    assertThat(report.at("/latency/end_to_end_ms/count").asLong()).isPositive();
    assertThat(report.at("/latency/raw_producer_ms/count").asLong()).isPositive();
    assertThat(report.at("/engine/json_ratio").asDouble()).isPositive();
    assertThat(report.at("/heap/agents").asInt()).isEqualTo(2000);
    // a verdict per target, and the run said to be too short for them to mean anything
    assertThat(report.at("/verdicts/short_run").asBoolean()).isTrue();
    assertThat(report.at("/verdicts/targets").size()).isEqualTo(5);
    report
        .at("/verdicts/targets")
        .forEach(target -> assertThat(target.path("met").isBoolean()).isTrue());
    assertThat(cli.err()).contains("warning: a short run");
  }

  @Test
  void anUnknownPathSaysWhatToWrite() {
    Cli cli = Cli.run("bench", "--path", "fast");

    assertThat(cli.status()).isNotZero();
    assertThat(cli.err()).contains("--path is journal, direct or cluster, was 'fast'");
  }

  @Test
  void aShortBenchOfClusterModeOnThreeBrokersReportsItsFigures() throws Exception {
    Cli cli =
        Cli.run(
            "bench",
            "--path",
            "cluster",
            "--kafka",
            SharedKafkaCluster.bootstrap(),
            "--warmup",
            "0",
            "--duration",
            "5",
            "--rounds",
            "0",
            "--rate",
            "1000",
            "--heap-agents",
            "0",
            "--report",
            "json");

    assertThat(cli.status()).as(cli.err()).isZero();
    List<String> lines = cli.out().lines().toList();
    JsonNode report = Json.mapper().readTree(lines.get(lines.size() - 1));
    assertThat(report.path("path").asText()).isEqualTo("cluster");
    assertThat(report.at("/end_to_end/events").asLong()).isPositive();
    assertThat(report.at("/end_to_end/rejected").asLong()).isZero();
    assertThat(report.path("throughput_ratio").asDouble()).isPositive();
    assertThat(report.at("/cpu_us_per_event/end_to_end/cluster committers").asDouble())
        .isPositive();
    // what the instance found of Kafka's transaction protocol, and how each side batched
    assertThat(report.path("transaction_version").asInt()).isEqualTo(2);
    assertThat(report.at("/produce_requests/end_to_end/records_per_request").asDouble())
        .isPositive();
    assertThat(report.at("/produce_requests/raw_producer/requests_per_second").asDouble())
        .isPositive();
    // brokers the bench did not start: their CPU is not theirs to read
    assertThat(report.has("broker_cpu")).isFalse();
    assertThat(report.at("/latency/end_to_end_ms/count").asLong()).isPositive();
    assertThat(report.at("/latency/raw_producer_ms/count").asLong()).isPositive();
  }
}
