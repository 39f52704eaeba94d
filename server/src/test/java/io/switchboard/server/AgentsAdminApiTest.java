package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.TenantConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A tenant's configured agents, read and changed through the admin API while it runs. */
class AgentsAdminApiTest {
  private static final String AGENTS = "/v1/admin/tenants/acme/agents";

  private final AtomicReference<Configuration> file = new AtomicReference<>();
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer(s -> s.withReload(file::get));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String login(String dn, String agent) {
    return "{\"RequestAgentLogin\": {\"ThisDN\": \""
        + dn
        + "\", \"AgentID\": \""
        + agent
        + "\", \"AgentWorkMode\": \"AutoIn\"}}";
  }

  @Test
  void aTenantAcceptsAnyAgentUntilItIsGivenAList() {
    Client.Answer any = server.admin.get(AGENTS);
    assertThat(any.status()).isEqualTo(200);
    assertThat(any.body().toString()).isEqualTo("{\"tenant\":\"acme\",\"agents\":\"any\"}");
    Client.Answer noList = server.admin.post(AGENTS, "{\"agentId\": \"1001\"}");
    assertThat(noList.status()).isEqualTo(409);
    assertThat(noList.error())
        .contains("tenant acme accepts any AgentID")
        .contains("set the tenant's agents to a list");

    Client.Answer set = server.admin.put(AGENTS, "{\"agents\": [\"1002\", \"1001\"]}");
    assertThat(set.status()).isEqualTo(200);
    assertThat(set.body().get("agents").toString()).isEqualTo("[\"1001\",\"1002\"]");
    assertThat(server.admin.get(AGENTS).body().get("agents").toString())
        .isEqualTo("[\"1001\",\"1002\"]");
  }

  @Test
  void aLoginThatIsNotConfiguredIsRejectedWith115() {
    server.admin.put(AGENTS, "{\"agents\": [\"1001\"]}");
    String before = server.digest("acme");
    Client.Answer unknown = server.acme.step("acme", login("5001", "9999"));
    assertThat(unknown.status()).isEqualTo(422);
    assertThat(unknown.body().get("ErrorCode").asInt()).isEqualTo(115);
    assertThat(unknown.body().get("ErrorMessage").asText())
        .isEqualTo(
            "RequestAgentLogin rejected: agent 9999 is not configured for tenant acme; add it to"
                + " the tenant's agents");
    assertThat(unknown.body().at("/events/0/value/id").asText()).isEqualTo("EventError");
    assertThat(server.digest("acme")).isEqualTo(before);
    assertThat(server.acme.step("acme", login("5001", "1001")).status()).isEqualTo(200);
    // another tenant's agents are its own business: globex still accepts any AgentID
    assertThat(server.globex.step("globex", login("6001", "9999")).status()).isEqualTo(200);
  }

  @Test
  void agentsAreAddedAndRemoved() {
    server.admin.put(AGENTS, "{\"agents\": [\"1001\", \"1002\"]}");
    Client.Answer added = server.admin.post(AGENTS, "{\"agentId\": \"1003\"}");
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.body().toString()).isEqualTo("{\"tenant\":\"acme\",\"added\":\"1003\"}");
    assertThat(server.acme.step("acme", login("5003", "1003")).status()).isEqualTo(200);
    Client.Answer twice = server.admin.post(AGENTS, "{\"agentId\": \"1003\"}");
    assertThat(twice.status()).isEqualTo(409);
    assertThat(twice.error()).contains("agent 1003 is already in the agents of tenant acme");

    Client.Answer loggedIn = server.admin.delete(AGENTS + "/1003");
    assertThat(loggedIn.status()).isEqualTo(409);
    assertThat(loggedIn.error()).isEqualTo("agent 1003 is logged in on DN 5003; log it out first");
    Client.Answer notListed = server.admin.delete(AGENTS + "/9999");
    assertThat(notListed.status()).isEqualTo(404);
    assertThat(notListed.error()).contains("agent 9999 is not in the agents of tenant acme");
    Client.Answer removed = server.admin.delete(AGENTS + "/1002");
    assertThat(removed.status()).isEqualTo(200);
    assertThat(removed.body().toString()).isEqualTo("{\"tenant\":\"acme\",\"removed\":\"1002\"}");
    assertThat(server.acme.step("acme", login("5002", "1002")).body().get("ErrorCode").asInt())
        .isEqualTo(115);
    assertThat(server.admin.get(AGENTS).body().get("agents").toString())
        .isEqualTo("[\"1001\",\"1003\"]");
    assertThat(server.violations("acme")).isEmpty();
  }

  @Test
  void aListMustKeepTheAgentsLoggedInAndAnyIsAlwaysPossible() {
    server.acme.step("acme", login("5001", "1001"));
    Client.Answer orphan = server.admin.put(AGENTS, "{\"agents\": [\"1002\"]}");
    assertThat(orphan.status()).isEqualTo(409);
    assertThat(orphan.error())
        .contains("agent 1001 (on DN 5001) is logged in on tenant acme and not in the new list");
    assertThat(server.admin.get(AGENTS).body().get("agents").asText()).isEqualTo("any");
    assertThat(server.admin.put(AGENTS, "{\"agents\": [\"1001\"]}").status()).isEqualTo(200);
    Client.Answer any = server.admin.put(AGENTS, "{\"agents\": \"any\"}");
    assertThat(any.status()).isEqualTo(200);
    assertThat(any.body().get("agents").asText()).isEqualTo("any");
    assertThat(server.acme.step("acme", login("5002", "whoever")).status()).isEqualTo(200);
    // an empty list lets no one log in; agents as objects are taken too
    server.acme.step("acme", "{\"RequestAgentLogout\": {\"ThisDN\": \"5001\"}}");
    server.acme.step("acme", "{\"RequestAgentLogout\": {\"ThisDN\": \"5002\"}}");
    assertThat(server.admin.put(AGENTS, "{\"agents\": []}").status()).isEqualTo(200);
    assertThat(server.acme.step("acme", login("5001", "1001")).status()).isEqualTo(422);
    assertThat(server.admin.put(AGENTS, "{\"agents\": [{\"agentId\": \"1001\"}]}").status())
        .isEqualTo(200);
    assertThat(server.acme.step("acme", login("5001", "1001")).status()).isEqualTo(200);
  }

  @Test
  void badBodiesAndUnknownTenantsAreRefused() {
    server.admin.put(AGENTS, "{\"agents\": [\"1001\"]}");
    assertThat(server.admin.post(AGENTS, "{\"agentId\": 1002}").error())
        .contains("an AgentID is a string");
    assertThat(server.admin.post(AGENTS, "{\"agentId\": \" \"}").error())
        .contains("must not be blank");
    assertThat(server.admin.post(AGENTS, "{\"agentId\": \"10\\u000102\"}").error())
        .contains("control character");
    assertThat(server.admin.post(AGENTS, "{\"agent\": \"1002\"}").error())
        .contains("{\"agentId\": \"1001\"}");
    assertThat(server.admin.post(AGENTS, "{\"agentId\": \"" + "x".repeat(256) + "\"}").status())
        .isEqualTo(400);
    Client.Answer twice = server.admin.put(AGENTS, "{\"agents\": [\"1002\", \"1002\"]}");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(twice.error()).isEqualTo("tenant acme: 'agents': agent 1002 is listed twice");
    assertThat(server.admin.put(AGENTS, "{\"agents\": 5}").error())
        .contains("'agents' is a list of AgentIDs");
    assertThat(server.admin.put(AGENTS, "{\"agents\": \"all\"}").status()).isEqualTo(400);
    assertThat(server.admin.put(AGENTS, "{\"list\": []}").status()).isEqualTo(400);
    assertThat(server.admin.get(AGENTS).body().get("agents").toString()).isEqualTo("[\"1001\"]");

    String nowhere = "/v1/admin/tenants/initech/agents";
    assertThat(server.admin.get(nowhere).status()).isEqualTo(404);
    assertThat(server.admin.post(nowhere, "{\"agentId\": \"1\"}").status()).isEqualTo(404);
    assertThat(server.admin.put(nowhere, "{\"agents\": []}").status()).isEqualTo(404);
    assertThat(server.admin.delete(nowhere + "/1").status()).isEqualTo(404);
  }

  @Test
  void aTenantsOwnKeyCannotChangeItsAgents() {
    assertThat(server.acme.get(AGENTS).status()).isEqualTo(403);
    assertThat(server.acme.put(AGENTS, "{\"agents\": \"any\"}").status()).isEqualTo(403);
    assertThat(server.acme.post(AGENTS, "{\"agentId\": \"1001\"}").status()).isEqualTo(403);
    assertThat(server.acme.delete(AGENTS + "/1001").status()).isEqualTo(403);
    assertThat(server.anonymous.get(AGENTS).status()).isEqualTo(401);
    assertThat(server.admin.get(AGENTS).body().get("agents").asText()).isEqualTo("any");
  }

  @Test
  void aTenantIsAddedWithItsAgents() {
    Client.Answer added =
        server.admin.post(
            "/v1/admin/tenants",
            "{\"tenant\": \"initech\", \"directory\": [{\"dn\": \"3001\", \"type\":"
                + " \"Extension\"}], \"agents\": [\"2001\", {\"agentId\": \"2002\"}]}");
    assertThat(added.status()).isEqualTo(201);
    assertThat(added.body().get("agents").toString()).isEqualTo("[\"2001\",\"2002\"]");
    assertThat(server.admin.step("initech", login("3001", "2003")).body().get("ErrorCode").asInt())
        .isEqualTo(115);
    assertThat(server.admin.step("initech", login("3001", "2002")).status()).isEqualTo(200);

    Client.Answer duplicate =
        server.admin.post(
            "/v1/admin/tenants", "{\"tenant\": \"hooli\", \"agents\": [\"7\", \"7\"]}");
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.error()).isEqualTo("tenant hooli: 'agents': agent 7 is listed twice");
    assertThat(
            server
                .admin
                .post("/v1/admin/tenants", "{\"tenant\": \"hooli\", \"agents\": [7]}")
                .error())
        .contains("tenant hooli: 'agents': an AgentID is a string");
    assertThat(server.tenants.ids()).containsExactly("acme", "globex", "initech");
  }

  @Test
  void aReloadSetsTheAgentsAndListsWhatItCannotSetYet() {
    server.globex.step("globex", login("6001", "g1"));
    file.set(
        new Configuration(
            List.of(
                TestServer.tenant("acme", "5001", "5002", "5003")
                    .withAgents(AgentList.of(List.of("1001"))),
                TestServer.tenant("globex", "6001", "6002")
                    .withAgents(AgentList.of(List.of("g2")))),
            new Credentials(
                List.of(TestServer.ADMIN_KEY),
                Map.of(
                    "acme",
                    List.of(TestServer.ACME_KEY),
                    "globex",
                    List.of(TestServer.GLOBEX_KEY)))));
    Client.Answer reloaded = server.admin.post("/v1/admin/reload", "");
    assertThat(reloaded.status()).isEqualTo(200);
    assertThat(reloaded.body().get("applied").toString())
        .contains("tenant acme: agents set to [1001]");
    assertThat(reloaded.body().get("notApplied").toString())
        .contains(
            "tenant globex: agents not set to [g2]: agent g1 (on DN 6001) is logged in on tenant"
                + " globex and not in the new list");
    assertThat(server.admin.get(AGENTS).body().get("agents").toString()).isEqualTo("[\"1001\"]");
    assertThat(server.admin.get("/v1/admin/tenants/globex/agents").body().get("agents").asText())
        .isEqualTo("any");

    // the file without agents: any AgentID again
    TenantConfig plain = TestServer.tenant("acme", "5001", "5002", "5003");
    file.set(
        new Configuration(
            List.of(plain, TestServer.tenant("globex", "6001", "6002")), file.get().credentials()));
    assertThat(server.admin.post("/v1/admin/reload", "").body().get("applied").toString())
        .contains("tenant acme: agents set to any AgentID");
    assertThat(server.admin.get(AGENTS).body().get("agents").asText()).isEqualTo("any");
  }
}
