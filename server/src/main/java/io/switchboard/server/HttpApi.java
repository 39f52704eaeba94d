package io.switchboard.server;

import io.switchboard.engine.Tenants;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API of the service, over HTTP (or HTTPS) and WebSocket; {@code docs/api.md} is its guide and
 * {@code openapi.yaml} (served at {@code GET /v1/openapi.yaml}) its description.
 *
 * <ul>
 *   <li>{@code POST /v1/tenants/{tenant}/steps}: the body is one step as JSON, exactly as a
 *       scenario step ({@code {"RequestMakeCall": {"ThisDN": "5001", "OtherDN": "5002"}}}). The
 *       answer, once the published events are acknowledged, lists every event the step caused with
 *       the party it went to, and the request's ReferenceID (the client's, or one the engine
 *       assigned): 200 when the engine accepted the step, 422 when it rejected it (the events are
 *       then the EventError), 400 for a body that is not a valid step, 404 for an unknown tenant,
 *       413 for a body over {@value #MAX_BODY} bytes, 503 when the service refused the step before
 *       the engine ran it (EventError 201 JournalFull, with Retry-After, or 202 JournalFailed) or
 *       when the events could not be published.
 *   <li>{@code GET /v1/tenants/{tenant}/events}: a WebSocket on which a client registers DNs and
 *       receives every event delivered to them, in order, and may send steps.
 *   <li>{@code GET /v1/tenants/{tenant}/dns}, {@code /agents}, {@code /calls}: what the engine
 *       holds now.
 *   <li>{@code /v1/admin/...}: tenants, DNs and agents added and removed, the configuration
 *       reloaded.
 *   <li>{@code GET /health}, {@code GET /health/live}, {@code GET /health/ready}, {@code GET
 *       /v1/tenants}, {@code GET /v1/openapi.yaml}.
 *   <li>{@code GET /metrics}: the service's figures in the Prometheus text format (admin key), from
 *       {@link Meters}.
 * </ul>
 *
 * <p>Every client sends a key ({@code Authorization: Bearer KEY}): a tenant's key acts on that
 * tenant only, on every route; an admin key on everything. Without any key configured the API is
 * open, and then serves on a loopback address only. Every refusal is a JSON object {@code
 * {"status": 400, "error": "what was wrong and what to do"}}.
 */
public final class HttpApi implements AutoCloseable {
  /** The largest request body (and WebSocket message) accepted. */
  public static final int MAX_BODY = 256 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final Duration PING_EVERY = Duration.ofSeconds(30);
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(2);

  private final Server server;
  private final ServerConnector connector;
  private final boolean secure;
  private final EventHub hub;
  private final ScheduledExecutorService pings;
  private final Optional<Meters> ownMeters;

  private HttpApi(
      Server server,
      ServerConnector connector,
      boolean secure,
      EventHub hub,
      ScheduledExecutorService pings,
      Optional<Meters> ownMeters) {
    this.server = server;
    this.connector = connector;
    this.secure = secure;
    this.hub = hub;
    this.pings = pings;
    this.ownMeters = ownMeters;
  }

  /**
   * Starts an open API (no credentials) on {@code address}, a loopback address.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if the address is not a loopback address
   */
  public static HttpApi start(InetSocketAddress address, Tenants tenants, Supplier<Health> health)
      throws IOException {
    return start(ApiSettings.open(address), tenants, health);
  }

  /**
   * Starts the API, with metrics of its own (closed with it).
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if the settings cannot be served: no credentials on an address
   *     that is not a loopback address, a malformed key, a TLS key store that cannot be read; the
   *     message says what to change
   */
  public static HttpApi start(ApiSettings settings, Tenants tenants, Supplier<Health> health)
      throws IOException {
    return start(settings, tenants, health, null, Placement.local(tenants), List.of());
  }

  /**
   * Starts the API, with the figures of {@code meters} served at {@code GET /metrics} beside the
   * API's own ({@link ApiMeters}), which it adds to them.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if the settings cannot be served (see {@link
   *     #start(ApiSettings, Tenants, Supplier)})
   */
  public static HttpApi start(
      ApiSettings settings, Tenants tenants, Supplier<Health> health, Meters meters)
      throws IOException {
    return start(settings, tenants, health, meters, Placement.local(tenants), List.of());
  }

  /**
   * Starts the API with {@code mounts} served beside it on their own paths (the wallboard), with
   * the viewer each request's key stands for.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if the settings cannot be served (see {@link
   *     #start(ApiSettings, Tenants, Supplier)})
   */
  public static HttpApi start(
      ApiSettings settings,
      Tenants tenants,
      Supplier<Health> health,
      Meters meters,
      List<Mount> mounts)
      throws IOException {
    return start(settings, tenants, health, meters, Placement.local(tenants), mounts);
  }

  /**
   * Starts the API of one instance of a cluster: requests for tenants that {@code placement} says
   * are served elsewhere are forwarded there, {@code GET /v1/cluster} shows the cluster; {@code
   * mounts} are served beside it. Without {@code meters} (null) it has metrics of its own.
   *
   * @throws IOException if the address cannot be bound
   * @throws IllegalArgumentException if the settings cannot be served (see {@link
   *     #start(ApiSettings, Tenants, Supplier)})
   */
  public static HttpApi start(
      ApiSettings settings,
      Tenants tenants,
      Supplier<Health> health,
      Meters meters,
      Placement placement,
      List<Mount> mounts)
      throws IOException {
    settings.check();
    Optional<Meters> own = meters == null ? Optional.of(Meters.create()) : Optional.empty();
    try {
      return start(settings, tenants, health, own.orElse(meters), placement, mounts, own);
    } catch (IOException | RuntimeException e) {
      own.ifPresent(Meters::close);
      throw e;
    }
  }

  private static HttpApi start(
      ApiSettings settings,
      Tenants tenants,
      Supplier<Health> health,
      Meters meters,
      Placement placement,
      List<Mount> mounts,
      Optional<Meters> own)
      throws IOException {
    // the keys of the configuration, and those tenants were added with through the admin API
    Credentials credentials = AddedKeys.at(settings.addedKeys()).addTo(settings.credentials());
    try {
      Keys.check(credentials);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          e.getMessage()
              + " (with the keys tenants were added with through the admin API, kept in "
              + settings.addedKeys().map(Path::toString).orElse("")
              + ")",
          e);
    }
    boolean open = credentials.isEmpty();
    Keys keys = new Keys(credentials, open);

    QueuedThreadPool threads = new QueuedThreadPool(64, 4);
    threads.setName("switchboard-http");
    threads.setDaemon(true);
    Server server = new Server(threads);
    server.setStopTimeout(0);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendXPoweredBy(false);
    ServerConnector connector;
    if (settings.tls().isPresent()) {
      TlsSettings tls = settings.tls().get();
      checkKeyStore(tls);
      SslContextFactory.Server ssl = new SslContextFactory.Server();
      ssl.setKeyStorePath(tls.keyStore().toString());
      ssl.setKeyStorePassword(tls.password());
      ssl.setKeyStoreType(tls.type());
      SecureRequestCustomizer secure = new SecureRequestCustomizer();
      // clients reach the service by address as often as by name
      secure.setSniHostCheck(false);
      http.addCustomizer(secure);
      connector =
          new ServerConnector(
              server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(http));
    } else {
      connector = new ServerConnector(server, new HttpConnectionFactory(http));
    }
    connector.setHost(settings.address().getHostString());
    connector.setPort(settings.address().getPort());
    server.addConnector(connector);
    server.setErrorHandler(new JsonErrors());

    EventHub hub = new EventHub();
    Endpoints endpoints =
        new Endpoints(settings, tenants, health, meters, keys, hub, threads, placement);
    WebSocketUpgradeHandler upgrades =
        WebSocketUpgradeHandler.from(
            server,
            container -> {
              container.setMaxTextMessageSize(MAX_BODY);
              container.setMaxBinaryMessageSize(MAX_BODY);
              container.setIdleTimeout(IDLE_TIMEOUT);
              endpoints.webSockets(container);
            });
    upgrades.setHandler(endpoints);
    server.setHandler(
        mounts.isEmpty()
            ? upgrades
            : new MountHandler(mounts, keys, endpoints.limiter(), upgrades));
    try {
      server.start();
    } catch (IOException e) {
      stopQuietly(server);
      throw e;
    } catch (Exception e) {
      stopQuietly(server);
      throw new IOException("cannot start the API: " + e.getMessage(), e);
    }
    if (upgrades.getServerWebSocketContainer() != null) {
      endpoints.webSockets(upgrades.getServerWebSocketContainer());
    }
    tenants.addListener(hub);
    ScheduledExecutorService pings =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "switchboard-websocket-ping");
              thread.setDaemon(true);
              return thread;
            });
    pings.scheduleAtFixedRate(
        () -> hub.sockets().forEach(EventSocket::ping),
        PING_EVERY.toSeconds(),
        PING_EVERY.toSeconds(),
        TimeUnit.SECONDS);
    HttpApi api = new HttpApi(server, connector, settings.tls().isPresent(), hub, pings, own);
    if (open) {
      LOG.warn(
          "the API at {} is open: no key is configured, so every client may act on every tenant;"
              + " it listens on a loopback address only",
          api.url());
    } else {
      LOG.info("the API at {} requires keys ({} configured)", api.url(), keys.size());
    }
    return api;
  }

  private static void checkKeyStore(TlsSettings tls) {
    if (!Files.isReadable(tls.keyStore())) {
      throw new IllegalArgumentException(
          "the TLS key store " + tls.keyStore() + " cannot be read (is the path right?)");
    }
    try (InputStream in = Files.newInputStream(tls.keyStore())) {
      KeyStore store = KeyStore.getInstance(tls.type());
      store.load(in, tls.password().toCharArray());
      if (store.size() == 0) {
        throw new IllegalArgumentException(
            "the TLS key store " + tls.keyStore() + " holds no key and certificate");
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "the TLS key store "
              + tls.keyStore()
              + " cannot be opened as "
              + tls.type()
              + ": "
              + e.getMessage()
              + " (check its password and type)",
          e);
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      LOG.debug("stopping a server that did not start", e);
    }
  }

  /** The bound address. */
  public InetSocketAddress address() {
    return new InetSocketAddress(connector.getHost(), connector.getLocalPort());
  }

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  public String url() {
    InetSocketAddress address = address();
    String host = address.getHostString();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return (secure ? "https" : "http") + "://" + host + ":" + address.getPort();
  }

  /** Open WebSocket connections, for tests. */
  int webSockets() {
    return hub.sockets().size();
  }

  @Override
  public void close() {
    pings.shutdownNow();
    hub.sockets().forEach(socket -> socket.close(1001, "the service is stopping"));
    try {
      server.stop();
    } catch (Exception e) {
      LOG.warn("stopping the API", e);
    }
    ownMeters.ifPresent(Meters::close);
  }

  /** Errors that Jetty answers itself (a malformed request...), as JSON like the API's own. */
  private static final class JsonErrors extends ErrorHandler {
    @Override
    protected void generateResponse(
        Request request,
        Response response,
        int code,
        String message,
        Throwable cause,
        Callback callback) {
      String text =
          Bodies.text(Bodies.error(code, message == null ? "HTTP status " + code : message)) + "\n";
      response.getHeaders().put("Content-Type", "application/json");
      response.write(
          true, ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
      fields.put("Content-Type", "application/json");
      String text =
          Bodies.text(Bodies.error(status, reason == null ? "bad request" : reason)) + "\n";
      return ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }
}
