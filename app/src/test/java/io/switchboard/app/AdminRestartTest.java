package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.TenantView;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.model.DNType;
import io.switchboard.server.ApiSettings;
import io.switchboard.server.Configuration;
import io.switchboard.server.Credentials;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants, DNs and agents changed through the admin API survive a restart of the service on the
 * same data directory; the configuration file's changes since it was last applied (at start or by a
 * reload) go on top.
 */
class AdminRestartTest {
  @TempDir Path dir;

  static DirectoryEntry ext(String dn) {
    return new DirectoryEntry(dn, DNType.Extension);
  }

  final AtomicReference<List<TenantConfig>> file =
      new AtomicReference<>(List.of(TenantConfig.of("demo", List.of(ext("5001"), ext("5002")))));

  Service start() {
    return start(Credentials.none());
  }

  Service start(Credentials credentials) {
    TopicNames topics = new TopicNames("admin-restart-agentstate", "admin-restart-callthread");
    ApiSettings http =
        ApiSettings.open(new InetSocketAddress("127.0.0.1", 0))
            .withCredentials(credentials)
            .withReload(() -> new Configuration(file.get(), credentials));
    return Service.start(
        new Service.Settings(
            file.get(),
            Optional.of(SharedKafka.bootstrapServers()),
            dir,
            0,
            Map.of(),
            topics,
            1,
            Optional.empty(),
            http));
  }

  static List<String> dns(Service service, String tenant) {
    return service.tenants().view(tenant).dns().stream().map(TenantView.DnView::dn).toList();
  }

  static void send(Service service, String path, String body, int status) throws Exception {
    HttpResponse<String> answer = TestHttp.post(service.httpUrl() + path, body);
    assertThat(answer.statusCode()).as(path + " " + answer.body()).isEqualTo(status);
  }

  @Test
  void adminChangesSurviveARestartAndTheFilesLaterChangesGoOnTop() throws Exception {
    try (Service service = start()) {
      send(
          service,
          "/v1/admin/tenants",
          "{\"tenant\": \"acme\", \"directory\": [{\"dn\": \"6001\", \"type\": \"Extension\"}],"
              + " \"agents\": [\"1001\"]}",
          201);
      send(
          service,
          "/v1/admin/tenants/demo/dns",
          "{\"dn\": \"5009\", \"type\": \"Extension\"}",
          201);
      send(service, "/v1/admin/tenants/acme/agents", "{\"agentId\": \"1002\"}", 201);
    }
    try (Service service = start()) {
      assertThat(service.tenants().ids()).containsExactly("acme", "demo");
      assertThat(dns(service, "demo")).containsExactlyInAnyOrder("5001", "5002", "5009");
      assertThat(dns(service, "acme")).containsExactly("6001");
      assertThat(service.tenants().inspect("acme", TenantEngine::config).agents().ids())
          .contains(new java.util.TreeSet<>(List.of("1001", "1002")));
      // the file changes while the service runs, and is reloaded: it is applied whole
      file.set(List.of(TenantConfig.of("demo", List.of(ext("5001"), ext("5003")))));
      send(service, "/v1/admin/reload", "", 200);
      assertThat(service.tenants().ids()).containsExactly("demo");
      // then the admin API adds a tenant and a DN again, and removes one the reload added
      send(service, "/v1/admin/tenants", "{\"tenant\": \"initech\"}", 201);
      HttpResponse<String> removed =
          TestHttp.send(
              TestHttp.request(service.httpUrl() + "/v1/admin/tenants/demo/dns/5003")
                  .DELETE()
                  .build());
      assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
      send(
          service,
          "/v1/admin/tenants/demo/dns",
          "{\"dn\": \"5008\", \"type\": \"Extension\"}",
          201);
    }
    // the same file: the reload's result and the admin API's changes since stand
    try (Service service = start()) {
      assertThat(service.tenants().ids()).containsExactly("demo", "initech");
      assertThat(dns(service, "demo")).containsExactlyInAnyOrder("5001", "5008");
    }
    // the file changed while the service was down: its change goes on top
    file.set(List.of(TenantConfig.of("demo", List.of(ext("5001"), ext("5003"), ext("5004")))));
    try (Service service = start()) {
      assertThat(service.tenants().ids()).containsExactly("demo", "initech");
      assertThat(dns(service, "demo")).containsExactlyInAnyOrder("5001", "5004", "5008");
    }
  }

  static final String ADMIN = "admin-key-for-restarts-0001";
  static final String ACME = "acme-key-for-restarts-0001";

  static HttpResponse<String> get(Service service, String path, String key) throws Exception {
    return TestHttp.send(
        TestHttp.request(service.httpUrl() + path)
            .header("Authorization", "Bearer " + key)
            .GET()
            .build());
  }

  @Test
  void theKeysATenantWasAddedWithSurviveARestartAsDigests() throws Exception {
    Credentials admin = new Credentials(List.of(ADMIN), Map.of());
    try (Service service = start(admin)) {
      HttpResponse<String> added =
          TestHttp.send(
              TestHttp.request(service.httpUrl() + "/v1/admin/tenants")
                  .header("Authorization", "Bearer " + ADMIN)
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"tenant\": \"acme\", \"apiKeys\": [\"" + ACME + "\"]}"))
                  .build());
      assertThat(added.statusCode()).as(added.body()).isEqualTo(201);
    }
    String kept = Files.readString(dir.resolve("journal").resolve(Service.ADDED_KEYS));
    assertThat(kept).doesNotContain(ACME).contains("sha256:" + sha256(ACME));
    try (Service service = start(admin)) {
      HttpResponse<String> acme = get(service, "/v1/tenants", ACME);
      assertThat(acme.statusCode()).as(acme.body()).isEqualTo(200);
      assertThat(acme.body()).contains("acme").doesNotContain("demo");
      HttpResponse<String> removed =
          TestHttp.send(
              TestHttp.request(service.httpUrl() + "/v1/admin/tenants/acme")
                  .header("Authorization", "Bearer " + ADMIN)
                  .DELETE()
                  .build());
      assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
    }
    try (Service service = start(admin)) {
      assertThat(get(service, "/v1/tenants", ACME).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void anApiClosedByAKeyAddedAtRunTimeStaysClosedAfterARestart() throws Exception {
    try (Service service = start()) {
      send(
          service,
          "/v1/admin/tenants",
          "{\"tenant\": \"acme\", \"apiKeys\": [\"" + ACME + "\"]}",
          201);
      assertThat(TestHttp.get(service.httpUrl() + "/v1/tenants").statusCode()).isEqualTo(401);
    }
    try (Service service = start()) {
      assertThat(TestHttp.get(service.httpUrl() + "/v1/tenants").statusCode()).isEqualTo(401);
      assertThat(get(service, "/v1/tenants", ACME).statusCode()).isEqualTo(200);
    }
  }

  private static String sha256(String key) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }
}
