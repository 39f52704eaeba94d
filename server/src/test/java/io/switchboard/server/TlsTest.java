package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS with a key store, as {@code http.tls} configures it. */
class TlsTest {
  private static final String PASSWORD = "changeit";
  @TempDir static Path dir;
  private static Path keyStore;

  @BeforeAll
  static void makeKeyStore() throws Exception {
    keyStore = dir.resolve("server.p12");
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
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
  }

  private static SSLContext trusting() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    Certificate certificate = store.getCertificate("switchboard");
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    trust.setCertificateEntry("switchboard", certificate);
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, factory.getTrustManagers(), null);
    return context;
  }

  @Test
  void theApiServesHttpsWithTheConfiguredKeyStore() throws Exception {
    try (TestServer server = new TestServer(s -> s.withTls(new TlsSettings(keyStore, PASSWORD)))) {
      assertThat(server.api.url()).startsWith("https://");
      // a client of its own: it trusts the test's certificate
      HttpClient client =
          HttpClient.newBuilder().sslContext(trusting()).connectTimeout(Client.PATIENCE).build();
      HttpResponse<String> response =
          client.send(
              Client.request(server.api.url() + "/v1/tenants/acme/steps")
                  .header("Authorization", "Bearer " + TestServer.ACME_KEY)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"RequestSetDNDOn\": {\"ThisDN\": \"5001\"}}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("EventDNDOn");
    }
  }

  @Test
  void aKeyStoreThatCannotBeUsedIsReported() {
    assertThatThrownBy(
            () ->
                new TestServer(s -> s.withTls(new TlsSettings(dir.resolve("none.p12"), PASSWORD))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("none.p12 cannot be read");
    assertThatThrownBy(() -> new TestServer(s -> s.withTls(new TlsSettings(keyStore, "wrong"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the TLS key store")
        .hasMessageContaining("password");
  }
}
