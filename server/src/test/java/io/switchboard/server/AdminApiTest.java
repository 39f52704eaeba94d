package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.DNType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Tenants and DNs changed while the service runs, and the configuration reloaded. */
class AdminApiTest {
  private final AtomicReference<Configuration> file = new AtomicReference<>();
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        new TestServer(
            s ->
                s.withReload(
                    () -> {
                      Configuration configuration = file.get();
                      if (configuration == null) {
                        throw new IllegalArgumentException("tenants.yaml: line 3: bad indent");
                      }
                      return configuration;
                    }));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aTenantAddedAtRunTimeServesItsClientsAndCanBeRemoved() {
    Client.Answer added =
        server.admin.post(
            "/v1/admin/tenants",
            "{\"tenant\": \"initech\", \"directory\": [{\"dn\": \"3001\", \"type\": \"Extension\"},"
                + " {\"dn\": \"3002\", \"type\": \"Extension\"}], \"userDataLimit\": 20000,"
                + " \"apiKeys\": [\"initech-key-0123456789\"]}");
    assertThat(added.status()).isEqualTo(201);
    Client initech = new Client(server.api.url(), "initech-key-0123456789");
    assertThat(
            initech
                .step(
                    "initech",
                    "{\"RequestMakeCall\": {\"ThisDN\": \"3001\", \"OtherDN\": \"3002\"}}")
                .status())
        .isEqualTo(200);
    assertThat(initech.get("/v1/tenants/initech").body().get("userDataLimit").asInt())
        .isEqualTo(20_000);
    assertThat(initech.get("/v1/tenants/acme").status()).isEqualTo(403);

    Client.Answer again = server.admin.post("/v1/admin/tenants", "{\"tenant\": \"initech\"}");
    assertThat(again.status()).isEqualTo(409);
    Client.Answer busy = server.admin.delete("/v1/admin/tenants/initech");
    assertThat(busy.status()).isEqualTo(409);
    assertThat(busy.error()).contains("calls in progress");

    String connId = initech.get("/v1/tenants/initech/calls").body().at("/calls/0/ConnID").asText();
    initech.step(
        "initech",
        "{\"RequestReleaseCall\": {\"ThisDN\": \"3001\", \"ConnID\": \"" + connId + "\"}}");
    assertThat(server.admin.delete("/v1/admin/tenants/initech").status()).isEqualTo(200);
    assertThat(server.tenants.ids()).doesNotContain("initech");
    // its key went with it
    assertThat(initech.get("/v1/tenants").status()).isEqualTo(401);
    assertThat(server.admin.delete("/v1/admin/tenants/initech").status()).isEqualTo(404);
  }

  @Test
  void badTenantsAreRefusedWithTheReason() {
    assertThat(server.admin.post("/v1/admin/tenants", "{\"tenant\": \"bad id!\"}").error())
        .contains("is not valid");
    assertThat(server.admin.post("/v1/admin/tenants", "{\"tenant\": \"x\", \"dns\": []}").error())
        .contains("no key 'dns'");
    assertThat(
            server
                .admin
                .post(
                    "/v1/admin/tenants",
                    "{\"tenant\": \"x\", \"directory\": [{\"dn\": \"1\", \"type\": \"Phone\"}]}")
                .error())
        .contains("needs 'type', one of [");
    assertThat(
            server
                .admin
                .post("/v1/admin/tenants", "{\"tenant\": \"x\", \"userDataLimit\": 70000}")
                .error())
        .contains("1 to 65535");
    assertThat(
            server
                .admin
                .post(
                    "/v1/admin/tenants",
                    "{\"tenant\": \"x\", \"apiKeys\": [\"" + TestServer.ACME_KEY + "\"]}")
                .error())
        .contains("the same key is given to tenant 'acme' and to tenant 'x'");
    assertThat(server.tenants.ids()).containsExactly("acme", "globex");
  }

  @Test
  void dnsAreAddedAndRemovedWhileTheTenantRuns() {
    Client.Answer added =
        server.admin.post(
            "/v1/admin/tenants/acme/dns", "{\"dn\": \"5009\", \"type\": \"Extension\"}");
    assertThat(added.status()).isEqualTo(201);
    assertThat(
            server
                .acme
                .step(
                    "acme", "{\"RequestMakeCall\": {\"ThisDN\": \"5009\", \"OtherDN\": \"5001\"}}")
                .status())
        .isEqualTo(200);
    assertThat(
            server
                .admin
                .post("/v1/admin/tenants/acme/dns", "{\"dn\": \"5009\", \"type\": \"Extension\"}")
                .status())
        .isEqualTo(409);
    Client.Answer inUse = server.admin.delete("/v1/admin/tenants/acme/dns/5009");
    assertThat(inUse.status()).isEqualTo(409);
    assertThat(inUse.error()).contains("in use");
    assertThat(server.admin.delete("/v1/admin/tenants/acme/dns/5003").status()).isEqualTo(200);
    assertThat(server.acme.get("/v1/tenants/acme/dns/5003").status()).isEqualTo(404);
    assertThat(server.admin.delete("/v1/admin/tenants/acme/dns/5003").status()).isEqualTo(404);
    assertThat(server.admin.post("/v1/admin/tenants/acme/dns", "{\"dn\": 5}").error())
        .contains("needs 'dn'");
    assertThat(server.violations("acme")).isEmpty();
  }

  @Test
  void aReloadAppliesTheDifferenceAndListsWhatItCouldNot() {
    Client.Answer invalid = server.admin.post("/v1/admin/reload", "");
    assertThat(invalid.status()).isEqualTo(422);
    assertThat(invalid.error()).contains("bad indent").contains("nothing changed");

    server.acme.step(
        "acme", "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    file.set(
        new Configuration(
            List.of(
                TenantConfig.of(
                    "acme",
                    List.of(
                        new DirectoryEntry("5002", DNType.Extension),
                        new DirectoryEntry("5004", DNType.Extension))),
                TenantConfig.of("initech", List.of(new DirectoryEntry("3001", DNType.Extension)))),
            new Credentials(
                List.of(TestServer.ADMIN_KEY),
                Map.of("acme", List.of("acme-new-key-0123456789")))));
    Client.Answer reloaded = server.admin.post("/v1/admin/reload", "");
    assertThat(reloaded.status()).isEqualTo(200);
    assertThat(reloaded.body().get("applied").toString())
        .contains("tenant globex removed")
        .contains("tenant initech added")
        .contains("tenant acme: DN 5003 removed")
        .contains("tenant acme: DN 7001 removed")
        .contains("tenant acme: DN 5004 added");
    assertThat(reloaded.body().get("notApplied").toString())
        .contains("tenant acme: DN 5001 kept: DN 5001 is in use");
    assertThat(server.tenants.ids()).containsExactly("acme", "initech");
    assertThat(server.acme.get("/v1/tenants").status()).isEqualTo(401);
    assertThat(
            new Client(server.api.url(), "acme-new-key-0123456789")
                .get("/v1/tenants/acme/dns")
                .body()
                .get("dns"))
        .hasSize(3);

    file.set(new Configuration(List.of(), new Credentials(List.of(), Map.of())));
    assertThat(server.admin.post("/v1/admin/reload", "").error()).contains("locked out");
  }

  @Test
  void withoutAConfigurationFileThereIsNothingToReload() throws Exception {
    server.close();
    server = new TestServer();
    Client.Answer answer = server.admin.post("/v1/admin/reload", "");
    assertThat(answer.status()).isEqualTo(409);
    assertThat(answer.error()).contains("started without a configuration file");
  }
}
