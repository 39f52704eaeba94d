package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** openapi.yaml describes exactly the routes the API has, and the service serves it. */
class OpenApiTest {

  @Test
  void theDescriptionListsEveryRouteAndNoOther() throws Exception {
    JsonNode doc = Json.yamlMapper().readTree(OpenApi.load().yaml());
    assertThat(doc.get("openapi").asText()).startsWith("3.");
    Set<String> described = new TreeSet<>();
    for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      for (Iterator<String> keys = doc.get("paths").get(path).fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!key.equals("parameters")) {
          described.add(key.toUpperCase(Locale.ROOT) + " " + path);
        }
      }
    }
    Set<String> served = new TreeSet<>();
    for (Endpoints.Route route : Endpoints.ROUTES) {
      served.add(route.method() + " " + route.path());
      JsonNode operation =
          doc.get("paths").get(route.path()).get(route.method().toLowerCase(Locale.ROOT));
      boolean open = operation.has("security") && operation.get("security").isEmpty();
      assertThat(open)
          .as("%s is public", route.path())
          .isEqualTo(route.access() == Endpoints.Access.PUBLIC);
      if (!open) {
        assertThat(operation.get("responses").has("401")).as(route.path()).isTrue();
        assertThat(operation.get("responses").has("429")).as(route.path()).isTrue();
      }
      if (route.path().contains("{tenant}")) {
        assertThat(operation.get("responses").has("403")).as(route.path()).isTrue();
      }
    }
    assertThat(described).isEqualTo(served);
  }

  @Test
  void everyReferenceResolves() throws Exception {
    JsonNode doc = Json.yamlMapper().readTree(OpenApi.load().yaml());
    List<String> refs = new ArrayList<>();
    collect(doc, refs);
    assertThat(refs).isNotEmpty();
    for (String ref : refs) {
      assertThat(ref).startsWith("#/");
      assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
    }
  }

  private static void collect(JsonNode node, List<String> refs) {
    if (node.isObject()) {
      node.fields()
          .forEachRemaining(
              e -> {
                if (e.getKey().equals("$ref")) {
                  refs.add(e.getValue().asText());
                } else {
                  collect(e.getValue(), refs);
                }
              });
    } else if (node.isArray()) {
      node.forEach(child -> collect(child, refs));
    }
  }

  @Test
  void theServiceServesItWithoutAKey() throws Exception {
    try (TestServer server = new TestServer()) {
      Client.Answer yaml = server.anonymous.get("/v1/openapi.yaml");
      assertThat(yaml.status()).isEqualTo(200);
      assertThat(yaml.text()).isEqualTo(OpenApi.load().yaml(server.api.url()));
      Client.Answer json = server.anonymous.get("/v1/openapi.json");
      assertThat(json.body().at("/info/title").asText()).isEqualTo("Switchboard API");
    }
  }

  @Test
  void theServerItNamesIsTheAddressItWasFetchedAt() throws Exception {
    try (TestServer server = new TestServer()) {
      // the test server is on a random port, never the file's 8080
      JsonNode yaml = Json.yamlMapper().readTree(server.anonymous.get("/v1/openapi.yaml").text());
      assertThat(yaml.at("/servers/0/url").asText()).isEqualTo(server.api.url());
      assertThat(yaml.get("servers")).hasSize(1);
      JsonNode json = server.anonymous.get("/v1/openapi.json").body();
      assertThat(json.at("/servers/0/url").asText()).isEqualTo(server.api.url());
      String byName = server.api.url().replace("127.0.0.1", "localhost");
      JsonNode named =
          Json.yamlMapper()
              .readTree(Client.send(Client.request(byName + "/v1/openapi.yaml").build()).text());
      assertThat(named.at("/servers/0/url").asText()).isEqualTo(byName);
    }
  }

  @Test
  void everyOperationHasAnIdOfItsOwn() throws Exception {
    JsonNode doc = Json.yamlMapper().readTree(OpenApi.load().yaml());
    Set<String> ids = new TreeSet<>();
    int operations = 0;
    for (Iterator<String> paths = doc.get("paths").fieldNames(); paths.hasNext(); ) {
      String path = paths.next();
      for (Iterator<String> keys = doc.get("paths").get(path).fieldNames(); keys.hasNext(); ) {
        String key = keys.next();
        if (!key.equals("parameters")) {
          operations++;
          String id = doc.get("paths").get(path).get(key).path("operationId").asText();
          assertThat(id).as(key + " " + path).matches("[a-z][A-Za-z]+");
          ids.add(id);
        }
      }
    }
    assertThat(ids).hasSize(operations);
  }
}
