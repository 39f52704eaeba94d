package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.DNType;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The events WebSocket: registration, delivery in order, steps over the socket, slow clients. */
class WebSocketTest {
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aClientReceivesTheEventsOfItsDnsInOrderWithTheReferenceIdOfItsRequests() throws Exception {
    try (WsClient ws = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY)) {
      ws.send("{\"register\": [\"5002\"]}");
      assertThat(ws.next("registered").get("dns").toString()).isEqualTo("[\"5002\"]");

      Client.Answer made =
          server.acme.step(
              "acme",
              "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\", \"ReferenceID\": 41}}");
      assertThat(made.status()).isEqualTo(200);
      assertThat(made.body().get("ReferenceID").asLong()).isEqualTo(41);
      String connId = made.body().get("ConnID").asText();

      JsonNode ringing = ws.next("event");
      assertThat(ringing.get("party").asText()).isEqualTo("5002");
      assertThat(ringing.at("/value/id").asText()).isEqualTo("EventRinging");
      assertThat(ringing.at("/value/ReferenceID").asLong()).isEqualTo(41);
      assertThat(ringing.at("/value/ConnID").asText()).isEqualTo(connId);

      server.acme.step(
          "acme",
          "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \""
              + connId
              + "\", \"ReferenceID\": 42}}");
      server.acme.step(
          "acme",
          "{\"RequestAttachUserData\": {\"ThisDN\": \"5002\", \"ConnID\": \""
              + connId
              + "\", \"UserData\": {\"Segment\": \"Gold\"}}}");
      server.acme.step(
          "acme",
          "{\"RequestReleaseCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + connId + "\"}}");
      // 5001's events are not sent: only what is delivered to 5002, in the engine's order
      assertThat(List.of(id(ws.next()), id(ws.next()), id(ws.next())))
          .containsExactly("EventEstablished", "EventAttachedDataChanged", "EventReleased");
      ws.assertNoOtherMessage();
    }
  }

  @Test
  void eventsThatNeverReachKafkaReachTheRegisteredClient() throws Exception {
    try (WsClient ws = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY)) {
      ws.send("{\"register\": [\"5001\"]}");
      ws.next("registered");
      Client.Answer refused =
          server.acme.step(
              "acme",
              "{\"RequestAnswerCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"00000000000000ff\"}}");
      assertThat(refused.status()).isEqualTo(422);
      JsonNode error = ws.next("event");
      assertThat(error.at("/value/id").asText()).isEqualTo("EventError");
      assertThat(error.get("published").asBoolean()).isFalse();
      assertThat(error.has("stream"))
          .as("an event only the parties receive names no stream")
          .isFalse();
      assertThat(error.at("/value/ReferenceID").asLong())
          .isEqualTo(refused.body().get("ReferenceID").asLong());
    }
  }

  @Test
  void stepsSentOverTheSocketAreAnsweredAfterTheirEvents() throws Exception {
    try (WsClient ws = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY)) {
      ws.send("{\"register\": [\"5001\", \"5002\"]}");
      assertThat(ws.next("registered").get("dns").toString()).isEqualTo("[\"5001\",\"5002\"]");
      ws.send(
          "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\", \"ReferenceID\": 7}}");
      JsonNode dialing = ws.next("event");
      JsonNode ringing = ws.next("event");
      JsonNode answer = ws.next("answer");
      assertThat(id(dialing)).isEqualTo("EventDialing");
      assertThat(id(ringing)).isEqualTo("EventRinging");
      // the stream each event goes to, named as Genesys names it
      assertThat(dialing.get("stream").asText()).isEqualTo("voice-callthread");
      assertThat(dialing.get("published").asBoolean()).isTrue();
      assertThat(answer.get("status").asInt()).isEqualTo(200);
      assertThat(answer.get("ReferenceID").asLong()).isEqualTo(7);
      assertThat(answer.get("events")).hasSize(2);

      ws.send("{\"RequestFly\": {}}");
      assertThat(ws.next("error").get("error").asText()).contains("RequestFly");
      ws.send(
          "{\"RequestAnswerCall\": {\"ThisDN\": \"5001\", \"ConnID\": \""
              + answer.get("ConnID").asText()
              + "\"}}");
      JsonNode busy = ws.next("event");
      assertThat(id(busy)).isEqualTo("EventError");
      assertThat(ws.next("answer").get("status").asInt()).isEqualTo(422);
    }
  }

  @Test
  void registrationIsCheckedAndCanBeUndone() throws Exception {
    try (WsClient ws = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY)) {
      ws.send("{\"register\": [\"5001\", \"6001\"]}");
      JsonNode unknown = ws.next("error");
      assertThat(unknown.get("status").asInt()).isEqualTo(404);
      assertThat(unknown.get("error").asText())
          .contains("[6001]")
          .contains("nothing was registered");
      ws.send("{\"register\": \"5001\"}");
      assertThat(ws.next("error").get("error").asText()).contains("non-empty list of DNs");
      ws.send("{\"unregister\": [\"5001\"]}");
      assertThat(ws.next("error").get("error").asText()).contains("not registered");
      ws.send("not json");
      assertThat(ws.next("error").get("error").asText()).contains("not valid JSON");

      ws.send("{\"register\": [\"5001\"]}");
      ws.next("registered");
      ws.send("{\"unregister\": [\"5001\"]}");
      assertThat(ws.next("unregistered").get("dns")).isEmpty();
      server.acme.step("acme", "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}");
      // a message sent after the step comes back first: nothing was queued for 5001
      ws.send("{\"register\": [\"5002\"]}");
      ws.next("registered");
    }
  }

  @Test
  void aClientThatDoesNotReadIsDisconnectedWithAReasonAndTheEngineGoesOn() throws Exception {
    server.close();
    server = new TestServer(s -> s.withWebSocket(new WebSocketLimits(4, 1L << 20, 8)));
    server.tenants.add(
        new TenantConfig(
            "bulk",
            List.of(
                new DirectoryEntry("1", DNType.Extension),
                new DirectoryEntry("2", DNType.Extension)),
            "test",
            TenantConfig.MAX_USER_DATA_LIMIT));
    Client admin = server.admin;
    String connId =
        admin
            .step("bulk", "{\"RequestMakeCall\": {\"ThisDN\": \"1\", \"OtherDN\": \"2\"}}")
            .body()
            .get("ConnID")
            .asText();
    try (RawWebSocket slow =
        new RawWebSocket(server.api.url(), "/v1/tenants/bulk/events", TestServer.ADMIN_KEY)) {
      slow.send("{\"register\": [\"1\", \"2\"]}");
      // the server counts the socket once its handshake is over, which may be after the client
      // read the answer to its upgrade: the answer to its first message proves it counted
      assertThat(slow.readText()).contains("\"registered\"");
      assertThat(server.api.webSockets()).isEqualTo(1);
      // each step sends two events of about 60 KB; the socket's buffers fill, then the queue
      String big = "x".repeat(60_000);
      int steps = 0;
      while (server.api.webSockets() > 0 && steps < 1_000) {
        Client.Answer answer =
            admin.step(
                "bulk",
                "{\"RequestUpdateUserData\": {\"ThisDN\": \"1\", \"ConnID\": \""
                    + connId
                    + "\", \"UserData\": {\"k\": \""
                    + big
                    + steps % 10
                    + "\"}}}");
        assertThat(answer.status()).isEqualTo(200);
        steps++;
      }
      assertThat(server.api.webSockets()).as("connections after %d steps", steps).isZero();
      assertThat(slow.readUntilClose()).startsWith("1008 too slow");
    }
    // the engine and the other clients were never held up
    assertThat(admin.step("bulk", "{\"RequestSetDNDOn\": {\"ThisDN\": \"1\"}}").status())
        .isEqualTo(200);
  }

  @Test
  void connectionsPerKeyAreLimited() throws Exception {
    server.close();
    server = new TestServer(s -> s.withWebSocket(new WebSocketLimits(10, 1L << 20, 1)));
    try (WsClient first = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY)) {
      first.send("{\"register\": [\"5001\"]}");
      first.next("registered");
      CompletionException refused =
          catchThrowableOfType(
              CompletionException.class,
              () -> WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY));
      assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode())
          .isEqualTo(429);
    }
  }

  @Test
  void aPlainGetOnTheEventsEndpointSaysToUseAWebSocket() {
    Client.Answer answer = server.acme.get("/v1/tenants/acme/events");
    assertThat(answer.status()).isEqualTo(426);
    assertThat(answer.error()).contains("WebSocket");
  }

  @Test
  void removingATenantClosesItsSockets() throws Exception {
    try (WsClient ws = WsClient.connect(server.api.url(), "globex", TestServer.GLOBEX_KEY)) {
      ws.send("{\"register\": [\"6001\"]}");
      ws.next("registered");
      assertThat(server.admin.delete("/v1/admin/tenants/globex").status()).isEqualTo(200);
      assertThat(ws.awaitClose()).isEqualTo("1001 tenant removed");
    }
  }

  @Test
  void aBrowserMayGiveItsKeyInTheQuery() throws Exception {
    try (WsClient ws =
        WsClient.connectWithKeyInQuery(server.api.url(), "acme", TestServer.ACME_KEY)) {
      ws.send("{\"register\": [\"5001\"]}");
      ws.next("registered");
    }
    // only on the WebSocket: an ordinary request must use the header
    assertThat(
            server
                .anonymous
                .get("/v1/tenants/acme/dns?access_token=" + TestServer.ACME_KEY)
                .status())
        .isEqualTo(401);
  }

  @Test
  void messagesOverTheRateLimitAreRefusedOneByOne() throws Exception {
    server.close();
    server = new TestServer(s -> s.withRateLimit(new RateLimit(0.001, 3)));
    try (WsClient ws = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY)) {
      // the upgrade took one request of the three
      ws.send("{\"register\": [\"5001\"]}");
      ws.next("registered");
      ws.send("{\"register\": [\"5002\"]}");
      ws.next("registered");
      ws.send("{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}");
      JsonNode refused = ws.next("error");
      assertThat(refused.get("status").asInt()).isEqualTo(429);
      assertThat(refused.get("error").asText()).contains("too many requests");
      assertThat(server.digest("acme")).doesNotContain("dnd=true");
    }
  }

  private static String id(JsonNode message) {
    return message.at("/value/id").asText();
  }
}
