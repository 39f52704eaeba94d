package io.switchboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.TenantView;
import io.switchboard.engine.Tenants;
import io.switchboard.json.EventSchemas;
import io.switchboard.json.Json;
import io.switchboard.json.RequestBodies;
import io.switchboard.model.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the API and what each does. The table {@link #ROUTES} is the API: {@code
 * openapi.yaml} describes exactly these paths and methods (a test checks it).
 */
final class Endpoints extends Handler.Abstract {
  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

  /** The header under which a client sends a step it may send again (docs/api.md). */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  /** Who may call a route. */
  enum Access {
    /** Anyone, without a key. */
    PUBLIC,
    /** A tenant's key for the route's {@code {tenant}}, or an admin key. */
    CLIENT,
    /** An admin key. */
    ADMIN
  }

  @FunctionalInterface
  interface Action {
    void run(Endpoints api, Exchange exchange) throws IOException;
  }

  /**
   * One route.
   *
   * @param method the HTTP method
   * @param path the path, with {@code {name}} for a segment that is a parameter
   * @param access who may call it
   * @param action what it does
   */
  record Route(String method, String path, Access access, Action action) {
    Optional<Map<String, String>> match(List<String> segments) {
      List<String> template = segments(path);
      if (template.size() != segments.size()) {
        return Optional.empty();
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (int i = 0; i < template.size(); i++) {
        String expected = template.get(i);
        if (expected.startsWith("{")) {
          params.put(expected.substring(1, expected.length() - 1), segments.get(i));
        } else if (!expected.equals(segments.get(i))) {
          return Optional.empty();
        }
      }
      return Optional.of(params);
    }
  }

  static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/health", Access.PUBLIC, Endpoints::health),
          new Route("GET", "/health/live", Access.PUBLIC, Endpoints::live),
          new Route("GET", "/health/ready", Access.PUBLIC, Endpoints::ready),
          new Route("GET", "/v1/openapi.yaml", Access.PUBLIC, Endpoints::openApiYaml),
          new Route("GET", "/v1/openapi.json", Access.PUBLIC, Endpoints::openApiJson),
          new Route("GET", "/v1/asyncapi.yaml", Access.PUBLIC, Endpoints::asyncApiYaml),
          new Route("GET", "/v1/schemas/{schema}", Access.PUBLIC, Endpoints::eventSchema),
          new Route("GET", "/v1/tenants", Access.CLIENT, Endpoints::tenantList),
          new Route("GET", "/v1/tenants/{tenant}", Access.CLIENT, Endpoints::tenant),
          new Route("POST", "/v1/tenants/{tenant}/steps", Access.CLIENT, Endpoints::step),
          new Route("GET", "/v1/tenants/{tenant}/events", Access.CLIENT, Endpoints::events),
          new Route("GET", "/v1/tenants/{tenant}/dns", Access.CLIENT, Endpoints::dns),
          new Route("GET", "/v1/tenants/{tenant}/dns/{dn}", Access.CLIENT, Endpoints::dn),
          new Route("GET", "/v1/tenants/{tenant}/agents", Access.CLIENT, Endpoints::agents),
          new Route("GET", "/v1/tenants/{tenant}/agents/{agent}", Access.CLIENT, Endpoints::agent),
          new Route("GET", "/v1/tenants/{tenant}/calls", Access.CLIENT, Endpoints::calls),
          new Route("GET", "/v1/tenants/{tenant}/calls/{connId}", Access.CLIENT, Endpoints::call),
          new Route("POST", "/v1/admin/tenants", Access.ADMIN, Endpoints::addTenant),
          new Route("DELETE", "/v1/admin/tenants/{tenant}", Access.ADMIN, Endpoints::removeTenant),
          new Route("POST", "/v1/admin/tenants/{tenant}/dns", Access.ADMIN, Endpoints::addDn),
          new Route(
              "DELETE", "/v1/admin/tenants/{tenant}/dns/{dn}", Access.ADMIN, Endpoints::removeDn),
          new Route("GET", "/v1/admin/tenants/{tenant}/agents", Access.ADMIN, Endpoints::agentList),
          new Route("POST", "/v1/admin/tenants/{tenant}/agents", Access.ADMIN, Endpoints::addAgent),
          new Route("PUT", "/v1/admin/tenants/{tenant}/agents", Access.ADMIN, Endpoints::setAgents),
          new Route(
              "DELETE",
              "/v1/admin/tenants/{tenant}/agents/{agent}",
              Access.ADMIN,
              Endpoints::removeAgent),
          new Route("POST", "/v1/admin/reload", Access.ADMIN, Endpoints::reload),
          new Route("GET", "/metrics", Access.ADMIN, Endpoints::metrics),
          new Route("GET", "/v1/cluster", Access.ADMIN, Endpoints::cluster));

  /** The AsyncAPI description of the Kafka topics and the event WebSocket (docs/asyncapi.yaml). */
  static final String ASYNC_API = resource("asyncapi.yaml");

  private final ApiSettings settings;
  private final Tenants tenants;
  private final Supplier<Health> health;
  private final Meters meters;
  private final ApiMeters apiMeters;
  private final Keys keys;
  private final RateLimiter limiter;
  private final EventHub hub;
  private final StepRunner steps;
  private final Admin admin;
  private final Executor executor;
  private final OpenApi openApi;
  private final Placement placement;
  private final Forwarder forwarder;
  private volatile ServerWebSocketContainer webSockets;

  Endpoints(
      ApiSettings settings,
      Tenants tenants,
      Supplier<Health> health,
      Meters meters,
      Keys keys,
      EventHub hub,
      Executor executor,
      Placement placement) {
    this.settings = settings;
    this.placement = placement;
    this.forwarder = new Forwarder(placement.instance(), settings.tls().isPresent());
    this.tenants = tenants;
    this.health = health;
    this.meters = meters;
    this.apiMeters = new ApiMeters(meters, tenants, hub);
    this.keys = keys;
    this.limiter = new RateLimiter(settings.rateLimit(), System::nanoTime);
    this.hub = hub;
    this.steps = new StepRunner(tenants, apiMeters);
    this.admin =
        new Admin(
            tenants,
            keys,
            hub,
            settings.server(),
            settings.reload(),
            AddedKeys.at(settings.addedKeys()));
    this.executor = executor;
    this.openApi = OpenApi.load();
  }

  void webSockets(ServerWebSocketContainer container) {
    this.webSockets = container;
  }

  ApiSettings settings() {
    return settings;
  }

  Tenants tenants() {
    return tenants;
  }

  EventHub hub() {
    return hub;
  }

  RateLimiter limiter() {
    return limiter;
  }

  StepRunner steps() {
    return steps;
  }

  Executor executor() {
    return executor;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Exchange exchange = new Exchange(request, response, callback, apiMeters);
    try {
      dispatch(exchange);
    } catch (ApiError e) {
      exchange.send(new Reply(e.status, Bodies.error(e.status, e.getMessage()), e.headers));
    } catch (IOException | UncheckedIOException e) {
      exchange.send(400, Bodies.error(400, "the request could not be read: " + e.getMessage()));
    } catch (RuntimeException e) {
      LOG.error("unexpected failure serving {} {}", request.getMethod(), request.getHttpURI(), e);
      exchange.send(500, Bodies.error(500, "internal error: " + e));
    }
    return true;
  }

  private void dispatch(Exchange exchange) throws IOException {
    String path = exchange.request.getHttpURI().getDecodedPath();
    List<String> segments = segments(path);
    List<Route> matching = new ArrayList<>();
    Map<String, String> params = Map.of();
    Route route = null;
    for (Route candidate : ROUTES) {
      Optional<Map<String, String>> match = candidate.match(segments);
      if (match.isPresent()) {
        matching.add(candidate);
        if (candidate.method().equals(exchange.request.getMethod())) {
          route = candidate;
          params = match.get();
        }
      }
    }
    if (matching.isEmpty()) {
      throw new ApiError(
          404, "no resource " + path + "; GET /v1/openapi.yaml describes the API's resources");
    }
    if (route == null) {
      exchange.route = matching.get(0).path();
      String allowed = matching.stream().map(Route::method).collect(Collectors.joining(", "));
      exchange.response.getHeaders().put(HttpHeader.ALLOW, allowed);
      throw new ApiError(405, path + " takes " + allowed + ", not " + exchange.request.getMethod());
    }
    exchange.params = params;
    exchange.route = route.path();
    if (route.access() == Access.PUBLIC) {
      exchange.principal = lenientPrincipal(exchange);
      route.action().run(this, exchange);
      return;
    }
    Principal principal = authenticate(exchange, route.path().endsWith("/events"));
    limiter.acquire(principal.client());
    exchange.principal = Optional.of(principal);
    if (route.access() == Access.ADMIN && !principal.admin()) {
      throw new ApiError(
          403, route.path() + " needs an admin key; this request has " + principal.describe());
    }
    String tenant = params.get("tenant");
    if (tenant != null && route.access() == Access.CLIENT && !principal.mayActOn(tenant)) {
      // the same answer whether the tenant exists or not, so that keys do not reveal tenants
      throw new ApiError(
          403,
          principal.describe() + " cannot act on tenant '" + tenant + "'; use that tenant's key");
    }
    if (route.access() == Access.ADMIN
        && !route.method().equals("GET")
        && route.path().startsWith("/v1/admin/")) {
      placement
          .cluster()
          .ifPresent(
              cluster -> {
                throw new ApiError(
                    409,
                    "instance "
                        + cluster.instance()
                        + " is part of cluster "
                        + cluster.cluster()
                        + ", whose tenants come from the configuration that every instance is"
                        + " started with: change it there and restart the instances one at a time"
                        + " (docs/cluster.md)");
              });
    }
    if (tenant != null && !servedHere(exchange, route, tenant)) {
      return;
    }
    route.action().run(this, exchange);
  }

  /**
   * Whether {@code tenant} is served here; if not, the request is forwarded to the instance that
   * serves it (and answered when that one answers), or refused with 503 while the tenant moves.
   */
  private boolean servedHere(Exchange exchange, Route route, String tenant) throws IOException {
    Placement.Where where = placement.locate(tenant);
    if (where instanceof Placement.Unavailable unavailable) {
      throw ApiError.retryLater(unavailable.why());
    }
    if (!(where instanceof Placement.Elsewhere owner)) {
      return true;
    }
    if (Forwarder.forwarded(exchange.request)) {
      throw ApiError.retryLater(
          "tenant '" + tenant + "' moved while this request was forwarded; retry in a moment");
    }
    if (route.path().endsWith("/events")) {
      relay(exchange, tenant, owner);
      return false;
    }
    byte[] body = exchange.request.getMethod().equals("GET") ? new byte[0] : exchange.bytes(false);
    forwarder
        .forward(exchange.request, body, owner.instance(), owner.http())
        .thenAccept(answer -> exchange.send(answer));
    return false;
  }

  /** The event WebSocket of a tenant served elsewhere, relayed to the instance that serves it. */
  private void relay(Exchange exchange, String tenant, Placement.Elsewhere owner) {
    if (!exchange.request.getHeaders().contains(HttpHeader.UPGRADE, "websocket")) {
      exchange.response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
      throw new ApiError(
          426,
          "this is a WebSocket endpoint: connect with a WebSocket client to ws://HOST/v1/tenants/"
              + tenant
              + "/events (docs/api.md)");
    }
    String query = exchange.request.getHttpURI().getQuery();
    URI upstream =
        URI.create(
            (settings.tls().isPresent() ? "wss://" : "ws://")
                + owner.http()
                + exchange.request.getHttpURI().getPath()
                + (query == null ? "" : "?" + query));
    String authorization = exchange.request.getHeaders().get(HttpHeader.AUTHORIZATION);
    exchange.handOver();
    boolean upgraded;
    try {
      upgraded =
          webSockets.upgrade(
              (upgradeRequest, upgradeResponse, callback) ->
                  new RelaySocket(upstream, authorization, placement.instance(), owner.instance()),
              exchange.request,
              exchange.response,
              exchange.callback);
    } catch (RuntimeException e) {
      exchange.takeBack();
      throw e;
    }
    if (!upgraded) {
      exchange.takeBack();
      throw new ApiError(400, "not a valid WebSocket upgrade request");
    }
  }

  private void cluster(Exchange exchange) {
    Placement.ClusterView view =
        placement
            .cluster()
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "this instance runs alone, not as part of a cluster (start it with"
                            + " --cluster NAME --kafka BOOTSTRAP: docs/cluster.md)"));
    exchange.send(200, Bodies.cluster(view));
  }

  private Principal authenticate(Exchange exchange, boolean queryKeyAllowed) {
    String remote = Request.getRemoteAddr(exchange.request);
    try {
      return keys.authenticate(presentedKey(exchange.request, queryKeyAllowed), remote);
    } catch (ApiError e) {
      // failed attempts count against the address, so that guessing keys is slow
      limiter.acquire("address-" + remote);
      exchange.response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
      throw e;
    }
  }

  private Optional<Principal> lenientPrincipal(Exchange exchange) {
    try {
      return Optional.of(authenticate(exchange, false));
    } catch (ApiError e) {
      exchange.response.getHeaders().remove(HttpHeader.WWW_AUTHENTICATE);
      return Optional.empty();
    }
  }

  static Optional<String> presentedKey(Request request, boolean queryKeyAllowed) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header != null) {
      String[] parts = header.strip().split("\\s+", 2);
      if (parts.length != 2 || !parts[0].equalsIgnoreCase("Bearer")) {
        throw new ApiError(401, "the Authorization header must be 'Bearer KEY'");
      }
      return Optional.of(parts[1].strip());
    }
    if (queryKeyAllowed) {
      String token = Request.extractQueryParameters(request).getValue("access_token");
      if (token != null && !token.isBlank()) {
        return Optional.of(token);
      }
    }
    return Optional.empty();
  }

  // ------------------------------------------------------------------ routes

  private void health(Exchange exchange) {
    Health now = health.get();
    ObjectNode body = Bodies.object().put("status", now.up() ? "UP" : "DOWN");
    if (exchange.principal.map(Principal::admin).orElse(false)) {
      body.set("details", Json.mapper().valueToTree(now.details()));
    }
    exchange.send(now.up() ? 200 : 503, body);
  }

  /** Alive as long as it answers: nothing it recovers from by itself (Kafka...) makes it not. */
  private void live(Exchange exchange) {
    exchange.send(200, Bodies.object().put("status", "UP"));
  }

  /** Whether it should get traffic: it can take steps and publish their events. */
  private void ready(Exchange exchange) {
    Health now = health.get();
    ObjectNode body = Bodies.object().put("status", now.ready() ? "UP" : "DOWN");
    if (exchange.principal.map(Principal::admin).orElse(false)) {
      ArrayNode reasons = body.putArray("notReady");
      now.notReady().forEach(reasons::add);
    }
    exchange.send(now.ready() ? 200 : 503, body);
  }

  private void openApiYaml(Exchange exchange) {
    exchange.send(200, "application/yaml", openApi.yaml(baseUrl(exchange)));
  }

  private void openApiJson(Exchange exchange) {
    exchange.send(200, "application/json", openApi.json(baseUrl(exchange)));
  }

  /** How the client reached the service: the scheme, and the host and port it asked for. */
  private static String baseUrl(Exchange exchange) {
    HttpURI uri = exchange.request.getHttpURI();
    return uri.getScheme() + "://" + uri.getAuthority();
  }

  private void asyncApiYaml(Exchange exchange) {
    exchange.send(200, "application/yaml", ASYNC_API);
  }

  private void eventSchema(Exchange exchange) {
    String file = exchange.params.get("schema");
    EventType type =
        EventSchemas.forFileName(file)
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "no schema '"
                            + file
                            + "'; each event type has one, named after it, e.g."
                            + " /v1/schemas/EventRinging.json"));
    exchange.send(200, "application/schema+json", EventSchemas.text(type));
  }

  private void tenantList(Exchange exchange) {
    Principal principal = exchange.principal.orElseThrow();
    ObjectNode body = Bodies.object();
    ArrayNode list = body.putArray("tenants");
    placement.tenants().stream().filter(principal::mayActOn).forEach(list::add);
    exchange.send(200, body);
  }

  private void tenant(Exchange exchange) {
    String tenant = exchange.params.get("tenant");
    TenantView view = view(tenant);
    AtomicInteger limit = new AtomicInteger();
    try {
      tenants.reconfigure(tenant, engine -> limit.set(engine.config().userDataLimit()));
    } catch (IllegalArgumentException e) {
      throw noTenant(tenant);
    }
    exchange.send(200, Bodies.summary(view, limit.get()));
  }

  private void step(Exchange exchange) throws IOException {
    String tenant = exchange.params.get("tenant");
    requireTenant(tenant);
    JsonNode body = exchange.json();
    Optional<String> key = Optional.ofNullable(exchange.request.getHeaders().get(IDEMPOTENCY_KEY));
    steps.run(exchange.principal.orElseThrow(), tenant, body, key).thenAccept(exchange::send);
  }

  private void events(Exchange exchange) {
    String tenant = exchange.params.get("tenant");
    requireTenant(tenant);
    Principal principal = exchange.principal.orElseThrow();
    if (!exchange.request.getHeaders().contains(HttpHeader.UPGRADE, "websocket")) {
      exchange.response.getHeaders().put(HttpHeader.UPGRADE, "websocket");
      throw new ApiError(
          426,
          "this is a WebSocket endpoint: connect with a WebSocket client to ws://HOST/v1/tenants/"
              + tenant
              + "/events (docs/api.md)");
    }
    int limit = settings.webSocket().connectionsPerClient();
    if (hub.connections(principal.client()) >= limit) {
      throw new ApiError(
          429,
          "too many WebSocket connections with this key: at most "
              + limit
              + "; close the ones you left open");
    }
    exchange.handOver();
    boolean upgraded;
    try {
      upgraded =
          webSockets.upgrade(
              (upgradeRequest, upgradeResponse, callback) ->
                  new EventSocket(tenant, principal, this),
              exchange.request,
              exchange.response,
              exchange.callback);
    } catch (RuntimeException e) {
      exchange.takeBack();
      throw e;
    }
    if (!upgraded) {
      exchange.takeBack();
      throw new ApiError(400, "not a valid WebSocket upgrade request");
    }
  }

  private void dns(Exchange exchange) {
    TenantView view = view(exchange.params.get("tenant"));
    ObjectNode body = Bodies.object().put("tenant", view.tenant());
    ArrayNode list = body.putArray("dns");
    view.dns().forEach(dn -> list.add(Bodies.dn(dn)));
    exchange.send(200, body);
  }

  private void dn(Exchange exchange) {
    String number = exchange.params.get("dn");
    TenantView view = view(exchange.params.get("tenant"));
    TenantView.DnView dn =
        find(view.dns(), d -> d.dn().equals(number))
            .orElseThrow(
                () ->
                    new ApiError(
                        404,
                        "DN " + number + " is not in the directory of tenant " + view.tenant()));
    exchange.send(200, Bodies.dn(dn));
  }

  private void agents(Exchange exchange) {
    TenantView view = view(exchange.params.get("tenant"));
    ObjectNode body = Bodies.object().put("tenant", view.tenant());
    ArrayNode list = body.putArray("agents");
    view.agents().forEach(agent -> list.add(Bodies.agent(agent)));
    exchange.send(200, body);
  }

  private void agent(Exchange exchange) {
    String id = exchange.params.get("agent");
    TenantView view = view(exchange.params.get("tenant"));
    TenantView.AgentView agent =
        find(view.agents(), a -> a.agentId().equals(id))
            .orElseThrow(
                () ->
                    new ApiError(
                        404, "agent " + id + " is not logged in on tenant " + view.tenant()));
    exchange.send(200, Bodies.agent(agent));
  }

  private void calls(Exchange exchange) {
    TenantView view = view(exchange.params.get("tenant"));
    ObjectNode body = Bodies.object().put("tenant", view.tenant());
    ArrayNode list = body.putArray("calls");
    view.calls().forEach(call -> list.add(Bodies.call(call)));
    exchange.send(200, body);
  }

  private void call(Exchange exchange) {
    String connId = exchange.params.get("connId");
    TenantView view = view(exchange.params.get("tenant"));
    TenantView.CallView call =
        find(
                view.calls(),
                c -> c.connId().toString().equals(connId) || c.connId().hex().equals(connId))
            .orElseThrow(
                () ->
                    new ApiError(
                        404, "no call " + connId + " is in progress on tenant " + view.tenant()));
    exchange.send(200, Bodies.call(call));
  }

  private void addTenant(Exchange exchange) throws IOException {
    exchange.send(admin.addTenant(exchange.json()));
  }

  private void removeTenant(Exchange exchange) {
    exchange.send(admin.removeTenant(exchange.params.get("tenant")));
  }

  private void addDn(Exchange exchange) throws IOException {
    exchange.send(admin.addDn(exchange.params.get("tenant"), exchange.json()));
  }

  private void removeDn(Exchange exchange) {
    exchange.send(admin.removeDn(exchange.params.get("tenant"), exchange.params.get("dn")));
  }

  private void reload(Exchange exchange) {
    exchange.send(admin.reload());
  }

  private void agentList(Exchange exchange) {
    exchange.send(admin.agents(exchange.params.get("tenant")));
  }

  private void addAgent(Exchange exchange) throws IOException {
    exchange.send(admin.addAgent(exchange.params.get("tenant"), exchange.json()));
  }

  private void setAgents(Exchange exchange) throws IOException {
    exchange.send(admin.setAgents(exchange.params.get("tenant"), exchange.json()));
  }

  private void removeAgent(Exchange exchange) {
    exchange.send(admin.removeAgent(exchange.params.get("tenant"), exchange.params.get("agent")));
  }

  /**
   * Every figure of the registry: the JVM's and the process's, the wiring's (the journal,
   * publishing, Kafka's clients, the disk) and the API's own ({@link ApiMeters}).
   */
  private void metrics(Exchange exchange) {
    exchange.send(200, Meters.CONTENT_TYPE, meters.scrape());
  }

  // ------------------------------------------------------------------ helpers

  private TenantView view(String tenant) {
    try {
      return tenants.view(tenant);
    } catch (IllegalArgumentException e) {
      throw noTenant(tenant);
    }
  }

  private void requireTenant(String tenant) {
    if (tenants.engine(tenant).isEmpty()) {
      throw noTenant(tenant);
    }
  }

  private ApiError noTenant(String tenant) {
    return new ApiError(404, "no tenant '" + tenant + "'; GET /v1/tenants lists the tenants");
  }

  private static <T> Optional<T> find(List<T> items, Predicate<T> test) {
    return items.stream().filter(test).findFirst();
  }

  private static String resource(String name) {
    try (java.io.InputStream in = Endpoints.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the server jar");
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + name, e);
    }
  }

  static List<String> segments(String path) {
    List<String> segments = new ArrayList<>();
    for (String segment : path.split("/")) {
      if (!segment.isEmpty()) {
        segments.add(segment);
      }
    }
    return segments;
  }

  /** One request and its answer, sent once. */
  static final class Exchange {
    final Request request;
    final Response response;
    final Callback callback;
    private final ApiMeters meters;
    private final long start = System.nanoTime();
    Map<String, String> params = Map.of();
    String route = ApiMeters.NO_ROUTE;
    Optional<Principal> principal = Optional.empty();
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile boolean bodyRead;

    Exchange(Request request, Response response, Callback callback, ApiMeters meters) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.meters = meters;
    }

    /** The body as JSON, at most {@link HttpApi#MAX_BODY} bytes. */
    JsonNode json() throws IOException {
      byte[] bytes = bytes(true);
      try {
        return Json.mapper().readTree(bytes);
      } catch (JsonProcessingException e) {
        throw new ApiError(400, "the body is not valid JSON: " + RequestBodies.syntaxError(e));
      }
    }

    /** The body, at most {@link HttpApi#MAX_BODY} bytes; refused when empty if {@code required}. */
    byte[] bytes(boolean required) throws IOException {
      bodyRead = true;
      long declared = request.getLength();
      if (declared > 16L * HttpApi.MAX_BODY) {
        throw tooLarge();
      }
      byte[] bytes;
      try (InputStream in = Request.asInputStream(request)) {
        bytes = in.readNBytes(HttpApi.MAX_BODY + 1);
        if (bytes.length > HttpApi.MAX_BODY) {
          // read what the client is still sending, up to a bound, so that it gets the answer
          byte[] sink = new byte[8192];
          long drained = 0;
          for (int n; drained < 16L * HttpApi.MAX_BODY && (n = in.read(sink)) >= 0; ) {
            drained += n;
          }
          throw tooLarge();
        }
      }
      if (bytes.length == 0 && required) {
        throw new ApiError(
            400,
            "the body is empty; send JSON, e.g. {\"RequestMakeCall\": {\"ThisDN\": \"5001\","
                + " \"OtherDN\": \"5002\"}}");
      }
      return bytes;
    }

    /**
     * Reads and drops a body that the route does not take (a request refused before its body was
     * read), so that closing the connection cannot reset it before the client has read the answer.
     *
     * @return whether the whole body was read
     */
    private boolean discardBody() {
      bodyRead = true;
      try (InputStream in = Request.asInputStream(request)) {
        byte[] sink = new byte[8192];
        long read = 0;
        for (int n; (n = in.read(sink)) >= 0; ) {
          read += n;
          if (read > 16L * HttpApi.MAX_BODY) {
            return false;
          }
        }
        return true;
      } catch (IOException | RuntimeException e) {
        return false;
      }
    }

    private static ApiError tooLarge() {
      return new ApiError(
          413, "the body is larger than " + HttpApi.MAX_BODY + " bytes; send one step per request");
    }

    void send(Reply reply) {
      send(reply.status(), "application/json", Bodies.text(reply.body()) + "\n", reply.headers());
    }

    void send(int status, ObjectNode body) {
      send(status, "application/json", Bodies.text(body) + "\n");
    }

    void send(int status, String contentType, String text) {
      send(status, contentType, text, Map.of());
    }

    void send(Forwarder.Answer answer) {
      send(answer.status(), answer.contentType(), answer.body(), answer.headers());
    }

    private void send(int status, String contentType, String text, Map<String, String> headers) {
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      meters.request(request.getMethod(), route, status, System.nanoTime() - start);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      response.setStatus(status);
      headers.forEach((name, value) -> response.getHeaders().put(name, value));
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      if (status == 429) {
        response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
      }
      if (!bodyRead && request.getLength() != 0 && !discardBody()) {
        // a body left unread ends the connection; say so, so that the client does not reuse it
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }

    /** The WebSocket upgrade answers from here on. */
    void handOver() {
      answered.set(true);
      meters.request(request.getMethod(), route, 101, System.nanoTime() - start);
    }

    /** The upgrade did not happen: this exchange answers after all. */
    void takeBack() {
      answered.set(false);
    }
  }
}
