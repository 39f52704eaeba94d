package io.switchboard.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelCheckTest {

  final ModelCheck check = new ModelCheck();

  Optional<String> call(String id, String connId, String dn, boolean complete) {
    String json = "{\"id\":\"" + id + "\",\"ConnID\":\"" + connId + "\",\"ThisDN\":\"" + dn + "\"}";
    return check.check(json.getBytes(StandardCharsets.UTF_8), complete);
  }

  Optional<String> agent(String id, boolean complete) {
    String json = "{\"id\":\"" + id + "\",\"ThisDN\":\"5001\",\"AgentID\":\"1001\"}";
    return check.check(json.getBytes(StandardCharsets.UTF_8), complete);
  }

  @Test
  void aBasicCallIsLegal() {
    assertThat(call("EventDialing", "c1", "5001", true)).isEmpty();
    assertThat(call("EventRinging", "c1", "5002", true)).isEmpty();
    assertThat(call("EventEstablished", "c1", "5002", true)).isEmpty();
    assertThat(call("EventEstablished", "c1", "5001", true)).isEmpty();
    assertThat(call("EventHeld", "c1", "5001", true)).isEmpty();
    assertThat(call("EventRetrieved", "c1", "5001", true)).isEmpty();
    assertThat(call("EventReleased", "c1", "5001", true)).isEmpty();
    assertThat(call("EventReleased", "c1", "5002", true)).isEmpty();
  }

  @Test
  void nothingFollowsARelease() {
    call("EventRinging", "c1", "5002", true);
    call("EventAbandoned", "c1", "5002", true);
    assertThat(call("EventEstablished", "c1", "5002", true))
        .hasValueSatisfying(v -> assertThat(v).startsWith("EventAfterReleased"));
    assertThat(call("EventReleased", "c1", "5002", true))
        .hasValueSatisfying(v -> assertThat(v).startsWith("EventAfterReleased"));
  }

  @Test
  void aPartyMayJoinAgainAfterLeaving() {
    call("EventRinging", "c1", "5002", true);
    call("EventReleased", "c1", "5002", true);
    assertThat(call("EventRinging", "c1", "5002", true)).isEmpty();
    assertThat(call("EventEstablished", "c1", "5002", true)).isEmpty();
  }

  @Test
  void holdAndRetrieveFollowTheirStates() {
    call("EventDialing", "c1", "5001", true);
    assertThat(call("EventHeld", "c1", "5001", true))
        .hasValueSatisfying(v -> assertThat(v).startsWith("HeldWhenNotEstablished"));
    assertThat(call("EventRetrieved", "c1", "5001", true)).isEmpty();
    assertThat(call("EventRetrieved", "c1", "5001", true))
        .hasValueSatisfying(v -> assertThat(v).startsWith("RetrievedWhenNotHeld"));
  }

  @Test
  void anEstablishedPartyMayBeEstablishedAgainWithANewParty() {
    call("EventDialing", "c1", "5001", true);
    call("EventEstablished", "c1", "5001", true);
    assertThat(call("EventEstablished", "c1", "5001", true)).isEmpty();
  }

  @Test
  void rulesNeedingTheStartApplyOnlyToCompleteHistories() {
    assertThat(call("EventEstablished", "c1", "5002", false)).isEmpty();
    assertThat(call("EventEstablished", "c2", "5002", true))
        .hasValueSatisfying(v -> assertThat(v).startsWith("EstablishedWithoutAlerting"));
  }

  @Test
  void agentEventsComeBetweenLoginAndLogout() {
    assertThat(agent("EventAgentReady", false)).isEmpty();
    assertThat(agent("EventAgentLogout", false)).isEmpty();
    assertThat(agent("EventAgentNotReady", false))
        .hasValueSatisfying(v -> assertThat(v).startsWith("AgentEventWhileLoggedOut"));
    assertThat(agent("EventAgentLogin", false)).isEmpty();
    assertThat(agent("EventAgentNotReady", false)).isEmpty();
    assertThat(agent("EventDNDOn", false)).isEmpty();
  }

  @Test
  void aCompleteAgentHistoryStartsLoggedOut() {
    assertThat(agent("EventAgentReady", true))
        .hasValueSatisfying(v -> assertThat(v).startsWith("AgentEventWhileLoggedOut"));
  }

  @Test
  void aPartyChangeCarriesTheState() {
    call("EventRinging", "c1", "5002", true);
    call("EventEstablished", "c1", "5002", true);
    String changed =
        "{\"id\":\"EventPartyChanged\",\"ConnID\":\"c2\",\"PreviousConnID\":\"c1\",\"ThisDN\":\"5002\"}";
    assertThat(check.check(changed.getBytes(StandardCharsets.UTF_8), true)).isEmpty();
    assertThat(call("EventHeld", "c2", "5002", true)).isEmpty();
  }
}
