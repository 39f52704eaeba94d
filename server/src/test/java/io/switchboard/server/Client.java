package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP client of the API that sends one key. Every request it sends has a deadline, so a test
 * cannot hang on the server; its {@link #HTTP} client is the one all the tests of this module use.
 */
final class Client {
  /** Long enough for a loaded machine; only a broken server makes a test wait this long. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  /** The one HTTP client of the tests (plain text; the TLS test needs one of its own). */
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(PATIENCE).build();

  final String url;
  final String key;

  Client(String url, String key) {
    this.url = url;
    this.key = key;
  }

  /** An answer: its status, its body as JSON (a missing node when it is not JSON), its headers. */
  record Answer(int status, JsonNode body, String text, HttpHeaders headers) {
    String error() {
      return body.path("error").asText();
    }

    /** The value of header {@code name}, if the answer has it. */
    java.util.Optional<String> header(String name) {
      return headers.firstValue(name);
    }
  }

  Answer get(String path) {
    return send("GET", path, "");
  }

  Answer post(String path, String body) {
    return send("POST", path, body);
  }

  Answer put(String path, String body) {
    return send("PUT", path, body);
  }

  Answer delete(String path) {
    return send("DELETE", path, "");
  }

  Answer send(String method, String path, String body) {
    HttpRequest.Builder request =
        request(url + path)
            .method(
                method,
                body.isEmpty()
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (!key.isEmpty()) {
      request.header("Authorization", "Bearer " + key);
    }
    return send(request.build());
  }

  /** A request to {@code url} with a deadline. */
  static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(PATIENCE);
  }

  /** Sends {@code request}, with a deadline when it has none. */
  static Answer send(HttpRequest request) {
    HttpRequest bounded =
        request.timeout().isPresent()
            ? request
            : HttpRequest.newBuilder(request, (name, value) -> true).timeout(PATIENCE).build();
    try {
      HttpResponse<String> response = HTTP.send(bounded, HttpResponse.BodyHandlers.ofString());
      JsonNode json;
      try {
        json = Json.mapper().readTree(response.body());
      } catch (IOException e) {
        json = Json.mapper().missingNode();
      }
      return new Answer(
          response.statusCode(),
          json == null ? Json.mapper().missingNode() : json,
          response.body(),
          response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** POSTs a step to {@code tenant}. */
  Answer step(String tenant, String step) {
    return post("/v1/tenants/" + tenant + "/steps", step);
  }
}
