package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Tenants;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two instances of a cluster: the front one serves no tenant itself and forwards every request for
 * {@code acme} (steps, views, the event WebSocket) to the one that serves it; while {@code acme}
 * moves it answers 503 with {@code Retry-After}.
 */
class ForwardingTest {
  private HttpApi owner;
  private HttpApi front;
  private final AtomicReference<Placement.Where> where = new AtomicReference<>();

  @BeforeEach
  void start() throws Exception {
    EventSink sink = (tenant, events) -> CompletableFuture.completedFuture(null);
    Tenants served =
        new Tenants(
            List.of(TestServer.tenant("acme", "5001", "5002")),
            Clock.systemUTC(),
            tenant -> IdSource.sequential(1),
            sink);
    owner =
        HttpApi.start(
            new InetSocketAddress("127.0.0.1", 0), served, () -> new Health(true, Map.of()));
    where.set(new Placement.Elsewhere("b", "127.0.0.1:" + owner.address().getPort()));
    Tenants none =
        new Tenants(List.of(), Clock.systemUTC(), tenant -> IdSource.sequential(1), sink);
    Placement placement =
        new Placement() {
          @Override
          public Where locate(String tenant) {
            return tenant.equals("acme") ? where.get() : new Unknown();
          }

          @Override
          public Set<String> tenants() {
            return Set.of("acme");
          }

          @Override
          public Optional<ClusterView> cluster() {
            return Optional.of(
                new ClusterView(
                    "c",
                    "a",
                    List.of(
                        new InstanceView("a", front.address().toString(), List.of()),
                        new InstanceView(
                            "b", "127.0.0.1:" + owner.address().getPort(), List.of("acme")))));
          }

          @Override
          public String instance() {
            return "a";
          }
        };
    front =
        HttpApi.start(
            ApiSettings.open(new InetSocketAddress("127.0.0.1", 0)),
            none,
            () -> new Health(true, Map.of()),
            null,
            placement,
            List.of());
  }

  @AfterEach
  void stop() {
    front.close();
    owner.close();
  }

  @Test
  void stepsAndViewsOfATenantServedElsewhereAreForwardedToItsOwner() {
    Client client = new Client(front.url(), "");
    Client.Answer made =
        client.step("acme", "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    assertThat(made.status()).isEqualTo(200);
    assertThat(made.header("Switchboard-Served-By")).contains("b");
    assertThat(made.body().path("ConnID").asText()).endsWith("@acme");
    Client.Answer calls = client.get("/v1/tenants/acme/calls");
    assertThat(calls.status()).isEqualTo(200);
    assertThat(calls.body().path("calls")).hasSize(1);
    // rejections come back as the owner gave them
    Client.Answer busy =
        client.step("acme", "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    assertThat(busy.status()).isEqualTo(422);
    assertThat(client.get("/v1/tenants").body().path("tenants").toString()).contains("acme");
    assertThat(client.get("/v1/cluster").body().path("instances")).hasSize(2);
  }

  @Test
  void aTenantThatIsMovingIsRefusedWithRetryAfterAndARequestIsForwardedOnceAtMost() {
    Client client = new Client(front.url(), "");
    where.set(new Placement.Unavailable("tenant 'acme' is moving"));
    Client.Answer moving =
        client.step("acme", "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    assertThat(moving.status()).isEqualTo(503);
    assertThat(moving.header("Retry-After")).contains("1");
    assertThat(moving.error()).contains("moving");

    // an owner that went away: 503, the client retries
    where.set(new Placement.Elsewhere("b", "127.0.0.1:1"));
    Client.Answer gone = client.get("/v1/tenants/acme/calls");
    assertThat(gone.status()).isEqualTo(503);
    assertThat(gone.header("Retry-After")).contains("1");
  }

  @Test
  void theEventWebSocketIsRelayedToTheOwnerAndClosedWhenTheTenantMoves() throws Exception {
    try (WsClient ws = WsClient.connect(front.url(), "acme", "")) {
      ws.send("{\"register\": [\"5002\"]}");
      assertThat(ws.next("registered").get("dns").toString()).isEqualTo("[\"5002\"]");
      ws.send("{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
      JsonNode ringing = ws.next("event");
      assertThat(ringing.at("/value/id").asText()).isEqualTo("EventRinging");
      owner.close();
      assertThat(ws.awaitClose()).startsWith("1012").contains("again");
    }
  }
}
