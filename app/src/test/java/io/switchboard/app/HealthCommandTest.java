package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code switchboard health}, the container image's health check, against a stand-in service that
 * answers what it is told to: its exit status, what it prints, and where it finds the service.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HealthCommandTest {
  @TempDir Path dir;

  private final List<String> asked = new CopyOnWriteArrayList<>();
  private HttpServer server;

  @AfterEach
  void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  /** A stand-in service on a free loopback port: /health/ready and /health/live answer these. */
  private int serve(HttpServer created, int ready, int live) {
    server = created;
    server.createContext(
        "/health/",
        exchange -> {
          asked.add(exchange.getRequestURI().getPath());
          boolean isReady = exchange.getRequestURI().getPath().equals("/health/ready");
          int status = isReady ? ready : live;
          byte[] body =
              (status == 200 ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\",\"notReady\":[\"x\"]}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server.getAddress().getPort();
  }

  private int serve(int ready, int live) throws IOException {
    return serve(
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
        ready,
        live);
  }

  private static Cli health(Map<String, String> environment, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine(environment::get);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 1];
    all[0] = "health";
    System.arraycopy(args, 0, all, 1, args.length);
    return new Cli(commandLine.execute(all), out.toString(), err.toString());
  }

  @Test
  void aReadyServiceIsStatus0() throws IOException {
    int port = serve(200, 200);
    Cli cli = health(Map.of(), "--http-port", "" + port);
    assertThat(cli.status()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out())
        .startsWith("ready: http://127.0.0.1:" + port + "/health/ready answered 200");
    assertThat(asked).containsExactly("/health/ready");
  }

  @Test
  void aServiceThatIsNotReadyIsStatus1AndItsReasonsArePrinted() throws IOException {
    int port = serve(503, 200);
    Cli cli = health(Map.of(), "--http-port", "" + port);
    assertThat(cli.status()).isEqualTo(1);
    assertThat(cli.out()).startsWith("not ready: ").contains("answered 503").contains("notReady");
  }

  @Test
  void liveAsksTheLivenessProbe() throws IOException {
    int port = serve(503, 200);
    Cli cli = health(Map.of(), "--live", "--http-port", "" + port);
    assertThat(cli.status()).as(cli.out()).isZero();
    assertThat(asked).containsExactly("/health/live");
  }

  @Test
  void noServiceIsStatus1() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    Cli cli = health(Map.of(), "--http-port", "" + port);
    assertThat(cli.status()).isEqualTo(1);
    assertThat(cli.out()).startsWith("not ready: ").contains("cannot be reached");
  }

  @Test
  void theServiceIsFoundWhereTheVariablesOfRunPutIt() throws IOException {
    int port = serve(200, 200);
    // the container image's variables: the API on every address, so it is asked on the loopback one
    Cli cli =
        health(Map.of("SWITCHBOARD_HTTP_HOST", "0.0.0.0", "SWITCHBOARD_HTTP_PORT", "" + port));
    assertThat(cli.status()).as(cli.out()).isZero();
    assertThat(cli.out()).contains("http://127.0.0.1:" + port + "/");
  }

  @Test
  void theServiceIsFoundWhereItsConfigurationFilePutsIt() throws IOException {
    int port = serve(200, 200);
    Path file =
        Files.writeString(
            dir.resolve("switchboard.yaml"), "http:\n  host: 0.0.0.0\n  port: " + port + "\n");
    Cli cli = health(Map.of("SWITCHBOARD_CONFIG", file.toString()));
    assertThat(cli.status()).as(cli.out()).isZero();
  }

  @Test
  void withTlsTheServiceIsAskedOverHttpsTrustingItsOwnCertificate() throws Exception {
    String password = "changeit";
    Path keyStore = dir.resolve("server.p12");
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    Process process =
        new ProcessBuilder(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                "switchboard",
                "-keyalg",
                "EC",
                "-dname",
                "CN=switchboard.example",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                password)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("keytool finished").isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, password.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, password.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    HttpsServer https =
        HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    https.setHttpsConfigurator(new HttpsConfigurator(tls));
    int port = serve(https, 200, 200);

    Path file =
        Files.writeString(
            dir.resolve("switchboard.yaml"),
            "http:\n  port: %d\n  tls: {keyStore: %s, password: %s}\n"
                .formatted(port, keyStore, password));
    Cli cli = health(Map.of(), "--config", file.toString());
    assertThat(cli.status()).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).startsWith("ready: https://127.0.0.1:" + port + "/health/ready");
  }
}
