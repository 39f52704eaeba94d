package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.journal.JournalSettings;
import io.switchboard.json.Json;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafka;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an operator watches: liveness and readiness, the disk, and the Grafana dashboard of
 * docs/grafana, whose every metric a running service exposes.
 */
class OperationsTest {
  private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "switchboard.json");

  /**
   * PromQL's functions, aggregations and keywords: the other names in an expression are metrics.
   */
  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "avg",
          "min",
          "max",
          "count",
          "rate",
          "irate",
          "increase",
          "histogram_quantile",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "label_values",
          "and",
          "or",
          "unless",
          "offset",
          "clamp_min",
          "clamp_max",
          "delta",
          "deriv",
          "topk",
          "bottomk",
          "abs",
          "time",
          "vector",
          "scalar",
          "bool");

  @TempDir Path dir;

  private Service.Settings settings(String name, Optional<String> kafka) {
    return new Service.Settings(
        DirectoryFile.demo("switchboard-test"),
        kafka,
        dir,
        0,
        Map.of(),
        new TopicNames(name + "-agentstate", name + "-callthread"),
        1,
        Optional.empty(),
        new InetSocketAddress("127.0.0.1", 0));
  }

  private static HttpResponse<String> step(Service service, String body) throws Exception {
    return TestHttp.post(service.httpUrl() + "/v1/tenants/demo/steps", body);
  }

  @Test
  void everyMetricTheDashboardQueriesIsExposed() throws Exception {
    Set<String> queried = dashboardMetrics(Json.mapper().readTree(DASHBOARD.toFile()));
    assertThat(queried)
        .as("the dashboard's metrics")
        .contains(
            "switchboard_step_latency_seconds_bucket",
            "switchboard_journal_sync_seconds_bucket",
            "switchboard_publish_lag_seconds_bucket",
            "switchboard_http_requests_seconds_count",
            "switchboard_events_total",
            "kafka_producer_record_send_total",
            "switchboard_api_websockets",
            "switchboard_disk_free_bytes",
            "jvm_memory_used_bytes");
    try (Service service =
        Service.start(settings("dashboard", Optional.of(SharedKafka.bootstrapServers())))) {
      assertThat(
              step(
                      service,
                      "{\"RequestAgentLogin\": {\"ThisDN\": \"5001\", \"AgentID\": \"1001\","
                          + " \"AgentWorkMode\": \"AutoIn\"}}")
                  .statusCode())
          .isEqualTo(200);
      assertThat(
              step(service, "{\"RequestMakeCall\": {\"ThisDN\": \"5002\", \"OtherDN\": \"5001\"}}")
                  .statusCode())
          .isEqualTo(200);
      // the publisher's producer and its figures come once it has reached Kafka
      Set<String> missing = new TreeSet<>(queried);
      long deadline = System.nanoTime() + TestHttp.PATIENCE.toNanos();
      String scraped = "";
      while (!missing.isEmpty() && System.nanoTime() < deadline) {
        scraped = TestHttp.get(service.httpUrl() + "/metrics").body();
        missing.removeAll(exposed(scraped));
        if (!missing.isEmpty()) {
          Thread.sleep(200);
        }
      }
      assertThat(missing)
          .as("metrics the dashboard queries that the service does not expose")
          .isEmpty();
      assertThat(scraped)
          .contains("kafka_producer_record_send_total{client_id=\"switchboard-publisher\"")
          .contains("switchboard_disk_used_bytes{dir=\"journal\"}");
    }
  }

  @Test
  void aFullDiskRefusesStepsClearlyAndTheServiceStaysUp() throws Exception {
    Service.Settings settings = settings("disk-full", Optional.of(SharedKafka.bootstrapServers()));
    // a reserve larger than any disk: the disk counts as full
    Service.Storage storage =
        new Service.Storage(
            Service.Storage.DEFAULT.retentionBytes(),
            Service.Storage.DEFAULT.retention(),
            Long.MAX_VALUE);
    try (Service service =
        Service.start(
            settings,
            JournalSettings.of(dir.resolve("journal")),
            storage,
            bootstrap -> Optional.empty())) {
      HttpResponse<String> refused =
          step(service, "{\"RequestMakeCall\": {\"ThisDN\": \"5002\", \"OtherDN\": \"5001\"}}");
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
      JsonNode answer = Json.mapper().readTree(refused.body());
      assertThat(answer.toString()).contains("the disk is full").contains("--min-free-disk");
      assertThat(answer.findValue("ErrorCode").asInt()).isEqualTo(204);
      assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
      assertThat(service.tenants().view("demo").calls()).isEmpty();

      HttpResponse<String> health = TestHttp.get(service.httpUrl() + "/health");
      assertThat(health.statusCode()).isEqualTo(503);
      JsonNode disk = Json.mapper().readTree(health.body()).at("/details/disk");
      assertThat(disk.get("full").asBoolean()).isTrue();
      assertThat(disk.get("freeBytes").asLong()).isPositive();
      assertThat(disk.get("usedBytes").get("journal").asLong()).isPositive();
      assertThat(TestHttp.get(service.httpUrl() + "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = TestHttp.get(service.httpUrl() + "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("the disk is full");
      assertThat(TestHttp.get(service.httpUrl() + "/metrics").body())
          .contains("switchboard_disk_full 1.0\n")
          // the step, and the timers' step that the service runs at start
          .containsPattern("switchboard_steps_refused_total [1-9]");
    }
  }

  @Test
  void aKafkaOutageMakesTheServiceNotReadyButNeverNotLive() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    try (Service service = Service.start(settings("outage", Optional.of("127.0.0.1:" + closed)))) {
      // steps are still taken: the journal keeps them until Kafka is back
      HttpResponse<String> taken =
          step(service, "{\"RequestMakeCall\": {\"ThisDN\": \"5002\", \"OtherDN\": \"5001\"}}");
      assertThat(taken.statusCode()).as(taken.body()).isEqualTo(200);
      assertThat(TestHttp.get(service.httpUrl() + "/health").statusCode()).isEqualTo(200);
      assertThat(TestHttp.get(service.httpUrl() + "/health/live").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = TestHttp.get(service.httpUrl() + "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("Kafka cannot be reached");
    }
  }

  /** The metric names of every PromQL expression of the dashboard, and of its variables. */
  static Set<String> dashboardMetrics(JsonNode dashboard) {
    List<String> expressions = new java.util.ArrayList<>();
    dashboard.findValues("expr").forEach(e -> expressions.add(e.asText()));
    dashboard.findValues("definition").forEach(e -> expressions.add(e.asText()));
    assertThat(expressions).as("the dashboard's queries").hasSizeGreaterThan(20);
    Set<String> names = new LinkedHashSet<>();
    expressions.forEach(expression -> names.addAll(metricsOf(expression)));
    return names;
  }

  /** The metric names of one PromQL expression. */
  static Set<String> metricsOf(String expression) {
    String bare =
        expression
            .replaceAll("\\{[^}]*}", " ") // label matchers
            .replaceAll("\\[[^]]*]", " ") // ranges
            .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ") // grouping labels
            .replaceAll("label_values\\(([a-zA-Z_:][a-zA-Z0-9_:]*),[^)]*\\)", "$1")
            .replaceAll("\"[^\"]*\"", " ");
    Set<String> names = new LinkedHashSet<>();
    Matcher word = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*").matcher(bare);
    while (word.find()) {
      if (!PROMQL_WORDS.contains(word.group())) {
        names.add(word.group());
      }
    }
    return names;
  }

  /** The sample names of a scrape. */
  private static Set<String> exposed(String scrape) {
    Set<String> names = new java.util.HashSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.isEmpty() && !line.startsWith("#")) {
        names.add(line.split("[{ ]", 2)[0]);
      }
    }
    return names;
  }

  @Test
  void theParserFindsTheMetricsOfAnExpression() {
    assertThat(
            metricsOf(
                "histogram_quantile(0.99, sum by (le) (rate(a_seconds_bucket{x=\"y\",i=~\"$instance\"}"
                    + "[$__rate_interval]))) / on (instance) b_total"))
        .containsExactly("a_seconds_bucket", "b_total");
    assertThat(metricsOf("label_values(c_entries, instance)")).containsExactly("c_entries");
  }
}
