package io.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The switch side is a role of its own: network stimuli need a tenant's network key (or an admin
 * key), T-Library requests its API key, and no one moves the live service's clock.
 */
class SwitchSideTest {
  private static final String INBOUND =
      "{\"InboundCall\": {\"From\": \"+14155550100\", \"To\": \"5001\"}}";
  private static final String ADVANCE = "{\"Advance\": {\"seconds\": 30}}";

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
  void aClientKeyPostingAStimulusIsToldWhichKeyItNeeds() {
    String before = server.digest("acme");
    Client.Answer refused = server.acme.step("acme", INBOUND);
    assertThat(refused.status()).isEqualTo(403);
    assertThat(refused.error())
        .contains("InboundCall is a network stimulus")
        .contains("network key of tenant 'acme'")
        .contains("networkKeys")
        .contains("the key of tenant 'acme'");
    assertThat(server.digest("acme")).isEqualTo(before);
    assertThat(server.acme.step("acme", "{\"DeviceOutOfService\": {\"DN\": \"5002\"}}").status())
        .isEqualTo(403);
  }

  @Test
  void theNetworkKeyPostsStimuliAndOnlyThem() {
    Client.Answer call = server.acmeNetwork.step("acme", INBOUND);
    assertThat(call.status()).as(call.text()).isEqualTo(200);
    assertThat(call.text()).contains("EventRinging");

    Client.Answer request =
        server.acmeNetwork.step(
            "acme",
            "{\"RequestAnswerCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"0000000000000001\"}}");
    assertThat(request.status()).isEqualTo(403);
    assertThat(request.error())
        .contains("RequestAnswerCall is a T-Library request")
        .contains("apiKeys")
        .contains("a network key of tenant 'acme'");
    // its tenant only
    assertThat(server.acmeNetwork.step("globex", INBOUND).status()).isEqualTo(403);
  }

  @Test
  void anAdminKeyPostsBoth() {
    assertThat(server.admin.step("acme", INBOUND).status()).isEqualTo(200);
    assertThat(server.admin.step("acme", "{\"RequestSetDNDOn\": {\"ThisDN\": \"5002\"}}").status())
        .isEqualTo(200);
  }

  @Test
  void theLiveServiceRefusesAdvanceWhoeverSendsIt() throws Exception {
    String before = server.digest("acme");
    for (Client client : new Client[] {server.admin, server.acme, server.acmeNetwork}) {
      Client.Answer refused = client.step("acme", ADVANCE);
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.error())
          .contains("Advance moves the clock of a scenario")
          .contains("fires every timer itself");
    }
    assertThat(server.digest("acme")).isEqualTo(before);
    try (WsClient ws = WsClient.connect(server.api.url(), "acme", TestServer.ADMIN_KEY)) {
      ws.send(ADVANCE);
      assertThat(ws.next("error").get("status").asInt()).isEqualTo(400);
    }
  }

  @Test
  void overTheWebSocketTheSameRolesHold() throws Exception {
    try (WsClient client = WsClient.connect(server.api.url(), "acme", TestServer.ACME_KEY);
        WsClient network =
            WsClient.connect(server.api.url(), "acme", TestServer.ACME_NETWORK_KEY)) {
      client.send(INBOUND);
      JsonNode refused = client.next("error");
      assertThat(refused.get("status").asInt()).isEqualTo(403);
      assertThat(refused.get("error").asText()).contains("network key");
      network.send(INBOUND);
      assertThat(network.next("answer").get("status").asInt()).isEqualTo(200);
    }
  }

  @Test
  void anOpenApiTakesStimuliFromAnyoneAsBefore() throws Exception {
    server.close();
    server = new TestServer(s -> s.withCredentials(Credentials.none()));
    Client.Answer call = server.anonymous.step("acme", INBOUND);
    assertThat(call.status()).as(call.text()).isEqualTo(200);
    assertThat(server.anonymous.step("acme", ADVANCE).status()).isEqualTo(400);
  }

  @Test
  void aTenantAddedThroughTheAdminApiMayHaveNetworkKeys() {
    Client.Answer added =
        server.admin.post(
            "/v1/admin/tenants",
            "{\"tenant\": \"initech\", \"directory\": [{\"dn\": \"8101\", \"type\": \"Extension\"}],"
                + " \"apiKeys\": [\"initech-key-0123456789\"],"
                + " \"networkKeys\": [\"initech-switch-0123456789\"]}");
    assertThat(added.status()).as(added.text()).isEqualTo(201);
    assertThat(added.body().get("networkKeys").asInt()).isEqualTo(1);
    String inbound = "{\"InboundCall\": {\"From\": \"+14155550100\", \"To\": \"8101\"}}";
    Client network = new Client(server.api.url(), "initech-switch-0123456789");
    Client client = new Client(server.api.url(), "initech-key-0123456789");
    assertThat(client.step("initech", inbound).status()).isEqualTo(403);
    assertThat(network.step("initech", inbound).status()).isEqualTo(200);
  }
}
