package io.switchboard.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The one HTTP client of this module's tests, and requests that always carry a deadline: a test
 * that calls the service cannot hang on it.
 */
final class TestHttp {
  /** Long enough for a loaded machine; only a broken service makes a test wait this long. */
  static final Duration PATIENCE = Duration.ofSeconds(30);

  static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(PATIENCE).build();

  private TestHttp() {}

  /** A request to {@code url} with a deadline. */
  static HttpRequest.Builder request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(PATIENCE);
  }

  /** Sends {@code request}; fails when no answer comes within {@link #PATIENCE}. */
  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** GETs {@code url}. */
  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return send(request(url).build());
  }

  /** POSTs {@code body} to {@code url}. */
  static HttpResponse<String> post(String url, String body)
      throws IOException, InterruptedException {
    return send(request(url).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }
}
