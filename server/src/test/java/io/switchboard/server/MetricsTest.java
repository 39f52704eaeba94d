package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** GET /metrics: the service's figures in the Prometheus text format, for admin keys only. */
class MetricsTest {

  @Test
  void theFiguresAreServedInThePrometheusTextFormat() throws Exception {
    try (TestServer server = new TestServer()) {
      server.metrics.add(
          Metric.gauge("switchboard_journal_lag_entries", "Journal entries not yet published.", 3));
      server.metrics.add(
          Metric.counter("switchboard_publish_events_total", "Events published to Kafka.", 42));
      server.globex.step(
          "globex", "{\"RequestAgentLogin\": {\"ThisDN\": \"6001\", \"AgentID\": \"g1\"}}");
      server.globex.step(
          "globex", "{\"RequestMakeCall\": {\"ThisDN\": \"6001\", \"OtherDN\": \"6002\"}}");

      Client.Answer answer = server.admin.get("/metrics");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Content-Type"))
          .contains("text/plain; version=0.0.4; charset=utf-8");
      assertThat(answer.text())
          .contains(
              """
              # HELP switchboard_journal_lag_entries Journal entries not yet published.
              # TYPE switchboard_journal_lag_entries gauge
              switchboard_journal_lag_entries 3
              # HELP switchboard_publish_events_total Events published to Kafka.
              # TYPE switchboard_publish_events_total counter
              switchboard_publish_events_total 42
              """)
          .contains(
              """
              # HELP switchboard_tenant_calls Calls in progress.
              # TYPE switchboard_tenant_calls gauge
              switchboard_tenant_calls{tenant="acme"} 0
              switchboard_tenant_calls{tenant="globex"} 1
              """)
          .contains("switchboard_tenant_agents_logged_in{tenant=\"globex\"} 1\n")
          .contains("switchboard_tenant_dns{tenant=\"acme\"} 4\n")
          .contains("switchboard_api_websockets 0\n");
      // every line is a comment or a sample, and every name is Switchboard's
      for (String line : answer.text().split("\n")) {
        assertThat(line).matches("(# (HELP|TYPE) )?switchboard_[a-z_]+(\\{tenant=\"[a-z]+\"})? .+");
      }
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
  void valuesLabelsAndHelpAreWrittenAsPrometheusReadsThem() {
    String text =
        Prometheus.format(
            List.of(
                new Metric(
                    "switchboard_x",
                    Metric.Type.gauge,
                    "A back\\slash\nand a line.",
                    Map.of("tenant", "a\"b\\c\nd"),
                    0.25),
                new Metric(
                    "switchboard_x",
                    Metric.Type.gauge,
                    "ignored: the first help is the name's",
                    Map.of("tenant", "e"),
                    Double.NaN),
                Metric.gauge("switchboard_big", "Big.", 1e20),
                Metric.gauge("switchboard_inf", "Inf.", Double.NEGATIVE_INFINITY)));
    assertThat(text)
        .isEqualTo(
            """
            # HELP switchboard_x A back\\\\slash\\nand a line.
            # TYPE switchboard_x gauge
            switchboard_x{tenant="a\\"b\\\\c\\nd"} 0.25
            switchboard_x{tenant="e"} NaN
            # HELP switchboard_big Big.
            # TYPE switchboard_big gauge
            switchboard_big 1.0E20
            # HELP switchboard_inf Inf.
            # TYPE switchboard_inf gauge
            switchboard_inf -Inf
            """);
    assertThatThrownBy(() -> Metric.gauge("switchboard-x", "bad", 1))
        .hasMessageContaining("not a valid metric name");
    assertThatThrownBy(
            () ->
                Prometheus.format(
                    List.of(
                        Metric.gauge("switchboard_y", "", 1),
                        Metric.counter("switchboard_y", "", 1))))
        .hasMessageContaining("switchboard_y is given as a gauge and a counter");
  }
}
