package io.switchboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.Tenants;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.EventJson;
import io.switchboard.json.Json;
import io.switchboard.json.ParsedStep;
import io.switchboard.json.StepFormatException;
import io.switchboard.model.Attribute;
import io.switchboard.model.Event;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of the service.
 *
 * <ul>
 *   <li>{@code POST /v1/tenants/{tenant}/steps}: the body is one step as JSON, exactly as a
 *       scenario step ({@code {"RequestMakeCall": {"ThisDN": "5001", "OtherDN": "5002"}}}). The
 *       answer, once the published events are acknowledged, lists every event the step caused with
 *       the party it went to: 200 when the engine accepted the step, 422 when it rejected it (the
 *       events are then the EventError), 400 for a body that is not a valid step, 404 for an
 *       unknown tenant, 413 for a body over {@value #MAX_BODY} bytes, 503 when the events could not
 *       be published.
 *   <li>{@code GET /health}: 200 {@code {"status": "UP", ...}} or 503 {@code {"status": "DOWN"}}.
 *   <li>{@code GET /v1/tenants}: the tenant ids.
 * </ul>
 */
public final class HttpApi implements AutoCloseable {
  /** The largest request body accepted. */
  public static final int MAX_BODY = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final Pattern STEPS = Pattern.compile("/v1/tenants/([^/]+)/steps/?");
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(30);

  private final Tenants tenants;
  private final Supplier<Health> health;
  private final HttpServer server;
  private final ExecutorService executor;
  private final ObjectMapper mapper = Json.mapper();
  private final EventJson eventJson = new EventJson();

  private HttpApi(Tenants tenants, Supplier<Health> health, HttpServer server, int threads) {
    this.tenants = tenants;
    this.health = health;
    this.server = server;
    this.executor =
        Executors.newFixedThreadPool(
            threads,
            runnable -> {
              Thread thread = new Thread(runnable, "switchboard-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
  }

  /**
   * Starts the API on {@code address} (port 0 picks a free port).
   *
   * @throws IOException if the address cannot be bound
   */
  public static HttpApi start(InetSocketAddress address, Tenants tenants, Supplier<Health> health)
      throws IOException {
    HttpApi api = new HttpApi(tenants, health, HttpServer.create(address, 64), 8);
    api.server.start();
    return api;
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return server.getAddress();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    InetSocketAddress address = address();
    return "http://" + address.getHostString() + ":" + address.getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Matcher steps = STEPS.matcher(path);
      if (path.equals("/health")) {
        requireMethod(exchange, "GET");
        Health now = health.get();
        ObjectNode body = mapper.createObjectNode().put("status", now.up() ? "UP" : "DOWN");
        body.set("details", mapper.valueToTree(now.details()));
        send(exchange, now.up() ? 200 : 503, body);
      } else if (path.equals("/v1/tenants") || path.equals("/v1/tenants/")) {
        requireMethod(exchange, "GET");
        ObjectNode body = mapper.createObjectNode();
        body.set("tenants", mapper.valueToTree(tenants.ids()));
        send(exchange, 200, body);
      } else if (steps.matches()) {
        requireMethod(exchange, "POST");
        step(exchange, steps.group(1));
      } else {
        throw new ApiError(
            404, "no resource " + path + "; try POST /v1/tenants/{tenant}/steps or GET /health");
      }
    } catch (ApiError e) {
      sendError(exchange, e.status, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error(
          "unexpected failure serving {} {}",
          exchange.getRequestMethod(),
          exchange.getRequestURI(),
          e);
      sendError(exchange, 500, "internal error: " + e);
    } finally {
      exchange.close();
    }
  }

  private void step(HttpExchange exchange, String tenant) throws IOException {
    if (tenants.engine(tenant).isEmpty()) {
      throw new ApiError(404, "no tenant '" + tenant + "'; known tenants: " + tenants.ids());
    }
    JsonNode node = readJson(exchange);
    ParsedStep parsed;
    try {
      parsed = io.switchboard.json.StepJson.parse(node, ConnIdResolver.of(Map.of(), tenant));
    } catch (StepFormatException e) {
      throw new ApiError(400, e.getMessage());
    }
    Outcome outcome;
    try {
      outcome =
          tenants
              .submit(tenant, parsed.step())
              .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiError(503, "interrupted while publishing the events of " + parsed.step().name());
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new ApiError(
          503,
          "the events of " + parsed.step().name() + " could not be published to Kafka: " + cause);
    }
    ObjectNode body = mapper.createObjectNode();
    body.put("tenant", tenant);
    body.put("step", parsed.step().name());
    body.put("accepted", !outcome.rejected());
    if (outcome.referenceId() != 0) {
      body.put("ReferenceID", outcome.referenceId());
    }
    outcome.connId().ifPresent(c -> body.put("ConnID", c.toString()));
    outcome
        .error()
        .ifPresent(
            error -> {
              body.put("ErrorCode", error.get(Attribute.ErrorCode, Long.class).orElse(0L));
              body.put("ErrorMessage", error.string(Attribute.ErrorMessage).orElse(""));
            });
    ArrayNode events = body.putArray("events");
    for (Delivery delivery : outcome.deliveries()) {
      Event event = delivery.event();
      ObjectNode entry = events.addObject();
      entry.put("party", delivery.party());
      entry.put("published", event.type().published());
      entry.set("value", eventJson.toTree(event));
    }
    send(exchange, outcome.rejected() ? 422 : 200, body);
  }

  private JsonNode readJson(HttpExchange exchange) throws IOException {
    byte[] bytes;
    try (InputStream in = exchange.getRequestBody()) {
      bytes = in.readNBytes(MAX_BODY + 1);
      if (bytes.length > MAX_BODY) {
        // read what the client is still sending, up to a bound, so that it gets the answer
        byte[] sink = new byte[8192];
        long drained = 0;
        for (int n; drained < 16L * MAX_BODY && (n = in.read(sink)) >= 0; ) {
          drained += n;
        }
      }
    }
    if (bytes.length > MAX_BODY) {
      throw new ApiError(
          413, "the body is larger than " + MAX_BODY + " bytes; send one step per request");
    }
    if (bytes.length == 0) {
      throw new ApiError(
          400,
          "the body is empty; send one step as JSON, e.g. {\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    }
    try {
      return mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new ApiError(400, "the body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void requireMethod(HttpExchange exchange, String method) {
    if (!exchange.getRequestMethod().equals(method)) {
      exchange.getResponseHeaders().set("Allow", method);
      throw new ApiError(
          405,
          exchange.getRequestURI().getPath()
              + " takes "
              + method
              + ", not "
              + exchange.getRequestMethod());
    }
  }

  private void sendError(HttpExchange exchange, int status, String message) throws IOException {
    send(exchange, status, mapper.createObjectNode().put("status", status).put("error", message));
  }

  private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
    byte[] bytes = mapper.writeValueAsString(body).concat("\n").getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** A request the API refuses, with its HTTP status. */
  private static final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    ApiError(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }
}
