package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GET /metrics: the registry's figures in the Prometheus text format, for admin keys only; GET
 * /health/live and /health/ready.
 */
class MetricsTest {

  @Test
  void theFiguresAreServedInThePrometheusTextFormat() throws Exception {
    try (TestServer server = new TestServer()) {
      Gauge.builder("switchboard.journal.lag.entries", () -> 3)
          .description("Journal entries not yet published.")
          .register(server.meters.registry());
      FunctionCounter.builder("switchboard.publish.events", server, s -> 42)
          .description("Events published to Kafka.")
          .register(server.meters.registry());
      server.globex.step(
          "globex", "{\"RequestAgentLogin\": {\"ThisDN\": \"6001\", \"AgentID\": \"g1\"}}");
      server.globex.step(
          "globex", "{\"RequestMakeCall\": {\"ThisDN\": \"6001\", \"OtherDN\": \"6002\"}}");
      server.acme.step("acme", "{\"RequestAgentReady\": {\"ThisDN\": \"5001\"}}");

      Client.Answer answer = server.admin.get("/metrics");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Content-Type"))
          .contains("text/plain; version=0.0.4; charset=utf-8");
      String text = answer.text();
      assertThat(text)
          .contains(
              """
              # HELP switchboard_journal_lag_entries Journal entries not yet published.
              # TYPE switchboard_journal_lag_entries gauge
              switchboard_journal_lag_entries 3.0
              """)
          .contains(
              """
              # HELP switchboard_publish_events_total Events published to Kafka.
              # TYPE switchboard_publish_events_total counter
              switchboard_publish_events_total 42.0
              """)
          .contains("# TYPE switchboard_tenant_calls gauge\n")
          .contains("switchboard_tenant_calls{tenant=\"acme\"} 0.0\n")
          .contains("switchboard_tenant_calls{tenant=\"globex\"} 1.0\n")
          .contains("switchboard_tenant_agents_logged_in{tenant=\"globex\"} 1.0\n")
          .contains("switchboard_tenant_dns{tenant=\"acme\"} 4.0\n")
          .contains("switchboard_api_websockets 0.0\n")
          // the JVM's and the process's own
          .contains("jvm_memory_used_bytes{")
          .contains("process_cpu_usage ")
          .contains("jvm_gc_")
          // events by tenant and type
          .contains("switchboard_events_total{tenant=\"globex\",type=\"EventAgentLogin\"} 1.0\n")
          .contains("switchboard_events_total{tenant=\"globex\",type=\"EventDialing\"} 1.0\n")
          // steps by tenant and outcome, with their latency buckets
          .contains(
              "switchboard_step_latency_seconds_count{outcome=\"accepted\",tenant=\"globex\"} 2\n")
          .contains(
              "switchboard_step_latency_seconds_count{outcome=\"rejected\",tenant=\"acme\"} 1\n")
          .contains(
              "switchboard_step_latency_seconds_bucket{outcome=\"accepted\",tenant=\"globex\",le=\"+Inf\"} 2\n")
          // requests by the route's template, never the path asked for
          .contains(
              "switchboard_http_requests_seconds_count{method=\"POST\",route=\"/v1/tenants/{tenant}/steps\",status=\"200\"} 2\n")
          .contains(
              "switchboard_http_requests_seconds_count{method=\"POST\",route=\"/v1/tenants/{tenant}/steps\",status=\"422\"} 1\n")
          .doesNotContain("route=\"/v1/tenants/globex");
    }
  }

  @Test
  void requestsThatMatchNoRouteAreCountedUnderOneLabel() throws Exception {
    try (TestServer server = new TestServer()) {
      assertThat(server.admin.get("/no/such/path/12345").status()).isEqualTo(404);
      HttpResponse<String> odd =
          Client.HTTP.send(
              Client.request(server.api.url() + "/health")
                  .method("BREW", HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(odd.statusCode()).isEqualTo(405);
      assertThat(server.admin.get("/metrics").text())
          .contains(
              "switchboard_http_requests_seconds_count{method=\"GET\",route=\"none\",status=\"404\"} 1\n")
          .contains(
              "switchboard_http_requests_seconds_count{method=\"other\",route=\"/health\",status=\"405\"} 1\n")
          .doesNotContain("12345")
          .doesNotContain("BREW");
    }
  }

  @Test
  void removedTenantsLeaveThePerTenantFigures() throws Exception {
    try (TestServer server = new TestServer()) {
      assertThat(server.admin.get("/metrics").text()).contains("tenant_dns{tenant=\"globex\"}");
      assertThat(server.admin.delete("/v1/admin/tenants/globex").status()).isEqualTo(200);
      assertThat(server.admin.get("/metrics").text())
          .contains("switchboard_tenant_dns{tenant=\"acme\"}")
          .doesNotContain("switchboard_tenant_dns{tenant=\"globex\"}");
    }
  }

  @Test
  void theyAreAdminData() throws Exception {
    try (TestServer server = new TestServer()) {
      assertThat(server.acme.get("/metrics").status()).isEqualTo(403);
      assertThat(server.anonymous.get("/metrics").status()).isEqualTo(401);
      assertThat(server.admin.post("/metrics", "{}").status()).isEqualTo(405);
    }
  }

  @Test
  void liveAndReadyAreSeparate() throws Exception {
    try (TestServer server = new TestServer()) {
      assertThat(server.anonymous.get("/health/live").status()).isEqualTo(200);
      assertThat(server.anonymous.get("/health/ready").status()).isEqualTo(200);
      assertThat(server.anonymous.get("/health/ready").body().get("status").asText())
          .isEqualTo("UP");

      // Kafka cannot be reached: steps are still taken (journaled), but no traffic should come
      server.health =
          new Health(true, List.of("Kafka cannot be reached: timed out"), Map.of("kafka", "test"));
      assertThat(server.anonymous.get("/health/live").status()).isEqualTo(200);
      assertThat(server.anonymous.get("/health").status()).isEqualTo(200);
      Client.Answer ready = server.anonymous.get("/health/ready");
      assertThat(ready.status()).isEqualTo(503);
      assertThat(ready.body().get("status").asText()).isEqualTo("DOWN");
      assertThat(ready.body().has("notReady")).isFalse();
      assertThat(server.admin.get("/health/ready").body().get("notReady").get(0).asText())
          .isEqualTo("Kafka cannot be reached: timed out");

      // steps refused: down for /health and not ready, and still alive
      server.health = new Health(false, Map.of());
      assertThat(server.anonymous.get("/health").status()).isEqualTo(503);
      assertThat(server.anonymous.get("/health/ready").status()).isEqualTo(503);
      assertThat(server.anonymous.get("/health/live").status()).isEqualTo(200);
    }
  }
}
