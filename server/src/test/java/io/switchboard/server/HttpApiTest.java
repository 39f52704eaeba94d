package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.json.Json;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP API on a real server on a random port, over a recording sink. */
class HttpApiTest {
  private final List<Event> published = new CopyOnWriteArrayList<>();
  private final AtomicBoolean failPublishing = new AtomicBoolean();
  private final HttpClient client = Client.HTTP;
  private HttpApi api;

  @BeforeEach
  void start() throws Exception {
    EventSink sink =
        (tenant, events) -> {
          if (failPublishing.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("broker unreachable"));
          }
          published.addAll(events);
          return CompletableFuture.completedFuture(null);
        };
    Tenants tenants =
        new Tenants(
            List.of(
                TenantConfig.of(
                    "acme",
                    List.of(
                        new DirectoryEntry("5001", DNType.Extension),
                        new DirectoryEntry("5002", DNType.Extension)))),
            Clock.systemUTC(),
            tenant -> IdSource.sequential(1),
            sink);
    api =
        HttpApi.start(
            new InetSocketAddress("127.0.0.1", 0),
            tenants,
            () -> new Health(true, Map.of("kafka", "test")));
  }

  @AfterEach
  void stop() {
    api.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return client.send(
        Client.request(api.url() + path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    return Json.mapper().readTree(response.body());
  }

  @Test
  void aStepAnswersWithItsEventsAndNewConnId() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/tenants/acme/steps",
            "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = json(response);
    assertThat(body.get("accepted").asBoolean()).isTrue();
    assertThat(body.get("ConnID").asText()).isEqualTo("0000000000000001@acme");
    assertThat(body.get("ReferenceID").asLong()).isPositive();
    assertThat(body.get("events")).hasSize(2);
    assertThat(body.at("/events/0/party").asText()).isEqualTo("5001");
    assertThat(body.at("/events/0/value/id").asText()).isEqualTo("EventDialing");
    assertThat(body.at("/events/0/value/ReferenceID").asLong())
        .isEqualTo(body.get("ReferenceID").asLong());
    assertThat(body.at("/events/1/value/id").asText()).isEqualTo("EventRinging");
    assertThat(published).extracting(Event::name).containsExactly("EventDialing", "EventRinging");

    HttpResponse<String> answer =
        post(
            "/v1/tenants/acme/steps",
            "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"0000000000000001@acme\"}}");
    assertThat(answer.statusCode()).isEqualTo(200);
    assertThat(json(answer).get("events")).hasSize(2);
  }

  @Test
  void aRejectedRequestIs422WithTheEventError() throws Exception {
    HttpResponse<String> response =
        post(
            "/v1/tenants/acme/steps",
            "{\"RequestAnswerCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"00000000000000ff\"}}");
    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode body = json(response);
    assertThat(body.get("accepted").asBoolean()).isFalse();
    assertThat(body.get("ErrorCode").asInt()).isEqualTo(103);
    assertThat(body.get("ErrorMessage").asText()).contains("no call 00000000000000ff@acme");
    assertThat(body.at("/events/0/value/id").asText()).isEqualTo("EventError");
    assertThat(body.at("/events/0/published").asBoolean()).isFalse();
    assertThat(published).isEmpty();
  }

  @Test
  void badInputGetsAPrecise4xx() throws Exception {
    assertThat(post("/v1/tenants/acme/steps", "{not json").statusCode()).isEqualTo(400);
    assertThat(json(post("/v1/tenants/acme/steps", "{not json")).get("error").asText())
        .contains("not valid JSON");
    HttpResponse<String> unknownStep = post("/v1/tenants/acme/steps", "{\"RequestFly\": {}}");
    assertThat(unknownStep.statusCode()).isEqualTo(400);
    assertThat(json(unknownStep).get("error").asText()).contains("RequestFly");
    assertThat(post("/v1/tenants/acme/steps", "").statusCode()).isEqualTo(400);
    HttpResponse<String> unknownTenant =
        post("/v1/tenants/globex/steps", "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}");
    assertThat(unknownTenant.statusCode()).isEqualTo(404);
    assertThat(json(unknownTenant).get("error").asText()).contains("no tenant 'globex'");
    assertThat(
            post("/v1/tenants/acme/steps", "{\"x\": \"" + "a".repeat(HttpApi.MAX_BODY) + "\"}")
                .statusCode())
        .isEqualTo(413);
    HttpResponse<String> get =
        client.send(
            Client.request(api.url() + "/v1/tenants/acme/steps").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(published).isEmpty();
  }

  @Test
  void aPublishingFailureIs503() throws Exception {
    failPublishing.set(true);
    HttpResponse<String> response =
        post("/v1/tenants/acme/steps", "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}");
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("error").asText())
        .contains("could not be published")
        .contains("broker unreachable");
  }

  @Test
  void healthAndTenants() throws Exception {
    HttpResponse<String> health =
        client.send(
            Client.request(api.url() + "/health").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health).get("status").asText()).isEqualTo("UP");
    HttpResponse<String> tenants =
        client.send(
            Client.request(api.url() + "/v1/tenants").GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(json(tenants).get("tenants").get(0).asText()).isEqualTo("acme");
  }
}
