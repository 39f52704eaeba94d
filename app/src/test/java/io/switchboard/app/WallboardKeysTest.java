package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.journal.JournalSettings;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.DNType;
import io.switchboard.server.ApiSettings;
import io.switchboard.server.Credentials;
import io.switchboard.server.RateLimit;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallboard inside the service, with keys: the page is public, a tenant's key watches its
 * tenant only, an admin key every tenant, and a request without a key no tenant.
 */
@Timeout(180)
class WallboardKeysTest {
  private static final String ADMIN = "admin-key-0123456789abcdef";
  private static final String ACME = "acme-key-0123456789abcdef";
  private static final String GLOBEX = "globex-key-0123456789abcdef";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path dir;

  @Test
  void aTenantsKeyWatchesItsTenantOnly() throws Exception {
    List<TenantConfig> tenants =
        List.of(
            TenantConfig.of("acme", List.of(new DirectoryEntry("5001", DNType.Extension))),
            TenantConfig.of("globex", List.of(new DirectoryEntry("6001", DNType.Extension))));
    ApiSettings api =
        ApiSettings.open(new InetSocketAddress("127.0.0.1", 0))
            .withCredentials(
                new Credentials(
                    List.of(ADMIN), Map.of("acme", List.of(ACME), "globex", List.of(GLOBEX))))
            .withRateLimit(new RateLimit(10_000, 10_000));
    Service.Settings settings =
        new Service.Settings(
            tenants,
            Optional.of(SharedKafka.bootstrapServers()),
            dir,
            0,
            Map.of(),
            new TopicNames("keys-test-agentstate", "keys-test-callthread"),
            3,
            java.util.Optional.of((short) 1),
            api);
    try (Service service =
        Service.start(
            settings,
            JournalSettings.of(dir.resolve("journal")),
            bootstrap ->
                Optional.of(
                    WallboardMount.start(
                        WallboardCommand.settings(bootstrap, settings, ServiceConfig.empty())
                            .withApplicationId("wallboard-keys-test"))))) {
      String base = service.httpUrl();
      post(
          base + "/v1/tenants/acme/steps",
          ACME,
          "{\"RequestAgentLogin\": {\"ThisDN\": \"5001\", \"AgentID\": \"a1\"}}");
      post(
          base + "/v1/tenants/globex/steps",
          GLOBEX,
          "{\"RequestAgentLogin\": {\"ThisDN\": \"6001\", \"AgentID\": \"g1\"}}");
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      String all = "";
      while (System.nanoTime() < deadline) {
        all = get(base + "/wallboard/api/tenants", ADMIN).body();
        if (all.contains("\"acme\"") && all.contains("\"globex\"")) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(all).contains("\"acme\"", "\"globex\"");
      assertThat(get(base + "/wallboard/api/tenants", ACME).body())
          .contains("\"acme\"")
          .doesNotContain("globex");
      HttpResponse<String> own = get(base + "/wallboard/api/tenants/acme", ACME);
      assertThat(own.statusCode()).isEqualTo(200);
      assertThat(own.body()).contains("\"agentId\":\"a1\"").doesNotContain("g1");
      assertThat(get(base + "/wallboard/api/tenants/globex", ACME).statusCode()).isEqualTo(403);
      assertThat(get(base + "/wallboard/api/tenants/globex/live", ACME).statusCode())
          .isEqualTo(403);
      assertThat(get(base + "/wallboard/api/tenants", null).statusCode()).isEqualTo(401);
      assertThat(get(base + "/wallboard/api/tenants", "wrong-key-0123456789abcdef").statusCode())
          .isEqualTo(401);
      assertThat(get(base + "/", null).body()).contains("<title>Switchboard wallboard</title>");
    }
  }

  private static HttpResponse<String> get(String url, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void post(String url, String key, String body) throws Exception {
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
  }
}
