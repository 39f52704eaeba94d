package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A step sent again under the same {@code Idempotency-Key} gets the first answer and does not run
 * twice; a key is for one step.
 */
class IdempotencyKeyTest {
  private static final String MAKE_CALL =
      "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}";

  private final AtomicInteger published = new AtomicInteger();
  private HttpApi api;

  @BeforeEach
  void start() throws Exception {
    EventSink sink =
        new EventSink() {
          @Override
          public CompletableFuture<Void> publish(String tenant, List<Event> events) {
            published.addAndGet(events.size());
            return CompletableFuture.completedFuture(null);
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
  }

  @AfterEach
  void stop() {
    api.close();
  }

  Client.Answer step(String key, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(api.url() + "/v1/tenants/acme/steps"))
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      request.header("Idempotency-Key", key);
    }
    return Client.send(request.build());
  }

  @Test
  void theSameStepUnderTheSameKeyGetsTheFirstAnswerAndRunsOnce() {
    Client.Answer first = step("call-1", MAKE_CALL);
    assertThat(first.status()).isEqualTo(200);
    int events = published.get();
    assertThat(events).isPositive();

    Client.Answer again = step("call-1", MAKE_CALL);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(published.get()).as("nothing published again").isEqualTo(events);

    // without a key, or under another key, it is a new call: 5001 is busy dialing now
    assertThat(step("call-2", MAKE_CALL).status()).isEqualTo(422);
    assertThat(step(null, MAKE_CALL).status()).isEqualTo(422);
  }

  @Test
  void aKeyUsedForAnotherStepIsRefusedAndChangesNothing() {
    assertThat(step("k", MAKE_CALL).status()).isEqualTo(200);
    int events = published.get();
    Client.Answer other = step("k", "{\"RequestSetDNDOn\": {\"ThisDN\": \"5002\"}}");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.error()).contains("Idempotency-Key 'k'").contains("RequestMakeCall");
    assertThat(published.get()).isEqualTo(events);
  }

  @Test
  void aMalformedKeyIsRefused() {
    Client.Answer answer = step("has space", MAKE_CALL);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("Idempotency-Key");
  }
}
