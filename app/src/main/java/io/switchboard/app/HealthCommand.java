package io.switchboard.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard health}: asks a service running on this machine whether it is ready ({@code
 * GET /health/ready}) or live ({@code --live}, {@code GET /health/live}) and exits 0 when it
 * answers 200, 1 otherwise, with one line saying what it found. It is the container image's health
 * check, which has no shell nor curl to run: it reads the same options, variables and configuration
 * file as {@code run}, so it finds the service where {@code run} put it.
 */
@Command(
    name = "health",
    mixinStandardHelpOptions = true,
    description = {
      "Asks the service on this machine whether it is ready: exits 0 if so, 1 if not.",
      "GET /health/ready, or /health/live with --live; the service is found by the options,",
      "SWITCHBOARD_ variables and configuration file that 'run' reads."
    })
final class HealthCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "The service's configuration file: its http.host, http.port and http.tls.")
  Path config;

  @Option(
      names = "--http-port",
      paramLabel = "PORT",
      description = "The service's HTTP port (default: 8080).")
  Integer httpPort;

  @Option(
      names = "--http-host",
      paramLabel = "HOST",
      description =
          "The address the service binds (default: 127.0.0.1); a wildcard address (0.0.0.0, ::)"
              + " is asked on the loopback address.")
  String httpHost;

  @Option(names = "--live", description = "Ask whether it is live rather than ready.")
  boolean live;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "5",
      description = "How long the service has to answer (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    ServiceConfig file = config == null ? ServiceConfig.empty() : ServiceConfig.read(config);
    String host = Optional.ofNullable(httpHost).or(() -> file.text("/http/host")).orElse("");
    int port = Optional.ofNullable(httpPort).or(() -> file.integer("/http/port")).orElse(8080);
    Optional<String> keyStore = file.text("/http/tls/keyStore");
    String path = live ? "/health/live" : "/health/ready";
    URI uri =
        URI.create(
            (keyStore.isPresent() ? "https://" : "http://") + hostToAsk(host) + ":" + port + path);
    PrintWriter out = spec.commandLine().getOut();
    String what = live ? "live" : "ready";
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      if (connection instanceof HttpsURLConnection https) {
        https.setSSLSocketFactory(
            trusting(
                    Path.of(keyStore.get()),
                    file.text("/http/tls/password").orElse(""),
                    file.text("/http/tls/type").orElse("PKCS12"))
                .getSocketFactory());
        // only the service's own certificate is trusted: it need not name the loopback address
        https.setHostnameVerifier((name, session) -> true);
      }
      connection.setConnectTimeout(timeoutSeconds * 1000);
      connection.setReadTimeout(timeoutSeconds * 1000);
      int status = connection.getResponseCode();
      String body = body(connection, status);
      connection.disconnect();
      if (status == 200) {
        out.println(what + ": " + uri + " answered " + status + " " + body);
        out.flush();
        return 0;
      }
      out.println("not " + what + ": " + uri + " answered " + status + " " + body);
      out.flush();
      return 1;
    } catch (IOException | GeneralSecurityException e) {
      out.println("not " + what + ": " + uri + " cannot be reached: " + e);
      out.flush();
      return 1;
    }
  }

  /** The address to connect to for a service that binds {@code host}. */
  static String hostToAsk(String host) {
    if (host.isEmpty()) {
      return "127.0.0.1";
    }
    try {
      InetAddress address = InetAddress.getByName(host);
      if (address.isAnyLocalAddress()) {
        return "127.0.0.1";
      }
    } catch (UnknownHostException e) {
      // a name this machine cannot resolve: the connection attempt says so
    }
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static String body(HttpURLConnection connection, int status) throws IOException {
    InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
    if (stream == null) {
      return "";
    }
    try (stream) {
      return new String(stream.readNBytes(4096), StandardCharsets.UTF_8).strip();
    }
  }

  /** TLS that trusts the certificates of the service's own key store, and those only. */
  private static SSLContext trusting(Path keyStore, String password, String type)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(type);
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, password.toCharArray());
    }
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    for (String alias : java.util.Collections.list(store.aliases())) {
      if (store.getCertificate(alias) != null) {
        trusted.setCertificateEntry(alias, store.getCertificate(alias));
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }
}
