package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.Tenants;
import java.net.InetSocketAddress;
import java.net.http.WebSocketHandshakeException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client of one tenant can neither see nor act on another tenant, through any route. */
class IsolationTest {
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
    // globex has a call in progress and an agent, so that there is something to see
    server.globex.step(
        "globex", "{\"RequestAgentLogin\": {\"ThisDN\": \"6001\", \"AgentID\": \"g1\"}}");
    server.globex.step(
        "globex", "{\"RequestMakeCall\": {\"ThisDN\": \"6001\", \"OtherDN\": \"6002\"}}");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A path of {@code route} with its parameters filled in, on {@code tenant}. */
  private static String path(Endpoints.Route route, String tenant) {
    return route
        .path()
        .replace("{tenant}", tenant)
        .replace("{dn}", "6001")
        .replace("{agent}", "g1")
        .replace("{connId}", "0000000000000001@" + tenant);
  }

  @Test
  void everyRouteOfAnotherTenantIsForbiddenAndChangesNothing() {
    String before = server.digest("globex");
    int checked = 0;
    for (Endpoints.Route route : Endpoints.ROUTES) {
      if (!route.path().contains("{tenant}") && route.access() != Endpoints.Access.ADMIN) {
        continue;
      }
      for (String tenant : List.of("globex", "nosuchtenant")) {
        Client.Answer answer =
            server.acme.send(
                route.method(),
                path(route, tenant),
                route.method().equals("GET") || route.method().equals("DELETE")
                    ? ""
                    : "{\"RequestSetDNDOn\": {\"ThisDN\": \"6001\"}}");
        assertThat(answer.status()).as("%s %s", route.method(), path(route, tenant)).isEqualTo(403);
        // the answer does not say whether the tenant exists, nor name any other tenant
        assertThat(answer.error()).doesNotContain("globex, ").doesNotContain("known tenants");
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(20);
    assertThat(server.digest("globex")).isEqualTo(before);
    assertThat(server.published)
        .noneMatch(e -> e.toString().contains("6001") && e.name().equals("EventDNDOn"));
  }

  @Test
  void theTenantListAndHealthShowOnlyWhatTheKeyMaySee() {
    assertThat(server.acme.get("/v1/tenants").body().get("tenants").toString())
        .isEqualTo("[\"acme\"]");
    assertThat(server.admin.get("/v1/tenants").body().get("tenants").toString())
        .isEqualTo("[\"acme\",\"globex\"]");
    assertThat(server.acme.get("/health").body().has("details")).isFalse();
    assertThat(server.anonymous.get("/health").body().has("details")).isFalse();
    assertThat(server.admin.get("/health").body().at("/details/kafka").asText()).isEqualTo("test");
  }

  @Test
  void aTenantKeySeesItsOwnStateOnly() {
    JsonNode calls = server.acme.get("/v1/tenants/acme/calls").body();
    assertThat(calls.get("calls")).isEmpty();
    JsonNode theirs = server.globex.get("/v1/tenants/globex/calls").body();
    assertThat(theirs.get("calls")).hasSize(1);
    assertThat(server.acme.get("/v1/tenants/acme/agents").body().get("agents")).isEmpty();
  }

  @Test
  void aSocketOfOneTenantGetsNoneOfAnothersEvents() throws Exception {
    CompletionException refused =
        catchThrowableOfType(
            CompletionException.class,
            () -> WsClient.connect(server.api.url(), "globex", TestServer.ACME_KEY));
    assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
        .isEqualTo(403);
    try (WsClient acme = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY);
        WsClient globex = WsClient.connect(server.api.url(), "globex", TestServer.GLOBEX_KEY)) {
      acme.send("{\"register\": [\"6002\"]}");
      assertThat(acme.next("error").get("status").asInt()).isEqualTo(404);
      acme.send("{\"register\": [\"5001\", \"5002\"]}");
      acme.next("registered");
      globex.send("{\"register\": [\"6001\", \"6002\"]}");
      globex.next("registered");
      // a step on globex through acme's socket is a step on acme, where 6001 is unknown
      acme.send("{\"RequestSetDNDOn\": {\"ThisDN\": \"6001\"}}");
      assertThat(acme.next("answer").get("ErrorCode").asInt()).isEqualTo(101);
      server.globex.step("globex", "{\"RequestSetDNDOn\": {\"ThisDN\": \"6002\"}}");
      assertThat(globex.next("event").at("/value/id").asText()).isEqualTo("EventDNDOn");
      server.acme.step("acme", "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}");
      assertThat(acme.next("event").at("/value/ThisDN").asText()).isEqualTo("5001");
      // each saw exactly its own
      acme.assertNoOtherMessage();
      globex.assertNoOtherMessage();
    }
  }

  @Test
  void keysAreRequiredAndChecked() {
    Client.Answer none = server.anonymous.get("/v1/tenants/acme/dns");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.error()).contains("Authorization: Bearer");
    Client.Answer wrong =
        new Client(server.api.url(), "not-a-key-of-anyone-here").get("/v1/tenants");
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.error()).contains("not valid");
    Client.Answer basic =
        Client.send(
            java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(server.api.url() + "/v1/tenants"))
                .header("Authorization", "Basic YWRtaW46YWRtaW4=")
                .build());
    assertThat(basic.status()).isEqualTo(401);
    assertThat(basic.error()).contains("'Bearer KEY'");
    assertThat(server.acme.post("/v1/admin/tenants", "{\"tenant\": \"evil\"}").status())
        .isEqualTo(403);
    assertThat(server.tenants.ids()).doesNotContain("evil");
  }

  @Test
  void anOpenApiServesOnLoopbackOnlyAndKeysAreValidated() {
    Tenants tenants =
        new Tenants(
            List.of(),
            Clock.systemUTC(),
            t -> () -> 1,
            (t, events) -> CompletableFuture.completedFuture(null));
    assertThatThrownBy(
            () ->
                HttpApi.start(
                    new InetSocketAddress("0.0.0.0", 0), tenants, () -> new Health(true, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("refusing to serve the API on 0.0.0.0 without credentials");
    assertThatThrownBy(
            () ->
                HttpApi.start(
                    ApiSettings.open(new InetSocketAddress("127.0.0.1", 0))
                        .withCredentials(new Credentials(List.of("short"), Map.of())),
                    tenants,
                    () -> new Health(true, Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 16");
    assertThatThrownBy(
            () ->
                HttpApi.start(
                    ApiSettings.open(new InetSocketAddress("127.0.0.1", 0))
                        .withCredentials(
                            new Credentials(
                                List.of("the-same-key-for-two"),
                                Map.of("acme", List.of("the-same-key-for-two")))),
                    tenants,
                    () -> new Health(true, Map.of())))
        .hasMessageContaining("the same key is given to admin and to tenant 'acme'");
  }

  @Test
  void anOpenApiRequiresKeysAsSoonAsOneIsAdded() throws Exception {
    server.close();
    server = new TestServer(s -> s.withCredentials(Credentials.none()));
    assertThat(server.anonymous.get("/v1/tenants").status()).isEqualTo(200);
    Client.Answer added =
        server.anonymous.post(
            "/v1/admin/tenants",
            "{\"tenant\": \"initech\", \"directory\": [{\"dn\": \"8101\", \"type\":"
                + " \"Extension\"}], \"apiKeys\": [\"initech-key-0123456789\"]}");
    assertThat(added.status()).as(added.text()).isEqualTo(201);
    // at once, on every route: the admin API and the tenants that had no key included
    assertThat(server.anonymous.get("/v1/tenants").status()).isEqualTo(401);
    assertThat(server.anonymous.get("/v1/tenants/acme/dns").status()).isEqualTo(401);
    assertThat(server.anonymous.delete("/v1/admin/tenants/initech").status()).isEqualTo(401);
    Client initech = new Client(server.api.url(), "initech-key-0123456789");
    assertThat(initech.get("/v1/tenants/initech/dns").status()).isEqualTo(200);
    assertThat(initech.get("/v1/tenants/acme/dns").status()).isEqualTo(403);
  }

  @Test
  void aKeyMayBeGivenAsItsDigest() throws Exception {
    server.close();
    String digest = Keys.digest("a-key-known-by-digest-only");
    server =
        new TestServer(
            s ->
                s.withCredentials(
                    new Credentials(List.of(), Map.of("acme", List.of("sha256:" + digest)))));
    Client client = new Client(server.api.url(), "a-key-known-by-digest-only");
    assertThat(client.get("/v1/tenants/acme").status()).isEqualTo(200);
    assertThat(client.get("/v1/tenants/globex").status()).isEqualTo(403);
  }
}
