package io.switchboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.TenantView;
import io.switchboard.json.Json;
import io.switchboard.json.RequestBodies;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket on {@code /v1/tenants/{tenant}/events}. The client registers the DNs whose
 * events it wants ({@code {"register": ["5001"]}}, {@code {"unregister": [...]}}), as a T-Library
 * client registers addresses, and may send steps exactly as over HTTP; every message it receives is
 * a JSON object whose {@code type} says what it is: {@code event}, {@code answer}, {@code
 * registered}, {@code unregistered} or {@code error}.
 *
 * <p>Public only because Jetty calls its listener methods; it is made by {@link HttpApi} alone.
 */
public final class EventSocket implements Session.Listener.AutoDemanding {
  private static final Logger LOG = LoggerFactory.getLogger(EventSocket.class);

  private final String tenant;
  private final Principal principal;
  private final Endpoints api;
  private final Set<String> registered = ConcurrentHashMap.newKeySet();
  private volatile Session session;
  private volatile Outbox outbox;

  EventSocket(String tenant, Principal principal, Endpoints api) {
    this.tenant = tenant;
    this.principal = principal;
    this.api = api;
  }

  String tenant() {
    return tenant;
  }

  @Override
  public void onWebSocketOpen(Session opened) {
    session = opened;
    outbox =
        new Outbox(
            new Outbox.Transport() {
              @Override
              public void send(String text, Runnable sent, Consumer<Throwable> failed) {
                opened.sendText(text, Callback.from(sent, failed));
              }

              @Override
              public void close(int code, String reason) {
                // at once: the close handshake waits for a client that may never read again
                api.hub().closed(EventSocket.this, principal.client());
                opened.close(code, reason, Callback.NOOP);
              }
            },
            api.executor(),
            api.settings().webSocket(),
            tenant + "/" + principal.client() + "@" + opened.getRemoteSocketAddress());
    int connections = api.hub().opened(this, principal.client());
    int limit = api.settings().webSocket().connectionsPerClient();
    if (connections > limit) {
      close(
          Outbox.TOO_SLOW,
          "too many connections with this key: at most "
              + limit
              + "; close the ones you left open");
    }
  }

  @Override
  public void onWebSocketText(String text) {
    try {
      api.limiter().acquire(principal.client());
      JsonNode node;
      try {
        node = Json.mapper().readTree(text);
      } catch (JsonProcessingException e) {
        throw new ApiError(400, "the message is not valid JSON: " + RequestBodies.syntaxError(e));
      }
      if (node != null && node.isObject() && node.size() == 1 && node.has("register")) {
        register(dns(node, "register"));
      } else if (node != null && node.isObject() && node.size() == 1 && node.has("unregister")) {
        unregister(dns(node, "unregister"));
      } else {
        api.steps()
            .run(principal, tenant, node)
            .thenAccept(
                reply ->
                    send(
                        Bodies.message(
                            "answer",
                            Bodies.object().put("status", reply.status()).setAll(reply.body()))));
      }
    } catch (ApiError e) {
      send(Bodies.message("error", Bodies.error(e.status, e.getMessage())));
    } catch (RuntimeException e) {
      LOG.error("unexpected failure on a WebSocket message of tenant {}", tenant, e);
      send(Bodies.message("error", Bodies.error(500, "internal error: " + e)));
    }
  }

  @Override
  public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
    callback.succeed();
    send(
        Bodies.message(
            "error", Bodies.error(400, "send text messages holding JSON, not binary ones")));
  }

  @Override
  public void onWebSocketClose(int statusCode, String reason) {
    Outbox box = outbox;
    if (box != null) {
      box.close();
    }
    api.hub().closed(this, principal.client());
  }

  @Override
  public void onWebSocketError(Throwable cause) {
    LOG.debug("WebSocket of tenant {}: {}", tenant, cause.toString());
  }

  /** Queues {@code message}; returns at once. */
  void offer(String message) {
    Outbox box = outbox;
    if (box != null) {
      box.offer(message);
    }
  }

  void ping() {
    Session open = session;
    if (open != null && open.isOpen()) {
      open.sendPing(ByteBuffer.allocate(0), Callback.NOOP);
    }
  }

  void close(int code, String reason) {
    Session open = session;
    if (open != null) {
      open.close(code, reason, Callback.NOOP);
    }
  }

  private void send(ObjectNode message) {
    offer(Bodies.text(message));
  }

  private void register(List<String> dns) {
    TenantView view;
    try {
      view = api.tenants().view(tenant);
    } catch (IllegalArgumentException e) {
      throw new ApiError(404, "no tenant '" + tenant + "' (it was removed)");
    }
    Set<String> known = view.dns().stream().map(TenantView.DnView::dn).collect(Collectors.toSet());
    List<String> unknown = dns.stream().filter(dn -> !known.contains(dn)).toList();
    if (!unknown.isEmpty()) {
      throw new ApiError(
          404,
          "not in the directory of tenant '"
              + tenant
              + "': "
              + unknown
              + "; nothing was registered (GET /v1/tenants/"
              + tenant
              + "/dns lists the DNs)");
    }
    registered.addAll(dns);
    api.hub().register(this, tenant, dns);
    send(registrations("registered"));
  }

  private void unregister(List<String> dns) {
    List<String> unknown = dns.stream().filter(dn -> !registered.contains(dn)).toList();
    if (!unknown.isEmpty()) {
      throw new ApiError(
          404,
          "not registered on this connection: "
              + unknown
              + "; nothing was unregistered (registered: "
              + new TreeSet<>(registered)
              + ")");
    }
    registered.removeAll(dns);
    api.hub().unregister(this, tenant, dns);
    send(registrations("unregistered"));
  }

  private ObjectNode registrations(String type) {
    ObjectNode message = Bodies.object().put("type", type);
    ArrayNode list = message.putArray("dns");
    new TreeSet<>(registered).forEach(list::add);
    return message;
  }

  private static List<String> dns(JsonNode node, String key) {
    JsonNode value = node.get(key);
    String example = "{\"" + key + "\": [\"5001\", \"5002\"]}";
    if (!value.isArray() || value.isEmpty()) {
      throw new ApiError(400, key + " takes a non-empty list of DNs, e.g. " + example);
    }
    List<String> dns = new ArrayList<>();
    for (JsonNode dn : value) {
      if (!dn.isTextual() || dn.asText().isBlank()) {
        throw new ApiError(400, key + " takes DNs as strings, e.g. " + example + "; found " + dn);
      }
      dns.add(dn.asText());
    }
    return dns;
  }
}
