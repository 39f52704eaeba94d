package io.switchboard.server;

import io.switchboard.engine.TenantConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the API is served.
 *
 * @param address the address to bind (port 0 picks a free one); without credentials, a loopback
 *     address only
 * @param credentials who may use the API
 * @param tls HTTPS instead of HTTP, when present
 * @param rateLimit requests per client
 * @param webSocket bounds per WebSocket client
 * @param server the {@code Server} attribute of the tenants the admin API adds
 * @param reload reads the configuration again for {@code POST /v1/admin/reload}, and hears what it
 *     applied. Empty when the service was started without a configuration file.
 */
public record ApiSettings(
    InetSocketAddress address,
    Credentials credentials,
    Optional<TlsSettings> tls,
    RateLimit rateLimit,
    WebSocketLimits webSocket,
    String server,
    Optional<ConfigurationSource> reload,
    Optional<Path> addedKeys) {

  public ApiSettings {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(tls, "tls");
    Objects.requireNonNull(rateLimit, "rateLimit");
    Objects.requireNonNull(webSocket, "webSocket");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(reload, "reload");
    Objects.requireNonNull(addedKeys, "addedKeys");
  }

  /**
   * Checks that these settings can be served: an API without credentials only on a loopback
   * address, and well-formed keys, none given twice.
   *
   * @throws IllegalArgumentException saying what to change
   */
  public void check() {
    if (credentials.isEmpty()) {
      InetAddress resolved = address.getAddress();
      if (resolved == null || !resolved.isLoopbackAddress()) {
        throw new IllegalArgumentException(
            "refusing to serve the API on "
                + address.getHostString()
                + " without credentials: anyone who can reach it could act on every tenant."
                + " Configure an admin key or tenants' API keys (docs/api.md), or bind a loopback"
                + " address such as 127.0.0.1");
      }
    }
    Keys.check(credentials);
  }

  /** An open API (no credentials) on {@code address}, with the default limits. */
  public static ApiSettings open(InetSocketAddress address) {
    return new ApiSettings(
        address,
        Credentials.none(),
        Optional.empty(),
        RateLimit.DEFAULT,
        WebSocketLimits.DEFAULT,
        TenantConfig.DEFAULT_SERVER,
        Optional.empty(),
        Optional.empty());
  }

  public ApiSettings withCredentials(Credentials credentials) {
    return new ApiSettings(
        address, credentials, tls, rateLimit, webSocket, server, reload, addedKeys);
  }

  public ApiSettings withTls(TlsSettings tls) {
    return new ApiSettings(
        address, credentials, Optional.of(tls), rateLimit, webSocket, server, reload, addedKeys);
  }

  public ApiSettings withRateLimit(RateLimit rateLimit) {
    return new ApiSettings(
        address, credentials, tls, rateLimit, webSocket, server, reload, addedKeys);
  }

  public ApiSettings withWebSocket(WebSocketLimits webSocket) {
    return new ApiSettings(
        address, credentials, tls, rateLimit, webSocket, server, reload, addedKeys);
  }

  public ApiSettings withServer(String server) {
    return new ApiSettings(
        address, credentials, tls, rateLimit, webSocket, server, reload, addedKeys);
  }

  public ApiSettings withReload(ConfigurationSource reload) {
    return new ApiSettings(
        address, credentials, tls, rateLimit, webSocket, server, Optional.of(reload), addedKeys);
  }

  /** Keeps the keys of tenants added through the admin API in {@code file} across restarts. */
  public ApiSettings withAddedKeys(Path file) {
    return new ApiSettings(
        address, credentials, tls, rateLimit, webSocket, server, reload, Optional.of(file));
  }
}
