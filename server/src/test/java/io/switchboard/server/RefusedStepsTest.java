package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Refusal;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.request.Step;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Steps the service refuses before the engine runs them (its journal is full or failed) are
 * answered 503, not 422: they are not the client's fault, and the same step may succeed later.
 */
class RefusedStepsTest {
  private static final String MAKE_CALL =
      "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\", \"ReferenceID\": 9}}";

  private final AtomicReference<Refusal> refusal = new AtomicReference<>();
  private HttpApi api;
  private Client client;

  @BeforeEach
  void start() throws Exception {
    EventSink sink =
        new EventSink() {
          @Override
          public CompletableFuture<Void> publish(String tenant, List<Event> events) {
            return CompletableFuture.completedFuture(null);
          }

          @Override
          public Optional<Refusal> admit(String tenant, Step step) {
            return Optional.ofNullable(refusal.get());
          }
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
            new InetSocketAddress("127.0.0.1", 0), tenants, () -> new Health(true, Map.of()));
    client = new Client(api.url(), "");
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aFullJournalIs503WithRetryAfterAndTheEventError() {
    refusal.set(new Refusal(ErrorCode.JournalFull, "the journal holds 1 GiB; retry"));
    Client.Answer answer = client.step("acme", MAKE_CALL);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.header("Retry-After")).contains("1");
    JsonNode body = answer.body();
    assertThat(body.get("accepted").asBoolean()).isFalse();
    assertThat(body.get("ErrorCode").asInt()).isEqualTo(201);
    assertThat(body.get("ReferenceID").asLong()).isEqualTo(9);
    assertThat(body.get("ErrorMessage").asText())
        .isEqualTo("RequestMakeCall refused: the journal holds 1 GiB; retry");
    assertThat(body.at("/events/0/value/id").asText()).isEqualTo("EventError");

    // once the journal has room again, the same step is taken
    refusal.set(null);
    Client.Answer again = client.step("acme", MAKE_CALL);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.header("Retry-After")).isEmpty();
  }

  @Test
  void aFailedJournalIs503WithoutRetryAfter() {
    refusal.set(new Refusal(ErrorCode.JournalFailed, "the journal cannot write: disk full"));
    Client.Answer answer = client.step("acme", MAKE_CALL);
    assertThat(answer.status()).isEqualTo(503);
    assertThat(answer.header("Retry-After")).isEmpty();
    assertThat(answer.body().get("ErrorCode").asInt()).isEqualTo(202);
  }

  @Test
  void anEngineRejectionIsStill422() {
    Client.Answer answer =
        client.step(
            "acme",
            "{\"RequestAnswerCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"00000000000000ff\"}}");
    assertThat(answer.status()).isEqualTo(422);
    assertThat(answer.body().get("ErrorCode").asInt()).isEqualTo(103);
  }

  @Test
  void overTheSocketTheAnswerSays503() throws Exception {
    refusal.set(new Refusal(ErrorCode.JournalFull, "the journal is full"));
    try (WsClient ws = WsClient.connect(api.url(), "acme", "")) {
      ws.send(MAKE_CALL);
      JsonNode answer = ws.next("answer");
      assertThat(answer.get("status").asInt()).isEqualTo(503);
      assertThat(answer.get("ErrorCode").asInt()).isEqualTo(201);
    }
  }
}
