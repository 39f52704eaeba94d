package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The read-only views of what the engine holds: the tenant, its DNs, agents and calls. */
class StateViewTest {
  private TestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new TestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void viewsFollowTheSteps() {
    Client acme = server.acme;
    acme.step(
        "acme",
        "{\"RequestAgentLogin\": {\"ThisDN\": \"5002\", \"AgentID\": \"1001\", \"ThisQueue\": \"7001\", \"AgentWorkMode\": \"AutoIn\"}}");
    String connId =
        acme.step(
                "acme",
                "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\", \"UserData\": {\"Segment\": \"Gold\", \"Tries\": 2}}}")
            .body()
            .get("ConnID")
            .asText();
    acme.step("acme", "{\"RequestSetCallForward\": {\"ThisDN\": \"5003\", \"OtherDN\": \"5001\"}}");

    JsonNode tenant = acme.get("/v1/tenants/acme").body();
    assertThat(tenant.get("tenant").asText()).isEqualTo("acme");
    assertThat(tenant.get("userDataLimit").asInt()).isEqualTo(16_000);
    assertThat(tenant.get("dns").asInt()).isEqualTo(4);
    assertThat(tenant.get("agents").asInt()).isEqualTo(1);
    assertThat(tenant.get("calls").asInt()).isEqualTo(1);

    JsonNode dns = acme.get("/v1/tenants/acme/dns").body().get("dns");
    assertThat(dns).hasSize(4);
    assertThat(dns.get(0).get("DN").asText()).isEqualTo("5001");
    assertThat(dns.get(0).get("calls").get(0).asText()).isEqualTo(connId);
    JsonNode forwarded = acme.get("/v1/tenants/acme/dns/5003").body();
    assertThat(forwarded.get("ForwardMode").asText()).isEqualTo("Unconditional");
    assertThat(forwarded.get("ForwardTo").asText()).isEqualTo("5001");
    assertThat(acme.get("/v1/tenants/acme/dns/7001").body().get("DNType").asText())
        .isEqualTo("ACDQueue");

    JsonNode agent = acme.get("/v1/tenants/acme/agents/1001").body();
    assertThat(agent.get("ThisDN").asText()).isEqualTo("5002");
    assertThat(agent.get("state").asText()).isEqualTo("Ready");
    assertThat(agent.get("AgentWorkMode").asText()).isEqualTo("AutoIn");
    assertThat(agent.get("queues").toString()).isEqualTo("[\"7001\"]");
    assertThat(acme.get("/v1/tenants/acme/agents").body().get("agents")).hasSize(1);

    JsonNode call = acme.get("/v1/tenants/acme/calls/" + connId).body();
    assertThat(call.get("CallType").asText()).isEqualTo("Internal");
    assertThat(call.at("/UserData/Segment").asText()).isEqualTo("Gold");
    assertThat(call.at("/UserData/Tries").asInt()).isEqualTo(2);
    assertThat(call.at("/parties/0/DN").asText()).isEqualTo("5001");
    assertThat(call.at("/parties/0/state").asText()).isEqualTo("Dialing");
    assertThat(call.at("/parties/1/state").asText()).isEqualTo("Alerting");
    String hex = connId.substring(0, connId.indexOf('@'));
    assertThat(acme.get("/v1/tenants/acme/calls/" + hex).status()).isEqualTo(200);
    assertThat(acme.get("/v1/tenants/acme/calls").body().get("calls")).hasSize(1);
  }

  @Test
  void whatIsNotThereIs404() {
    Client.Answer dn = server.acme.get("/v1/tenants/acme/dns/9999");
    assertThat(dn.status()).isEqualTo(404);
    assertThat(dn.error()).contains("DN 9999 is not in the directory of tenant acme");
    assertThat(server.acme.get("/v1/tenants/acme/agents/42").error())
        .contains("agent 42 is not logged in");
    assertThat(server.acme.get("/v1/tenants/acme/calls/00000000000000ff").error())
        .contains("no call 00000000000000ff is in progress");
    Client.Answer tenant = server.admin.get("/v1/tenants/initech/dns");
    assertThat(tenant.status()).isEqualTo(404);
    assertThat(tenant.error()).contains("no tenant 'initech'");
    Client.Answer resource = server.acme.get("/v1/nothing");
    assertThat(resource.status()).isEqualTo(404);
    assertThat(resource.error()).contains("/v1/openapi.yaml");
  }
}
