package io.switchboard.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Sends a request for a tenant served by another instance of the cluster to that instance, and its
 * answer back to the client, unchanged: the client need not know which instance serves what. A
 * request is forwarded once at most ({@value #FORWARDED_BY}): one that arrives forwarded at an
 * instance that does not serve the tenant (it moved meanwhile) is refused with 503 and {@code
 * Retry-After}, never forwarded again.
 */
final class Forwarder {

  /** The header that marks a forwarded request, with the id of the instance that forwarded it. */
  static final String FORWARDED_BY = "Switchboard-Forwarded-By";

  private static final Duration TIMEOUT = Duration.ofSeconds(40);
  private static final List<String> PASSED =
      List.of("Authorization", "Content-Type", "Accept", "Idempotency-Key");

  private final HttpClient client =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();
  private final String instance;
  private final String scheme;

  Forwarder(String instance, boolean secure) {
    this.instance = instance;
    this.scheme = secure ? "https" : "http";
  }

  /** Whether {@code request} was forwarded by another instance. */
  static boolean forwarded(Request request) {
    return request.getHeaders().get(FORWARDED_BY) != null;
  }

  /**
   * Forwards {@code request} with {@code body} to the instance at {@code http}; the future holds
   * the answer to give the client.
   */
  CompletableFuture<Answer> forward(Request request, byte[] body, String owner, String http) {
    String query = request.getHttpURI().getQuery();
    URI uri =
        URI.create(
            scheme
                + "://"
                + http
                + request.getHttpURI().getPath()
                + (query == null ? "" : "?" + query));
    HttpRequest.Builder forwarded =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .method(
                request.getMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .header(FORWARDED_BY, instance);
    for (String name : PASSED) {
      String value = request.getHeaders().get(name);
      if (value != null) {
        forwarded.header(name, value);
      }
    }
    return client
        .sendAsync(forwarded.build(), HttpResponse.BodyHandlers.ofString())
        .handle(
            (response, failure) -> {
              if (failure != null) {
                return new Answer(
                    503,
                    "application/json",
                    Bodies.text(
                            Bodies.error(
                                503,
                                "instance "
                                    + owner
                                    + " at "
                                    + http
                                    + ", which serves this tenant, did not answer ("
                                    + failure.getClass().getSimpleName()
                                    + "); the tenant is probably moving to another instance:"
                                    + " retry in a moment"))
                        + "\n",
                    Map.of(HttpHeader.RETRY_AFTER.asString(), "1"));
              }
              Map<String, String> headers = new LinkedHashMap<>();
              response
                  .headers()
                  .firstValue(HttpHeader.RETRY_AFTER.asString())
                  .ifPresent(v -> headers.put(HttpHeader.RETRY_AFTER.asString(), v));
              headers.put("Switchboard-Served-By", owner);
              return new Answer(
                  response.statusCode(),
                  response.headers().firstValue("Content-Type").orElse("application/json"),
                  response.body(),
                  headers);
            });
  }

  /** An answer to pass back. */
  record Answer(int status, String contentType, String body, Map<String, String> headers) {}
}
