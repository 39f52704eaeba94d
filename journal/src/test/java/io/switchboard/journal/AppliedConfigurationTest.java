package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.TenantView;
import io.switchboard.engine.Tenants;
import io.switchboard.model.DNType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Changes made at run time (as the admin API makes them) survive a restart; the configuration
 * file's changes since it was last applied are applied on top of them.
 */
class AppliedConfigurationTest {
  @TempDir Path dir;

  final AtomicLong seconds = new AtomicLong(1_700_000_000L);
  final InstantSource clock = () -> Instant.ofEpochSecond(seconds.getAndIncrement());

  static DirectoryEntry ext(String dn) {
    return new DirectoryEntry(dn, DNType.Extension);
  }

  static final TenantConfig ACME = TenantConfig.of("acme", List.of(ext("5001"), ext("5002")));

  DurableTenants open(TenantConfig... file) {
    return DurableTenants.open(
        JournalSettings.of(dir),
        List.of(file),
        clock,
        t -> IdSource.sequential(0x1000),
        new TestKeying());
  }

  static List<String> dns(Tenants tenants, String tenant) {
    return tenants.view(tenant).dns().stream().map(TenantView.DnView::dn).toList();
  }

  static AgentList agents(Tenants tenants, String tenant) {
    return tenants.inspect(tenant, TenantEngine::config).agents();
  }

  @Test
  void tenantsDnsAndAgentsChangedAtRunTimeSurviveARestartOnTheSameFile() {
    try (DurableTenants durable = open(ACME)) {
      Tenants tenants = durable.tenants();
      tenants.add(TenantConfig.of("globex", List.of(ext("6001"))));
      tenants.reconfigure("acme", e -> e.addDn(ext("5003")));
      tenants.reconfigure("acme", e -> e.removeDn("5001"));
      tenants.reconfigure("acme", e -> e.setAgents(AgentList.of(List.of("1001"))));
    }
    try (DurableTenants durable = open(ACME)) {
      Tenants tenants = durable.tenants();
      assertThat(tenants.ids()).containsExactly("acme", "globex");
      assertThat(dns(tenants, "acme")).containsExactlyInAnyOrder("5002", "5003");
      assertThat(dns(tenants, "globex")).containsExactly("6001");
      assertThat(agents(tenants, "acme")).isEqualTo(AgentList.of(List.of("1001")));
    }
    // and again: nothing is lost on a second restart either
    try (DurableTenants durable = open(ACME)) {
      assertThat(durable.tenants().ids()).containsExactly("acme", "globex");
      assertThat(dns(durable.tenants(), "acme")).containsExactlyInAnyOrder("5002", "5003");
    }
  }

  @Test
  void aTenantRemovedAtRunTimeStaysRemovedUntilTheFileChangesIt() {
    TenantConfig globex = TenantConfig.of("globex", List.of(ext("6001")));
    try (DurableTenants durable = open(ACME, globex)) {
      durable.tenants().remove("globex");
    }
    try (DurableTenants durable = open(ACME, globex)) {
      assertThat(durable.tenants().ids()).containsExactly("acme");
    }
    TenantConfig changed = TenantConfig.of("globex", List.of(ext("6001"), ext("6002")));
    try (DurableTenants durable = open(ACME, changed)) {
      assertThat(durable.tenants().ids()).containsExactly("acme", "globex");
      assertThat(dns(durable.tenants(), "globex")).containsExactly("6001", "6002");
    }
  }

  @Test
  void theFilesChangesSinceItWasLastAppliedGoOnTopOfTheRunTimeChanges() {
    try (DurableTenants durable = open(ACME.withAgents(AgentList.of(List.of("1001", "1002"))))) {
      Tenants tenants = durable.tenants();
      tenants.add(TenantConfig.of("globex", List.of(ext("6001"))));
      tenants.reconfigure("acme", e -> e.addDn(ext("5009")));
      tenants.reconfigure("acme", e -> e.addAgent("1009"));
    }
    // the file: 5001 taken out, 5002 now a queue, 5003 added; agent 1002 taken out, 1003 added;
    // tenant initech added
    TenantConfig edited =
        TenantConfig.of("acme", List.of(new DirectoryEntry("5002", DNType.ACDQueue), ext("5003")))
            .withAgents(AgentList.of(List.of("1001", "1003")));
    TenantConfig initech = TenantConfig.of("initech", List.of(ext("7001")));
    try (DurableTenants durable = open(edited, initech)) {
      Tenants tenants = durable.tenants();
      assertThat(tenants.ids()).containsExactly("acme", "globex", "initech");
      assertThat(tenants.inspect("acme", TenantEngine::config).directory())
          .containsExactlyInAnyOrder(
              new DirectoryEntry("5002", DNType.ACDQueue), ext("5003"), ext("5009"));
      assertThat(agents(tenants, "acme")).isEqualTo(AgentList.of(List.of("1001", "1003", "1009")));
    }
    // the file's tenant taken out of it is removed; the one added at run time stays
    try (DurableTenants durable = open(edited)) {
      assertThat(durable.tenants().ids()).containsExactly("acme", "globex");
    }
  }

  @Test
  void aTenantTheFileAddsUnderAnIdAddedAtRunTimeTakesTheFilesDirectory() {
    try (DurableTenants durable = open(ACME)) {
      durable.tenants().add(TenantConfig.of("globex", List.of(ext("6001"), ext("6009"))));
    }
    TenantConfig globex =
        TenantConfig.of("globex", List.of(ext("6001"), ext("6002")))
            .withAgents(AgentList.of(List.of("2001")));
    try (DurableTenants durable = open(ACME, globex)) {
      assertThat(dns(durable.tenants(), "globex")).containsExactlyInAnyOrder("6001", "6002");
      assertThat(agents(durable.tenants(), "globex")).isEqualTo(AgentList.of(List.of("2001")));
    }
  }

  @Test
  void aChangeThatCannotBeMadeYetIsTriedAgainAtTheNextStart() {
    String call;
    try (DurableTenants durable = open(ACME)) {
      call = DurableTenantsTest.call(durable.tenants(), "5001", "5002");
    }
    TenantConfig narrower = TenantConfig.of("acme", List.of(ext("5002")));
    try (DurableTenants durable = open(narrower)) {
      assertThat(dns(durable.tenants(), "acme")).as("5001 is in a call").contains("5001");
      DurableTenantsTest.run(
          durable.tenants(),
          "{\"RequestReleaseCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + call + "\"}}");
    }
    try (DurableTenants durable = open(narrower)) {
      assertThat(dns(durable.tenants(), "acme")).containsExactly("5002");
    }
  }

  @Test
  void aJournalWithoutARecordGetsTheFileAppliedWhole() throws IOException {
    try (DurableTenants durable = open(ACME)) {
      durable.tenants().add(TenantConfig.of("globex", List.of(ext("6001"))));
      durable.tenants().reconfigure("acme", e -> e.addDn(ext("5003")));
    }
    // as a journal written before the record was kept
    Files.delete(dir.resolve(AppliedConfiguration.FILE));
    try (DurableTenants durable = open(ACME)) {
      assertThat(durable.tenants().ids()).containsExactly("acme");
      assertThat(dns(durable.tenants(), "acme")).containsExactly("5001", "5002");
    }
  }

  @Test
  void aTenantTakenOutOfTheFileWithCallsInProgressIsRemovedOnceIdle() throws IOException {
    TenantConfig globex = TenantConfig.of("globex", List.of(ext("6001"), ext("6002")));
    String call;
    try (DurableTenants durable = open(ACME, globex)) {
      call =
          durable
              .tenants()
              .submit("globex", DurableTenantsTest.step(MAKE_6001_6002))
              .join()
              .connId()
              .orElseThrow()
              .toString();
    }
    // as a journal written before the record was kept: the file is applied whole
    Files.delete(dir.resolve(AppliedConfiguration.FILE));
    try (DurableTenants durable = open(ACME)) {
      assertThat(durable.tenants().ids()).as("a call in progress").contains("globex");
      durable
          .tenants()
          .submit(
              "globex",
              DurableTenantsTest.step(
                  "{\"RequestReleaseCall\": {\"ThisDN\": \"6001\", \"ConnID\": \"" + call + "\"}}"))
          .join();
    }
    try (DurableTenants durable = open(ACME)) {
      assertThat(durable.tenants().ids()).containsExactly("acme");
    }
  }

  static final String MAKE_6001_6002 =
      "{\"RequestMakeCall\": {\"ThisDN\": \"6001\", \"OtherDN\": \"6002\"}}";

  @Test
  void aReloadIsRecordedSoThatAChangeLeftOutIsTriedAgain() {
    TenantConfig wider = TenantConfig.of("acme", List.of(ext("5001"), ext("5002"), ext("5003")));
    try (DurableTenants durable = open(ACME)) {
      // a reload that applied acme's new directory
      durable.tenants().reconfigure("acme", e -> e.addDn(ext("5003")));
      durable.applied(List.of(wider), Set.of());
      // then the admin API took 5003 out again
      durable.tenants().reconfigure("acme", e -> e.removeDn("5003"));
    }
    try (DurableTenants durable = open(wider)) {
      assertThat(dns(durable.tenants(), "acme"))
          .as("the file did not change since the reload: the admin API's change stands")
          .containsExactly("5001", "5002");
      durable.applied(List.of(TenantConfig.of("acme", List.of(ext("5001")))), Set.of("acme"));
    }
    assertThat(AppliedConfiguration.read(dir)).contains(Map.of("acme", wider));
  }

  @Test
  void aDamagedRecordIsRefusedWithWhatToDo() throws IOException {
    try (DurableTenants durable = open(ACME)) {
      assertThat(AppliedConfiguration.read(dir)).contains(Map.of("acme", ACME));
    }
    Files.write(dir.resolve(AppliedConfiguration.FILE), new byte[] {1, 0, 0, 0, 9});
    assertThatThrownBy(() -> AppliedConfiguration.read(dir))
        .hasMessageContaining("is damaged")
        .hasMessageContaining("delete it to have the configuration file applied whole");
  }

  @Test
  void agentsMergeTheFilesChangeIntoTheRunningList() {
    AgentList a12 = AgentList.of(List.of("1", "2"));
    AgentList a13 = AgentList.of(List.of("1", "3"));
    AgentList a129 = AgentList.of(List.of("1", "2", "9"));
    assertThat(AppliedConfiguration.agents(a12, a13, a129))
        .isEqualTo(AgentList.of(List.of("1", "3", "9")));
    assertThat(AppliedConfiguration.agents(a12, a12, a129)).isEqualTo(a129);
    assertThat(AppliedConfiguration.agents(a12, AgentList.any(), a129)).isEqualTo(AgentList.any());
    assertThat(AppliedConfiguration.agents(AgentList.any(), a13, AgentList.any())).isEqualTo(a13);
  }
}
