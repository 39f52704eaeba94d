package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a precise 4xx or EventError, and nothing in the engine changes. */
class HostileInputTest {
  private TestServer server;
  private String acmeBefore;
  private String globexBefore;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
    server.acme.step(
        "acme", "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    server.published.clear();
    acmeBefore = server.digest("acme");
    globexBefore = server.digest("globex");
  }

  @AfterEach
  void stop() {
    assertThat(server.digest("acme")).as("acme's state").isEqualTo(acmeBefore);
    assertThat(server.digest("globex")).as("globex's state").isEqualTo(globexBefore);
    assertThat(server.published).as("events published").isEmpty();
    assertThat(server.violations("acme")).isEmpty();
    server.close();
  }

  private Client.Answer step(String body) {
    return server.acme.step("acme", body);
  }

  @Test
  void malformedBodiesAre400WithWhatIsWrong() {
    Map<String, String> cases =
        Map.ofEntries(
            Map.entry("{not json", "not valid JSON"),
            Map.entry("{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}} trailing", "not valid JSON"),
            Map.entry("[]", "a step is a JSON object with one key"),
            Map.entry("42", "a step is a JSON object"),
            Map.entry("null", "a step is a JSON object"),
            Map.entry("{}", "the step's name as its key"),
            Map.entry("{\"RequestFly\": {}}", "RequestFly"),
            Map.entry(
                "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}, \"RequestSetDNDOff\": {}}",
                "RequestSetDNDOff"),
            Map.entry("{\"RequestMakeCall\": {\"ThisDN\": \"5001\"}}", "OtherDN"),
            Map.entry(
                "{\"RequestMakeCall\": {\"ThisDN\": [\"5001\"], \"OtherDN\": \"5002\"}}", "ThisDN"),
            Map.entry(
                "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\", \"Colour\": \"red\"}}", "Colour"),
            Map.entry("{\"RequestSetDNDOn\": \"5001\"}", "must be a JSON object"),
            Map.entry(
                "{\"RequestAgentReady\": {\"ThisDN\": \"5001\", \"AgentWorkMode\": \"Sleepy\"}}",
                "Sleepy"),
            Map.entry(
                "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\", \"ReferenceID\": \"seven\"}}",
                "ReferenceID"),
            Map.entry(
                "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\", \"ThisDN\": \"5002\"}}",
                "Duplicate field"),
            Map.entry("[".repeat(5_000) + "]".repeat(5_000), "not valid JSON"),
            Map.entry(
                "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"$c1\"}}", "$c1"));
    cases.forEach(
        (body, message) -> {
          Client.Answer answer = step(body);
          assertThat(answer.status()).as(body).isEqualTo(400);
          assertThat(answer.error()).as(body).contains(message);
        });
  }

  @Test
  void bytesThatAreNotUtf8AndEmptyBodiesAre400() {
    Client.Answer answer =
        Client.send(
            HttpRequest.newBuilder(URI.create(server.api.url() + "/v1/tenants/acme/steps"))
                .header("Authorization", "Bearer " + TestServer.ACME_KEY)
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', ':', '1', '}'}))
                .build());
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("not valid JSON");
    assertThat(step("").error()).contains("the body is empty");
  }

  @Test
  void anOversizedBodyIs413() {
    Client.Answer answer = step("{\"x\": \"" + "a".repeat(HttpApi.MAX_BODY) + "\"}");
    assertThat(answer.status()).isEqualTo(413);
    assertThat(answer.error()).contains("larger than " + HttpApi.MAX_BODY);
  }

  @Test
  void userDataBeyondTheLimitIsAnEventError() {
    String big = "v".repeat(TestServer.ACME_KEY.length() + 16_000);
    Client.Answer answer =
        step(
            "{\"RequestMakeCall\": {\"ThisDN\": \"5003\", \"OtherDN\": \"5001\", \"UserData\": {\"k\": \""
                + big
                + "\"}}}");
    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.body().get("ErrorCode").asInt()).isEqualTo(114);
    assertThat(answer.body().get("ErrorMessage").asText()).contains("16000");
    String connId = server.acme.get("/v1/tenants/acme/calls").body().at("/calls/0/ConnID").asText();
    Client.Answer attach =
        step(
            "{\"RequestAttachUserData\": {\"ThisDN\": \"5001\", \"ConnID\": \""
                + connId
                + "\", \"UserData\": {\"k\": \""
                + big
                + "\"}}}");
    assertThat(attach.body().get("ErrorCode").asInt()).isEqualTo(114);
  }

  @Test
  void unknownDnsAndCallsAreEventErrors() {
    Client.Answer dn = step("{\"RequestSetDNDOn\": {\"ThisDN\": \"9999\"}}");
    assertThat(dn.status()).isEqualTo(422);
    assertThat(dn.body().get("ErrorCode").asInt()).isEqualTo(101);
    assertThat(dn.body().at("/events/0/value/id").asText()).isEqualTo("EventError");
    // a DN of another tenant is unknown here
    assertThat(
            step("{\"RequestSetDNDOn\": {\"ThisDN\": \"6001\"}}").body().get("ErrorCode").asInt())
        .isEqualTo(101);
    Client.Answer call =
        step(
            "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"00000000000000ff@globex\"}}");
    assertThat(call.body().get("ErrorCode").asInt()).isEqualTo(103);
  }

  @Test
  void aFloodFromOneClientIs429AndOthersAreServed() throws Exception {
    server.close();
    server = new TestServer(s -> s.withRateLimit(new RateLimit(0.001, 3)));
    acmeBefore = server.digest("acme");
    globexBefore = server.digest("globex");
    for (int i = 0; i < 3; i++) {
      assertThat(server.acme.get("/v1/tenants/acme").status()).isEqualTo(200);
    }
    Client.Answer flooded = step("{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}");
    assertThat(flooded.status()).isEqualTo(429);
    assertThat(flooded.error()).contains("too many requests");
    assertThat(server.globex.get("/v1/tenants/globex").status()).isEqualTo(200);
    // guessing keys is limited by address, and a good key is then refused too
    Client guesser = new Client(server.api.url(), "guess-0000000000000000");
    List<Integer> statuses =
        List.of(
            guesser.get("/v1/tenants").status(),
            guesser.get("/v1/tenants").status(),
            guesser.get("/v1/tenants").status(),
            guesser.get("/v1/tenants").status());
    assertThat(statuses).containsExactly(401, 401, 401, 429);
  }

  @Test
  void wrongMethodsAndPathsAreRefused() {
    Client.Answer get = server.acme.get("/v1/tenants/acme/steps");
    assertThat(get.status()).isEqualTo(405);
    assertThat(get.error()).contains("takes POST");
    assertThat(server.acme.send("PUT", "/v1/tenants/acme", "{}").status()).isEqualTo(405);
    assertThat(server.acme.get("/v1/tenants/acme%2F..%2Fglobex/dns").status()).isEqualTo(400);
  }

  @Test
  void randomBytesOnTheSocketNeverGetA5xx() throws Exception {
    URI uri = URI.create(server.api.url());
    java.util.Random random = new java.util.Random(20_260_101);
    for (int i = 0; i < 40; i++) {
      byte[] garbage = new byte[1 + random.nextInt(2_000)];
      random.nextBytes(garbage);
      if (i % 2 == 0) {
        byte[] prefix =
            "POST /v1/tenants/acme/steps HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(prefix, 0, garbage, 0, Math.min(prefix.length, garbage.length));
      }
      try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
        socket.setSoTimeout((int) WsClient.PATIENCE_SECONDS * 1000);
        OutputStream out = socket.getOutputStream();
        out.write(garbage);
        out.flush();
        socket.shutdownOutput();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        in.transferTo(answer);
        String text = answer.toString(StandardCharsets.ISO_8859_1);
        if (!text.isEmpty()) {
          assertThat(text).as("answer to garbage %d", i).startsWith("HTTP/1.1 4");
        }
      } catch (java.net.SocketException e) {
        // the server may reset a connection that sent garbage: also a refusal
      }
    }
    assertThat(server.acme.get("/v1/tenants/acme").status()).isEqualTo(200);
  }
}
