package io.switchboard.wallboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wallboard over HTTP: the page at {@code /} (and its script and style under {@code
 * /wallboard/}), and its API:
 *
 * <ul>
 *   <li>{@code GET /wallboard/api/tenants}: the tenants the caller may watch;
 *   <li>{@code GET /wallboard/api/tenants/{tenant}}: the tenant's agents, queues and calls;
 *   <li>{@code GET /wallboard/api/tenants/{tenant}/calls/{callThread}}: a call with its events;
 *   <li>{@code GET /wallboard/api/tenants/{tenant}/live}: server-sent events, one batch of changes
 *       at a time ({@code {"changes": [...], "steps": [...]}}).
 * </ul>
 *
 * The server that mounts it says who is asking ({@link Access}); the page and its files are public,
 * the API needs a caller who may watch the tenant.
 */
public final class WallboardHandler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WallboardHandler.class);
  static final String PREFIX = "/wallboard/";
  static final String API = PREFIX + "api/tenants";
  private static final long PUSH_EVERY_MS = 250;
  private static final long HEARTBEAT_EVERY_MS = 15_000;

  private static final Map<String, String> FILES =
      Map.of(
          "/",
          "index.html",
          PREFIX,
          "index.html",
          PREFIX + "app.js",
          "app.js",
          PREFIX + "app.css",
          "app.css");

  private final StatsQueries queries;
  private final LiveHub hub;
  private final Supplier<String> status;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Set<Live> live = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService pusher;

  WallboardHandler(StatsQueries queries, LiveHub hub, Supplier<String> status) {
    this.queries = queries;
    this.hub = hub;
    this.status = status;
    for (String name : Set.copyOf(FILES.values())) {
      files.put(name, resource(name));
    }
    this.pusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "wallboard-push");
              t.setDaemon(true);
              return t;
            });
    pusher.scheduleWithFixedDelay(this::push, PUSH_EVERY_MS, PUSH_EVERY_MS, TimeUnit.MILLISECONDS);
  }

  private static byte[] resource(String name) {
    try (InputStream in = WallboardHandler.class.getResourceAsStream("/wallboard/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the wallboard's " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code path} is the wallboard's. */
  public boolean serves(String path) {
    return path.equals("/") || path.startsWith(PREFIX) || path.equals("/wallboard");
  }

  /** A handler that serves the wallboard alone, to every caller (a server without keys). */
  public Handler standalone() {
    return new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) {
        String path = request.getHttpURI().getDecodedPath();
        if (!serves(path)) {
          send(
              response,
              callback,
              404,
              error(404, "no resource " + path + "; the wallboard is at /"));
          return true;
        }
        return WallboardHandler.this.handle(request, response, callback, Access.ALL);
      }
    };
  }

  /** Serves a request for one of the wallboard's paths. */
  public boolean handle(Request request, Response response, Callback callback, Access access) {
    String path = request.getHttpURI().getDecodedPath();
    try {
      if (!request.getMethod().equals("GET") && !request.getMethod().equals("HEAD")) {
        response.getHeaders().put(HttpHeader.ALLOW, "GET");
        send(response, callback, 405, error(405, path + " takes GET, not " + request.getMethod()));
        return true;
      }
      if (path.equals("/wallboard")) {
        response.getHeaders().put(HttpHeader.LOCATION, "/");
        send(response, callback, 302, error(302, "the wallboard is at /"));
        return true;
      }
      String file = FILES.get(path);
      if (file != null) {
        sendFile(response, callback, file);
        return true;
      }
      if (path.equals(API) || path.startsWith(API + "/")) {
        api(request, response, callback, access, path);
        return true;
      }
      send(response, callback, 404, error(404, "no resource " + path + "; the wallboard is at /"));
    } catch (InvalidStateStoreException e) {
      response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      send(
          response,
          callback,
          503,
          error(
              503,
              "the statistics are not ready (Kafka Streams is "
                  + status.get()
                  + "); try again in a moment"));
    } catch (RuntimeException e) {
      LOG.error("serving {}", path, e);
      send(response, callback, 500, error(500, "internal error: " + e));
    }
    return true;
  }

  private void api(
      Request request, Response response, Callback callback, Access access, String path) {
    if (!access.identified()) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      send(
          response,
          callback,
          401,
          error(
              401,
              "the wallboard's data needs a key: send 'Authorization: Bearer KEY' with your"
                  + " tenant's API key (or an admin key)"));
      return;
    }
    List<String> parts = List.of(path.substring(API.length()).split("/"));
    // parts: [""] for the list, ["", tenant], ["", tenant, "calls", thread], ["", tenant, "live"]
    if (parts.size() <= 1) {
      ObjectNode body = Mapper.JSON.createObjectNode();
      ArrayNode list = body.putArray("tenants");
      queries.tenants().stream().filter(access::mayRead).forEach(list::add);
      body.put("status", status.get());
      send(response, callback, 200, body);
      return;
    }
    String tenant = parts.get(1);
    if (!access.mayRead(tenant)) {
      send(
          response,
          callback,
          403,
          error(403, "this key cannot watch tenant '" + tenant + "'; use that tenant's key"));
      return;
    }
    if (parts.size() == 2) {
      send(response, callback, 200, queries.snapshot(tenant));
    } else if (parts.size() == 3 && parts.get(2).equals("live")) {
      live(response, callback, tenant);
    } else if (parts.size() == 4 && parts.get(2).equals("calls")) {
      Optional<ObjectNode> call = queries.call(tenant, parts.get(3));
      if (call.isPresent()) {
        send(response, callback, 200, call.get());
      } else {
        send(
            response,
            callback,
            404,
            error(
                404, "no call thread " + parts.get(3) + " in progress in tenant '" + tenant + "'"));
      }
    } else {
      send(response, callback, 404, error(404, "no resource " + path));
    }
  }

  // ---------------------------------------------------------------- server-sent events

  private void live(Response response, Callback callback, String tenant) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    Live connection = new Live(hub.subscribe(tenant), response, callback);
    live.add(connection);
    // the first message says the stream is open; the page then loads the snapshot
    connection.write(": open\n\n");
  }

  private void push() {
    long now = System.currentTimeMillis();
    for (Live connection : live) {
      try {
        connection.push(now);
      } catch (RuntimeException e) {
        LOG.debug("pushing to a wallboard page", e);
        connection.end(e);
      }
    }
  }

  /** One page's stream. */
  private final class Live {
    final LiveHub.Subscriber subscriber;
    final Response response;
    final Callback callback;
    final AtomicBoolean writing = new AtomicBoolean();
    final AtomicBoolean ended = new AtomicBoolean();
    volatile long lastWrite = System.currentTimeMillis();

    Live(LiveHub.Subscriber subscriber, Response response, Callback callback) {
      this.subscriber = subscriber;
      this.response = response;
      this.callback = callback;
    }

    void push(long now) {
      if (writing.get() || ended.get()) {
        return; // the page has not taken the last batch yet: changes keep coalescing
      }
      ObjectNode batch = subscriber.drain();
      if (batch != null) {
        try {
          write("data: " + Mapper.JSON.writeValueAsString(batch) + "\n\n");
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      } else if (now - lastWrite > HEARTBEAT_EVERY_MS) {
        write(": ping\n\n");
      }
    }

    void write(String text) {
      if (!writing.compareAndSet(false, true)) {
        return;
      }
      lastWrite = System.currentTimeMillis();
      response.write(
          false,
          ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)),
          new Callback() {
            @Override
            public void succeeded() {
              writing.set(false);
            }

            @Override
            public void failed(Throwable x) {
              writing.set(false);
              end(x);
            }
          });
    }

    void end(Throwable cause) {
      if (ended.compareAndSet(false, true)) {
        live.remove(this);
        hub.unsubscribe(subscriber);
        if (cause == null) {
          callback.succeeded();
        } else {
          callback.failed(cause);
        }
      }
    }
  }

  // ---------------------------------------------------------------- answers

  private void sendFile(Response response, Callback callback, String name) {
    String type =
        name.endsWith(".js")
            ? "text/javascript; charset=utf-8"
            : name.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    response.write(true, ByteBuffer.wrap(files.get(name)), callback);
  }

  static ObjectNode error(int status, String message) {
    return Mapper.JSON.createObjectNode().put("status", status).put("error", message);
  }

  private static void send(Response response, Callback callback, int status, ObjectNode body) {
    byte[] bytes;
    try {
      bytes = Mapper.JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }

  @Override
  public void close() {
    pusher.shutdownNow();
    for (Live connection : live) {
      connection.end(null);
    }
  }
}
