package io.switchboard.engine;

import static io.switchboard.engine.Steps.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Views of the state, directory changes at run time, the user-data limit, tenants. */
class TenantAdministrationTest {
  final EngineFixture f = EngineFixture.withExtensions("5001", "5002");

  @Test
  void theViewShowsDnsAgentsAndCalls() {
    f.given(login("5001", "1001", null, AgentWorkMode.AutoIn));
    ConnId c = f.given(makeCall("5001", "5002", KVList.of("K", "V"))).connId().orElseThrow();
    TenantView view = f.engine.view();
    assertThat(view.dns()).extracting(TenantView.DnView::dn).containsExactly("5001", "5002");
    assertThat(view.dns().get(0).agentId()).contains("1001");
    assertThat(view.dns().get(1).calls()).containsExactly(c);
    assertThat(view.agents())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.state()).isEqualTo(AgentState.Ready);
              assertThat(a.workMode()).isEqualTo(AgentWorkMode.AutoIn);
            });
    assertThat(view.calls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.connId()).isEqualTo(c);
              assertThat(call.userData()).isEqualTo(KVList.of("K", "V"));
              assertThat(call.parties())
                  .extracting(TenantView.PartyView::state)
                  .containsExactly(PartyState.Dialing, PartyState.Alerting);
            });
  }

  @Test
  void dnsCanBeAddedAndRemovedWhenNotInUse() {
    f.engine.addDn(new DirectoryEntry("5003", DNType.Extension));
    f.when(makeCall("5001", "5003"))
        .event("5001", EventType.EventDialing)
        .event("5003", EventType.EventRinging);
    assertThatThrownBy(() -> f.engine.removeDn("5003")).hasMessageContaining("is in use");
    assertThatThrownBy(() -> f.engine.addDn(new DirectoryEntry("5003", DNType.Extension)))
        .hasMessageContaining("already in the directory");
    f.engine.removeDn("5002");
    assertThat(f.engine.config().directory())
        .extracting(DirectoryEntry::dn)
        .containsExactly("5001", "5003");
    // a removed DN is an external number from then on
    f.when(makeCall("5003", "5002"))
        .event(
            "5003",
            EventType.EventDialing,
            io.switchboard.model.Attribute.CallType,
            io.switchboard.model.CallType.Outbound)
        .event("5003", EventType.EventNetworkReached);
  }

  @Test
  void userDataOverTheLimitIsRejected() {
    EngineFixture small = EngineFixture.withExtensions("5001", "5002");
    TenantEngine limited =
        new TenantEngine(
            new TenantConfig("acme", small.engine.config().directory(), "switchboard", 100),
            InstantSource.fixed(Instant.EPOCH),
            IdSource.sequential(1));
    Outcome big = limited.handle(makeCall("5001", "5002", KVList.of("Note", "x".repeat(100))));
    assertThat(big.error()).isPresent();
    assertThat(big.error().get().string(io.switchboard.model.Attribute.ErrorMessage).orElseThrow())
        .contains("over the tenant's limit of 100");
    Outcome ok = limited.handle(makeCall("5001", "5002", KVList.of("Note", "x")));
    assertThat(ok.rejected()).isFalse();
    Outcome grow =
        limited.handle(
            update("5001", ok.connId().orElseThrow(), KVList.of("More", "y".repeat(90))));
    assertThat(grow.error().get().get(io.switchboard.model.Attribute.ErrorCode)).contains(114L);
    assertThat(limited.view().calls().get(0).userData()).isEqualTo(KVList.of("Note", "x"));
  }

  @Test
  void theLimitMustBeWhatGenesysAllows() {
    assertThatThrownBy(() -> new TenantConfig("acme", List.of(), "s", 70_000))
        .hasMessageContaining("1 to 65535");
  }

  @Test
  void tenantsAreAddedRemovedAndListenedTo() {
    List<String> heard = new ArrayList<>();
    Tenants tenants =
        new Tenants(
            List.of(),
            InstantSource.fixed(Instant.EPOCH),
            t -> IdSource.sequential(1),
            (t, events) -> CompletableFuture.completedFuture(null));
    tenants.addListener(
        (tenant, step, outcome) ->
            heard.add(tenant + ":" + step.name() + ":" + outcome.deliveries().size()));
    tenants.add(TenantConfig.of("acme", List.of(new DirectoryEntry("5001", DNType.Extension))));
    assertThatThrownBy(() -> tenants.add(TenantConfig.of("acme", List.of())))
        .hasMessageContaining("twice");
    tenants.submit("acme", makeCall("5001", "+100")).join();
    assertThat(heard).containsExactly("acme:RequestMakeCall:2");
    assertThatThrownBy(() -> tenants.remove("acme")).hasMessageContaining("1 calls in progress");
    tenants.reconfigure("acme", e -> e.addDn(new DirectoryEntry("5002", DNType.Extension)));
    assertThat(tenants.view("acme").dns()).hasSize(2);
    assertThatThrownBy(() -> tenants.submit("globex", makeCall("5001", "5002")))
        .hasMessageContaining("no tenant 'globex'");
  }
}
