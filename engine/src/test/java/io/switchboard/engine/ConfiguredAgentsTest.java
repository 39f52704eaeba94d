package io.switchboard.engine;

import static io.switchboard.engine.Steps.*;
import static io.switchboard.model.Attribute.AgentID;
import static io.switchboard.model.EventType.EventAgentLogin;
import static io.switchboard.model.EventType.EventAgentNotReady;
import static io.switchboard.model.EventType.EventAgentReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.KVList;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A tenant's configured agents: with a list, only its AgentIDs may log in (decision 29 in
 * docs/engine.md); the list changes at run time as the directory does.
 */
class ConfiguredAgentsTest {
  final EngineFixture f =
      EngineFixture.withAgents(AgentList.of(List.of("1001", "1002")), "5001", "5002", "5003");

  @Test
  void anAgentThatIsNotListedIsRejectedAndNothingChanges() {
    String before = f.engine.stateDigest();
    String message =
        f.when(login("5001", "9999", null, AgentWorkMode.AutoIn))
            .rejected(ErrorCode.UnknownAgent, "5001");
    assertThat(ErrorCode.UnknownAgent.code()).isEqualTo(115);
    assertThat(message)
        .isEqualTo(
            "RequestAgentLogin rejected: agent 9999 is not configured for tenant acme; add it to"
                + " the tenant's agents");
    assertThat(f.engine.stateDigest()).isEqualTo(before);
    assertThat(f.engine.view().agents()).isEmpty();
  }

  @Test
  void aListedAgentLogsIn() {
    f.when(login("5001", "1001", null, AgentWorkMode.ManualIn))
        .event("5001", EventAgentLogin, AgentID, "1001")
        .event("5001", EventAgentNotReady, AgentID, "1001")
        .noMore();
    // the other agent requests name no AgentID: they act on the agent logged in on ThisDN
    f.when(ready("5001", AgentWorkMode.ManualIn))
        .event("5001", EventAgentReady, AgentID, "1001")
        .noMore();
  }

  @Test
  void anyAgentIsTheDefault() {
    EngineFixture open = EngineFixture.withExtensions("5001");
    assertThat(open.engine.config().agents()).isEqualTo(AgentList.any());
    open.when(login("5001", "whoever", null, AgentWorkMode.AutoIn))
        .event("5001", EventAgentLogin, AgentID, "whoever");
  }

  @Test
  void agentsAreAddedAndRemovedAtRunTime() {
    f.engine.addAgent("1003");
    f.when(login("5003", "1003", null, AgentWorkMode.AutoIn))
        .event("5003", EventAgentLogin, AgentID, "1003");
    f.engine.removeAgent("1002");
    f.when(login("5002", "1002", null, AgentWorkMode.AutoIn))
        .rejected(ErrorCode.UnknownAgent, "5002");
    assertThat(f.engine.config().agents().ids())
        .contains(new java.util.TreeSet<>(Set.of("1001", "1003")));

    assertThatThrownBy(() -> f.engine.addAgent("1001"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent 1001 is already in the agents of tenant acme");
    assertThatThrownBy(() -> f.engine.removeAgent("1002"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("agent 1002 is not in the agents of tenant acme");
  }

  @Test
  void anAgentLoggedInCannotBeRemoved() {
    f.given(login("5001", "1001", null, AgentWorkMode.AutoIn));
    assertThatThrownBy(() -> f.engine.removeAgent("1001"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("agent 1001 is logged in on DN 5001; log it out first");
    assertThat(f.engine.config().agents()).isEqualTo(AgentList.of(List.of("1001", "1002")));
    f.given(logout("5001", null));
    f.engine.removeAgent("1001");
    assertThat(f.engine.config().agents()).isEqualTo(AgentList.of(List.of("1002")));
  }

  @Test
  void aListMustKeepEveryAgentLoggedIn() {
    EngineFixture open = EngineFixture.withExtensions("5001", "5002", "5003");
    open.given(login("5001", "1001", null, AgentWorkMode.AutoIn));
    open.given(login("5002", "1002", null, AgentWorkMode.AutoIn));
    assertThatThrownBy(() -> open.engine.setAgents(AgentList.of(List.of("1002", "1003"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "agent 1001 (on DN 5001) is logged in on tenant acme and not in the new list; log it"
                + " out first, or keep it in the list");
    assertThatThrownBy(() -> open.engine.setAgents(AgentList.of(List.of())))
        .hasMessageContaining("agents 1001 (on DN 5001), 1002 (on DN 5002) are logged in");
    assertThat(open.engine.config().agents().acceptsAny()).isTrue();

    open.engine.setAgents(AgentList.of(List.of("1001", "1002", "1003")));
    open.when(login("5003", "1004", null, AgentWorkMode.AutoIn))
        .rejected(ErrorCode.UnknownAgent, "5003");
    // back to any AgentID: always possible
    open.engine.setAgents(AgentList.any());
    open.when(login("5003", "1004", null, AgentWorkMode.AutoIn))
        .event("5003", EventAgentLogin, AgentID, "1004");
  }

  @Test
  void anEmptyListAcceptsNoLogin() {
    f.engine.setAgents(AgentList.of(List.of()));
    f.when(login("5001", "1001", null, AgentWorkMode.AutoIn))
        .rejected(ErrorCode.UnknownAgent, "5001");
  }

  @Test
  void aTenantThatAcceptsAnyAgentHasNoListToChange() {
    EngineFixture open = EngineFixture.withExtensions("5001");
    assertThatThrownBy(() -> open.engine.addAgent("1001"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tenant acme accepts any AgentID")
        .hasMessageContaining("set the tenant's agents to a list");
    assertThatThrownBy(() -> open.engine.removeAgent("1001"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("accepts any AgentID");
  }

  @Test
  void agentIdsAreChecked() {
    assertThatThrownBy(() -> f.engine.addAgent(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an AgentID must not be blank");
    assertThatThrownBy(() -> f.engine.addAgent("10\n01"))
        .hasMessageContaining("holds a control character");
    assertThatThrownBy(() -> f.engine.addAgent(" 1001"))
        .hasMessageContaining("starts or ends with a space");
    assertThatThrownBy(() -> f.engine.addAgent("x".repeat(256)))
        .hasMessageContaining("at most 255");
    assertThatThrownBy(() -> AgentList.of(List.of("1001", "1001")))
        .hasMessage("agent 1001 is listed twice");
    assertThat(f.engine.config().agents()).isEqualTo(AgentList.of(List.of("1002", "1001")));
  }

  @Test
  void theSinkHearsOfEveryChangeOfTheAgents() {
    TenantsJournalHooksTest.RecordingSink sink = new TenantsJournalHooksTest.RecordingSink();
    Tenants tenants =
        new Tenants(
            List.of(TenantsJournalHooksTest.ACME),
            InstantSource.fixed(Instant.EPOCH),
            t -> IdSource.sequential(1),
            sink);
    tenants.reconfigure("acme", e -> e.setAgents(AgentList.of(List.of("1001"))));
    tenants.reconfigure("acme", e -> e.addAgent("1002"));
    assertThatThrownBy(() -> tenants.reconfigure("acme", e -> e.addAgent("1002")))
        .hasMessageContaining("already");
    tenants.reconfigure("acme", e -> e.removeAgent("1001"));
    assertThat(sink.changes)
        .map(c -> ((TenantConfig) c).agents().toString())
        .containsExactly("any", "[1001]", "[1001, 1002]", "[1002]");
    assertThat(
            tenants
                .submit("acme", login("5001", "1001", null, AgentWorkMode.AutoIn))
                .join()
                .errorCode())
        .contains(ErrorCode.UnknownAgent);
  }

  @Test
  void aRestoredEngineHasTheAgentsItIsGiven() {
    f.given(login("5001", "1001", null, AgentWorkMode.AutoIn));
    f.given(makeCall("5001", "5002", KVList.of("K", "V")));
    EngineSnapshot snapshot = f.engine.snapshot();
    TenantEngine restored =
        TenantEngine.restore(snapshot, f.engine.config().agents(), f.clock, f.ids);
    assertThat(restored.config()).isEqualTo(f.engine.config());
    assertThat(restored.stateDigest()).isEqualTo(f.engine.stateDigest());
    assertThatThrownBy(
            () -> TenantEngine.restore(snapshot, AgentList.of(List.of("1002")), f.clock, f.ids))
        .hasMessageContaining("agent 1001 is logged in but not in the tenant's agents");
  }
}
