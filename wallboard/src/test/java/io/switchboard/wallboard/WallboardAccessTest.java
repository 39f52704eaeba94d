package io.switchboard.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.sim.traffic.TrafficConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallboard's API shows a caller the tenants it may watch and nothing else: the mounting server
 * says who is asking ({@link Access}); here a header stands for the key.
 */
@Timeout(120)
class WallboardAccessTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aTenantSeesItsTenantOnlyAndNobodySeesNoTenant() throws Exception {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "wallboard-access-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    try (TopologyTestDriver driver =
        new TopologyTestDriver(
            StatsTopology.build(WallboardSettings.of("unused:9092", dir), StatsListener.NONE), p)) {
      for (String tenant : new String[] {"acme", "globex"}) {
        TrafficConfig config =
            TrafficConfig.defaults().toBuilder()
                .tenant(tenant)
                .calls(20)
                .duration(Optional.empty())
                .build();
        StatisticsGroundTruthTest.pipe(driver, SimulatedRun.of(config).records(), 0);
      }
      StatsQueries queries =
          new StatsQueries(driver::getKeyValueStore, Duration.ofSeconds(20).toNanos() / 1000);
      WallboardHandler wallboard = new WallboardHandler(queries, new LiveHub(), () -> "RUNNING");
      Server server = new Server();
      ServerConnector connector = new ServerConnector(server);
      connector.setHost("127.0.0.1");
      connector.setPort(0);
      server.addConnector(connector);
      server.setHandler(
          new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
              String who = request.getHeaders().get("X-Tenant");
              Access access =
                  who == null
                      ? Access.NONE
                      : who.equals("admin")
                          ? Access.ALL
                          : new Access() {
                            @Override
                            public boolean identified() {
                              return true;
                            }

                            @Override
                            public boolean mayRead(String tenant) {
                              return tenant.equals(who);
                            }
                          };
              return wallboard.handle(request, response, callback, access);
            }
          });
      server.start();
      try {
        String base = "http://127.0.0.1:" + connector.getLocalPort();
        assertThat(get(base + "/wallboard/api/tenants", "admin").body())
            .contains("\"acme\"", "\"globex\"");
        assertThat(get(base + "/wallboard/api/tenants", "acme").body())
            .contains("\"acme\"")
            .doesNotContain("globex");
        HttpResponse<String> own = get(base + "/wallboard/api/tenants/acme", "acme");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(Mapper.JSON.readTree(own.body()).get("queues").size()).isPositive();
        HttpResponse<String> other = get(base + "/wallboard/api/tenants/globex", "acme");
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("cannot watch tenant 'globex'");
        assertThat(get(base + "/wallboard/api/tenants/globex/live", "acme").statusCode())
            .isEqualTo(403);
        HttpResponse<String> nobody = get(base + "/wallboard/api/tenants", null);
        assertThat(nobody.statusCode()).isEqualTo(401);
        assertThat(nobody.body()).contains("needs a key");
        // the page itself is public: it asks for the key
        assertThat(get(base + "/", null).statusCode()).isEqualTo(200);
        assertThat(get(base + "/wallboard/app.js", null).statusCode()).isEqualTo(200);
        assertThat(get(base + "/wallboard/nothing", "admin").statusCode()).isEqualTo(404);
      } finally {
        server.stop();
        wallboard.close();
      }
    }
  }

  private static HttpResponse<String> get(String url, String who)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20));
    if (who != null) {
      request.header("X-Tenant", who);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
