package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.StepJson;
import io.switchboard.model.DNType;
import io.switchboard.sim.traffic.SimulationReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code run --simulate}: the simulated tenant goes with the simulation. */
class LiveSimulationTest {

  private static Tenants tenants(TenantConfig... configs) {
    return new Tenants(
        List.of(configs),
        Clock.systemUTC(),
        tenant -> IdSource.sequential(1),
        (tenant, events) -> CompletableFuture.completedFuture(null));
  }

  @Test
  void theSimulatedTenantDoesNotOutliveTheSimulation() {
    Tenants tenants = tenants(TenantConfig.of("acme", List.of()));
    LiveSimulation simulation = LiveSimulation.start("", tenants, "switchboard");
    assertThat(tenants.ids()).contains("sim");
    simulation.close();
    assertThat(tenants.ids()).containsExactly("acme");
  }

  @Test
  void theReportAtStopCountsTheCallsInProgress(@TempDir Path dir) throws Exception {
    // calls answered at once that last an hour: when it stops, none has ended
    Path file = dir.resolve("center.yaml");
    Files.writeString(
        file,
        String.join(
            "\n",
            "queues:",
            "  - {name: sales, callsPerHour: 36000, handleTime: constant:3600}",
            "agents:",
            "  - {count: 4, queues: [sales]}",
            "ivr: none",
            "answerDelay: constant:0",
            "afterCallWork: none",
            "calls: 1000",
            ""));
    Tenants tenants = tenants(TenantConfig.of("acme", List.of()));
    LiveSimulation simulation = LiveSimulation.start(file.toString(), tenants, "switchboard");
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (tenants.view("sim").calls().stream()
            .noneMatch(
                c ->
                    c.parties().stream()
                        .anyMatch(
                            p ->
                                p.dn().startsWith("1")
                                    && p.state() == io.switchboard.engine.PartyState.Connected))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    // the service's clock moves on while the agent talks
    Thread.sleep(100);
    simulation.close();

    SimulationReport report = simulation.report().orElseThrow();
    assertThat(report.answered()).isPositive();
    assertThat(report.handleTimeSeconds()).isPositive();
    assertThat(report.occupancy()).isPositive();
  }

  @Test
  void aSimulatedTenantLeftByAKilledServiceIsReplacedAndAConfiguredOneRefused() {
    Tenants tenants =
        tenants(TenantConfig.of("sim", List.of(new DirectoryEntry("5001", DNType.Extension))));
    step(tenants, "{\"InboundCall\": {\"From\": \"+14155550100\", \"To\": \"5001\"}}");
    assertThatThrownBy(() -> LiveSimulation.start("", tenants, "switchboard", Set.of("sim")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("also configured");

    LiveSimulation simulation = LiveSimulation.start("", tenants, "switchboard", Set.of());
    assertThat(tenants.view("sim").dns()).extracting(d -> d.dn()).doesNotContain("5001");
    simulation.close();
    assertThat(tenants.ids()).isEmpty();
  }

  @Test
  void everyCallIsEndedWhateverItsParties() {
    Tenants tenants =
        tenants(
            TenantConfig.of(
                "sim",
                List.of(
                    new DirectoryEntry("5001", DNType.Extension),
                    new DirectoryEntry("5002", DNType.Extension),
                    new DirectoryEntry("7001", DNType.ACDQueue))));
    step(tenants, "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
    step(tenants, "{\"InboundCall\": {\"From\": \"+14155550100\", \"To\": \"7001\"}}");
    assertThat(tenants.view("sim").calls()).hasSize(2);

    LiveSimulation.endCalls(tenants, "sim");

    assertThat(tenants.view("sim").calls()).isEmpty();
    tenants.remove("sim");
    assertThat(tenants.ids()).isEmpty();
  }

  private static void step(Tenants tenants, String json) {
    try {
      var parsed =
          StepJson.parse(
              io.switchboard.json.Json.mapper().readTree(json), ConnIdResolver.of(Map.of(), "sim"));
      assertThat(tenants.submit("sim", parsed.step()).join().rejected()).as(json).isFalse();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
