package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.engine.Tenants;
import io.switchboard.model.DNType;
import io.switchboard.model.request.Advance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's snapshots as bytes and back: queues, routing points, agents in after-call work,
 * timers, user data, forwarding; then journal snapshots with them, and a restart that goes on.
 */
class EngineSnapshotCodecTest {
  @TempDir Path dir;

  static final TenantConfig CENTER =
      TenantConfig.of(
          "acme",
          List.of(
              new DirectoryEntry("5001", DNType.Extension),
              new DirectoryEntry("5002", DNType.Extension, Map.of("wrapUpTime", "20")),
              new DirectoryEntry("5003", DNType.Extension),
              new DirectoryEntry("5004", DNType.Extension),
              new DirectoryEntry(
                  "7001", DNType.ACDQueue, Map.of("noAnswerTimeout", "10", "wrapUpTime", "30")),
              new DirectoryEntry(
                  "8001",
                  DNType.RoutingPoint,
                  Map.of("routeTimeout", "15", "defaultDestination", "7001"))));

  static final List<String> STEPS =
      List.of(
          "{\"RequestAgentLogin\": {\"ThisDN\": \"5001\", \"AgentID\": \"1001\", \"ThisQueue\":"
              + " \"7001\", \"AgentWorkMode\": \"ManualIn\"}}",
          "{\"RequestAgentReady\": {\"ThisDN\": \"5001\", \"AgentWorkMode\": \"ManualIn\"}}",
          "{\"RequestAgentLogin\": {\"ThisDN\": \"5002\", \"AgentID\": \"1002\", \"ThisQueue\":"
              + " \"7001\", \"AgentWorkMode\": \"AutoIn\"}}",
          "{\"InboundCall\": {\"From\": \"+14155550100\", \"To\": \"7001\", \"UserData\":"
              + " {\"Segment\": \"Gold\", \"Tier\": 2, \"Nested\": {\"A\": \"b\"}}}}",
          "{\"InboundCall\": {\"From\": \"+14155550101\", \"To\": \"8001\"}}",
          "{\"RequestSetDNDOn\": {\"ThisDN\": \"5003\"}}",
          "{\"RequestSetCallForward\": {\"ThisDN\": \"5004\", \"OtherDN\": \"5003\"}}",
          "{\"InboundCall\": {\"From\": \"+14155550102\", \"To\": \"7001\"}}");

  final AtomicLong seconds = new AtomicLong(1_700_000_000L);
  final InstantSource clock = () -> Instant.ofEpochSecond(seconds.get(), 250_000_000);
  final EngineSnapshotCodec codec = new EngineSnapshotCodec();

  DurableTenants open() {
    return DurableTenants.open(
        JournalSettings.of(dir),
        List.of(CENTER),
        clock,
        t -> IdSource.sequential(0x1000),
        new TestKeying(),
        Optional.of(codec));
  }

  @Test
  void anEngineReadBackHoldsWhatItHeld() {
    try (DurableTenants durable = open()) {
      Tenants tenants = durable.tenants();
      for (String step : STEPS) {
        Outcome outcome = tenants.submit("acme", DurableTenantsTest.step(step)).join();
        assertThat(outcome.rejected()).as("%s: %s", step, outcome).isFalse();
        seconds.addAndGet(3);
        tenants.inspect(
            "acme",
            engine -> {
              byte[] bytes = codec.encode(engine);
              TenantEngine back = codec.decode(CENTER, bytes, clock, IdSource.sequential(0x9000));
              assertThat(back.snapshot()).as(step).isEqualTo(engine.snapshot());
              assertThat(back.stateDigest()).isEqualTo(engine.stateDigest());
              return null;
            });
      }
    }
  }

  @Test
  void aRestartFromASnapshotGoesOnWithTheTimers() {
    String digest;
    try (DurableTenants durable = open()) {
      Tenants tenants = durable.tenants();
      for (String step : STEPS) {
        tenants.submit("acme", DurableTenantsTest.step(step)).join();
        seconds.addAndGet(1);
      }
      durable.snapshot();
      // after the snapshot: journaled, replayed on top of it
      tenants
          .submit("acme", DurableTenantsTest.step("{\"RequestSetDNDOff\": {\"ThisDN\": \"5003\"}}"))
          .join();
      digest = tenants.inspect("acme", TenantEngine::stateDigest);
    }
    try (DurableTenants durable = open()) {
      assertThat(durable.recovery().snapshot()).isPositive();
      assertThat(durable.recovery().mismatches()).isZero();
      Tenants tenants = durable.tenants();
      assertThat(tenants.inspect("acme", TenantEngine::stateDigest)).isEqualTo(digest);
      // the timers came back with the state: the routing point's default routing falls due
      seconds.addAndGet(60);
      Outcome advanced = tenants.submit("acme", new Advance(Duration.ZERO)).join();
      assertThat(advanced.deliveries()).isNotEmpty();
    }
  }

  @Test
  void aRestartFromASnapshotKeepsTheAgents() {
    TenantConfig listed = CENTER.withAgents(AgentList.of(List.of("1001", "1002")));
    DurableTenants first =
        DurableTenants.open(
            JournalSettings.of(dir),
            List.of(listed),
            clock,
            t -> IdSource.sequential(0x1000),
            new TestKeying(),
            Optional.of(codec));
    try (first) {
      Tenants tenants = first.tenants();
      tenants.submit("acme", DurableTenantsTest.step(STEPS.get(0))).join();
      tenants.reconfigure("acme", e -> e.addAgent("1003"));
      assertThat(first.snapshot()).isPresent();
    }
    // opened with the configuration it had at first: the list comes from the snapshot, and the
    // one given now applies on top of it
    try (DurableTenants durable =
        DurableTenants.open(
            JournalSettings.of(dir),
            List.of(listed.withAgents(AgentList.of(List.of("1001", "1002", "1003")))),
            clock,
            t -> IdSource.sequential(0x1000),
            new TestKeying(),
            Optional.of(codec))) {
      assertThat(durable.recovery().snapshot()).isPositive();
      assertThat(durable.recovery().steps()).isZero();
      Tenants tenants = durable.tenants();
      assertThat(tenants.inspect("acme", TenantEngine::config).agents())
          .isEqualTo(AgentList.of(List.of("1001", "1002", "1003")));
      assertThat(tenants.view("acme").agents())
          .extracting(a -> a.agentId())
          .containsExactly("1001");
      Outcome unknown =
          tenants
              .submit(
                  "acme",
                  DurableTenantsTest.step(
                      "{\"RequestAgentLogin\": {\"ThisDN\": \"5003\", \"AgentID\": \"1009\"}}"))
              .join();
      assertThat(unknown.errorCode()).contains(ErrorCode.UnknownAgent);
    }
  }

  @Test
  void theOptionsOfADnAreWrittenInNameOrderWhateverOrderTheyWereGivenIn() {
    Map<String, String> given = new LinkedHashMap<>();
    given.put("routeTimeout", "15");
    given.put("defaultDestination", "7001");
    List<DirectoryEntry> directory =
        List.of(
            new DirectoryEntry("7001", DNType.ACDQueue),
            new DirectoryEntry("8001", DNType.RoutingPoint, given));
    byte[] bytes =
        codec.encode(
            new TenantEngine(TenantConfig.of("acme", directory), clock, IdSource.sequential(1)));
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    assertThat(text.indexOf("defaultDestination"))
        .isPositive()
        .isLessThan(text.indexOf("routeTimeout"));
  }

  @Test
  void bytesThatAreNotASnapshotAreRefused() {
    assertThatThrownBy(
            () -> codec.decode(CENTER, new byte[] {0, 0, 0, 1}, clock, IdSource.sequential(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("another state");
  }
}
