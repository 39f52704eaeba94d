package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
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

  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  Client.Answer step(String key, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.api.url() + "/v1/tenants/acme/steps"))
            .header("Authorization", "Bearer " + TestServer.ACME_KEY)
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
    int events = server.published.size();
    assertThat(events).isPositive();

    Client.Answer again = step("call-1", MAKE_CALL);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(first.body());
    assertThat(server.published.size()).as("nothing published again").isEqualTo(events);

    // without a key, or under another key, it is a new call: 5001 is busy dialing now
    assertThat(step("call-2", MAKE_CALL).status()).isEqualTo(422);
    assertThat(step(null, MAKE_CALL).status()).isEqualTo(422);
  }

  @Test
  void aKeyUsedForAnotherStepIsRefusedAndChangesNothing() {
    assertThat(step("k", MAKE_CALL).status()).isEqualTo(200);
    int events = server.published.size();
    Client.Answer other = step("k", "{\"RequestSetDNDOn\": {\"ThisDN\": \"5002\"}}");
    assertThat(other.status()).isEqualTo(422);
    assertThat(other.error()).contains("Idempotency-Key 'k'").contains("RequestMakeCall");
    assertThat(server.published.size()).isEqualTo(events);
  }

  @Test
  void aMalformedKeyIsRefused() {
    Client.Answer answer = step("has space", MAKE_CALL);
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.error()).contains("Idempotency-Key");
  }
}
