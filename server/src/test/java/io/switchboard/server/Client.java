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

/** An HTTP client of the API that sends one key. */
final class Client {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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
        HttpRequest.newBuilder(URI.create(url + path))
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

  static Answer send(HttpRequest request) {
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
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
