package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.Tenants;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A mount is served beside the API on its paths, with the viewer the request's key stands for. */
@Timeout(60)
class MountTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** Answers who is asking and whether it may read acme. */
  private static final Mount ECHO =
      new Mount() {
        @Override
        public boolean serves(String path) {
          return path.equals("/") || path.startsWith("/board/");
        }

        @Override
        public void handle(Request request, Response response, Callback callback, Viewer viewer) {
          String body =
              viewer.identified()
                  + " "
                  + viewer.admin()
                  + " "
                  + viewer.tenant().orElse("-")
                  + " "
                  + viewer.mayRead("acme");
          response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        }
      };

  @Test
  void withKeysEachKeySeesItsTenantAndARequestWithoutKeyIsNobody() throws Exception {
    ApiSettings settings =
        ApiSettings.open(new InetSocketAddress("127.0.0.1", 0))
            .withCredentials(
                new Credentials(
                    List.of(TestServer.ADMIN_KEY),
                    Map.of(
                        "acme", List.of(TestServer.ACME_KEY),
                        "globex", List.of(TestServer.GLOBEX_KEY))))
            .withRateLimit(new RateLimit(100_000, 100_000));
    try (HttpApi api = start(settings)) {
      assertThat(get(api, "/board/x", TestServer.ACME_KEY).body())
          .isEqualTo("true false acme true");
      assertThat(get(api, "/board/x", TestServer.GLOBEX_KEY).body())
          .isEqualTo("true false globex false");
      assertThat(get(api, "/", TestServer.ADMIN_KEY).body()).isEqualTo("true true - true");
      assertThat(get(api, "/", null).body()).isEqualTo("false false - false");
      HttpResponse<String> wrong = get(api, "/board/x", "not-a-key-0123456789abcdef");
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(wrong.body()).contains("the key is not valid");
      // the API's own routes are unchanged
      assertThat(get(api, "/v1/tenants", TestServer.ACME_KEY).body()).contains("acme");
      assertThat(get(api, "/v1/tenants", null).statusCode()).isEqualTo(401);
      assertThat(get(api, "/nothing", TestServer.ACME_KEY).statusCode()).isEqualTo(404);
    }
  }

  @Test
  void withoutKeysEveryRequestIsAnAdmin() throws Exception {
    try (HttpApi api = start(ApiSettings.open(new InetSocketAddress("127.0.0.1", 0)))) {
      assertThat(get(api, "/", null).body()).isEqualTo("true true - true");
    }
  }

  private static HttpApi start(ApiSettings settings) throws Exception {
    Tenants tenants =
        new Tenants(
            List.of(TestServer.tenant("acme", "5001"), TestServer.tenant("globex", "6001")),
            Clock.systemUTC(),
            tenant -> IdSource.sequential(1),
            (tenant, events) -> CompletableFuture.completedFuture(null));
    return HttpApi.start(
        settings, tenants, () -> new Health(true, Map.of()), (Meters) null, List.of(ECHO));
  }

  private static HttpResponse<String> get(HttpApi api, String path, String key) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.url() + path)).timeout(Duration.ofSeconds(20));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
