package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.json.EventSchemas;
import io.switchboard.model.EventType;
import org.junit.jupiter.api.Test;

/**
 * The service serves the contract of its streams without a key: the schema of each event and the
 * AsyncAPI document.
 */
class ContractEndpointsTest {

  @Test
  void servesTheSchemaOfEveryEventType() throws Exception {
    try (TestServer server = new TestServer()) {
      for (EventType type : EventType.values()) {
        Client.Answer answer = server.anonymous.get("/v1/schemas/" + type + ".json");
        assertThat(answer.status()).as("%s", type).isEqualTo(200);
        assertThat(answer.header("Content-Type").orElse("")).startsWith("application/schema+json");
        assertThat(answer.text()).isEqualTo(EventSchemas.text(type));
      }
    }
  }

  @Test
  void servesTheAsyncApiDocumentOfTheRepository() throws Exception {
    String kept =
        java.nio.file.Files.readString(java.nio.file.Path.of("..", "docs", "asyncapi.yaml"));
    try (TestServer server = new TestServer()) {
      Client.Answer answer = server.anonymous.get("/v1/asyncapi.yaml");
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Content-Type").orElse("")).startsWith("application/yaml");
      assertThat(answer.text()).isEqualTo(kept).contains("asyncapi: 3.");
    }
  }

  @Test
  void anUnknownSchemaIsNotFoundWithAHint() throws Exception {
    try (TestServer server = new TestServer()) {
      for (String name : new String[] {"EventRing.json", "EventRinging", "EventRinging.yaml"}) {
        Client.Answer answer = server.anonymous.get("/v1/schemas/" + name);
        assertThat(answer.status()).as(name).isEqualTo(404);
        assertThat(answer.body().get("error").asText())
            .contains(name)
            .contains("/v1/schemas/EventRinging.json");
      }
    }
  }
}
