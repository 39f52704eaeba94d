package io.switchboard.server;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A real API on a random loopback port over two tenants, {@code acme} and {@code globex}, each with
 * Extensions, an ACD queue and a key (acme also a network key), and a recording sink.
 */
final class TestServer implements AutoCloseable {
  static final String ACME_KEY = "acme-key-0123456789abcdef";
  static final String GLOBEX_KEY = "globex-key-0123456789abcdef";
  static final String ADMIN_KEY = "admin-key-0123456789abcdef";
  static final String ACME_NETWORK_KEY = "acme-switch-key-0123456789abcdef";

  final List<Event> published = new CopyOnWriteArrayList<>();

  /** What GET /metrics serves: the API adds its own figures; a test may add the wiring's. */
  final Meters meters = Meters.create();

  /** What GET /health and GET /health/ready report. */
  volatile Health health = new Health(true, Map.of("kafka", "test"));

  final Tenants tenants;
  final HttpApi api;
  final Client acme;
  final Client globex;
  final Client admin;

  /** The switch side of acme: its network key, which posts stimuli. */
  final Client acmeNetwork;

  final Client anonymous;

  TestServer() throws Exception {
    this(settings -> settings);
  }

  TestServer(UnaryOperator<ApiSettings> customize) throws Exception {
    EventSink sink =
        (tenant, events) -> {
          published.addAll(events);
          return CompletableFuture.completedFuture(null);
        };
    tenants =
        new Tenants(
            List.of(tenant("acme", "5001", "5002", "5003"), tenant("globex", "6001", "6002")),
            Clock.systemUTC(),
            tenant -> IdSource.sequential(1),
            sink);
    ApiSettings settings =
        customize.apply(
            ApiSettings.open(new InetSocketAddress("127.0.0.1", 0))
                .withCredentials(
                    new Credentials(
                        List.of(ADMIN_KEY),
                        Map.of("acme", List.of(ACME_KEY), "globex", List.of(GLOBEX_KEY)),
                        Map.of("acme", List.of(ACME_NETWORK_KEY))))
                .withRateLimit(new RateLimit(100_000, 100_000)));
    api = HttpApi.start(settings, tenants, () -> health, meters);
    acme = new Client(api.url(), ACME_KEY);
    globex = new Client(api.url(), GLOBEX_KEY);
    admin = new Client(api.url(), ADMIN_KEY);
    acmeNetwork = new Client(api.url(), ACME_NETWORK_KEY);
    anonymous = new Client(api.url(), "");
  }

  static TenantConfig tenant(String id, String... extensions) {
    List<DirectoryEntry> directory = new ArrayList<>();
    for (String extension : extensions) {
      directory.add(new DirectoryEntry(extension, DNType.Extension));
    }
    directory.add(new DirectoryEntry(id.equals("acme") ? "7001" : "7101", DNType.ACDQueue));
    return TenantConfig.of(id, directory);
  }

  /** {@code tenant}'s state digest, taken under its lock. */
  String digest(String tenant) {
    AtomicReference<String> digest = new AtomicReference<>();
    tenants.reconfigure(tenant, engine -> digest.set(engine.stateDigest()));
    return digest.get();
  }

  /** {@code tenant}'s invariant violations, taken under its lock. */
  List<String> violations(String tenant) {
    AtomicReference<List<String>> violations = new AtomicReference<>();
    tenants.reconfigure(tenant, engine -> violations.set(engine.invariantViolations()));
    return violations.get();
  }

  @Override
  public void close() {
    api.close();
    meters.close();
  }
}
