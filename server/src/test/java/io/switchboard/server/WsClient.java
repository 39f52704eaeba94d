package io.switchboard.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A WebSocket client that collects every message it receives, in order. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
  /** Long enough for a loaded machine; only a broken server makes a test wait this long. */
  static final long PATIENCE_SECONDS = Client.PATIENCE.toSeconds();

  private static final AtomicLong ROUND_TRIPS = new AtomicLong();

  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  final CompletableFuture<String> closed = new CompletableFuture<>();
  private final boolean reading;
  // the tests' one client, held for good: the JDK stops a client's selector once it is unreachable
  private final HttpClient http = Client.HTTP;
  WebSocket socket;

  private WsClient(boolean reading) {
    this.reading = reading;
  }

  /** Connects to {@code tenant}'s events with {@code key}. */
  static WsClient connect(String url, String tenant, String key) {
    return connect(url, tenant, key, true);
  }

  /** As {@link #connect(String, String, String)}; a client that does not read asks for nothing. */
  static WsClient connect(String url, String tenant, String key, boolean reading) {
    return connect(url, tenant, key, reading, false);
  }

  /** Connects with the key in the query, as a browser must. */
  static WsClient connectWithKeyInQuery(String url, String tenant, String key) {
    return connect(url, tenant, key, true, true);
  }

  private static WsClient connect(
      String url, String tenant, String key, boolean reading, boolean keyInQuery) {
    WsClient client = new WsClient(reading);
    WebSocket.Builder builder = client.http.newWebSocketBuilder();
    if (!key.isEmpty() && !keyInQuery) {
      builder.header("Authorization", "Bearer " + key);
    }
    String query = keyInQuery ? "?access_token=" + key : "";
    client.socket =
        builder
            .buildAsync(
                URI.create(
                    url.replaceFirst("^http", "ws") + "/v1/tenants/" + tenant + "/events" + query),
                client)
            .orTimeout(PATIENCE_SECONDS, TimeUnit.SECONDS)
            .join();
    return client;
  }

  @Override
  public void onOpen(WebSocket webSocket) {
    if (reading) {
      webSocket.request(1);
    }
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        messages.add(Json.mapper().readTree(partial.toString()));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(
            "the server sent a message that is not JSON: " + partial, e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  @Override
  public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
    closed.complete(statusCode + " " + reason);
    return null;
  }

  @Override
  public void onError(WebSocket webSocket, Throwable error) {
    closed.complete("error " + error);
  }

  /** Starts reading, for a client made not to. */
  void startReading() {
    socket.request(Long.MAX_VALUE);
  }

  void send(String text) {
    socket.sendText(text, true).orTimeout(PATIENCE_SECONDS, TimeUnit.SECONDS).join();
  }

  /** The next message; fails when none comes. */
  JsonNode next() throws InterruptedException {
    JsonNode message = messages.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
    if (message == null) {
      throw new AssertionError("no message came (closed: " + closed.getNow("no") + ")");
    }
    return message;
  }

  /** The next message, which must be of {@code type}. */
  JsonNode next(String type) throws InterruptedException {
    JsonNode message = next();
    if (!message.path("type").asText().equals(type)) {
      throw new AssertionError("expected a message of type " + type + ", got " + message);
    }
    return message;
  }

  /**
   * Takes every message the server sent before it answered a message sent now. The server answers a
   * connection's messages after everything it queued for that connection before, so a message that
   * is not among these was never sent (unlike a look at what has arrived so far, which cannot tell
   * a message never sent from one still on its way).
   *
   * @return the messages that came before the answer, in order
   */
  List<JsonNode> takeAllBeforeARoundTrip() throws InterruptedException {
    String marker = "round-trip-" + ROUND_TRIPS.incrementAndGet();
    send("{\"unregister\": [\"" + marker + "\"]}");
    List<JsonNode> before = new ArrayList<>();
    for (JsonNode message = next(); !isAnswerTo(message, marker); message = next()) {
      before.add(message);
    }
    return before;
  }

  /**
   * Fails if the server sent a message that was not taken (see {@link #takeAllBeforeARoundTrip}).
   */
  void assertNoOtherMessage() throws InterruptedException {
    List<JsonNode> others = takeAllBeforeARoundTrip();
    if (!others.isEmpty()) {
      throw new AssertionError("messages that were not expected: " + others);
    }
  }

  private static boolean isAnswerTo(JsonNode message, String marker) {
    return message.path("type").asText().equals("error")
        && message.path("error").asText().contains(marker);
  }

  /** Waits for the server to close the connection: "CODE REASON". */
  String awaitClose() throws Exception {
    return closed.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }
    socket.abort();
  }
}
