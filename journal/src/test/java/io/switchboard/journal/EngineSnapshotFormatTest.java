package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.model.DNType;
import io.switchboard.model.request.Advance;
import io.switchboard.model.request.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An engine state as an earlier version wrote it, stored as a fixture ({@code
 * entries/engine-snapshot-format-1.hex}): agents logged in and ready, in after-call work and on a
 * call, a call waiting in a queue, a call at a routing point, a held call, DND and forwarding. This
 * version reads it, writes it again byte for byte, and goes on from it as the engine that wrote it
 * did (the events of the timers that were pending). Rewrite the fixture only for a new format,
 * never to make a change of the engine pass: run {@link #main} with the path of the fixture to
 * write it from the steps below.
 */
class EngineSnapshotFormatTest {

  static final String FIXTURE = "engine-snapshot-format-1.hex";

  static final List<String> STEPS =
      List.of(
          "{\"RequestAgentLogin\": {\"ThisDN\": \"5001\", \"AgentID\": \"1001\", \"ThisQueue\":"
              + " \"7001\", \"AgentWorkMode\": \"ManualIn\"}}",
          "{\"RequestAgentReady\": {\"ThisDN\": \"5001\", \"AgentWorkMode\": \"ManualIn\"}}",
          "{\"RequestAgentLogin\": {\"ThisDN\": \"5002\", \"AgentID\": \"1002\", \"ThisQueue\":"
              + " \"7001\", \"AgentWorkMode\": \"AutoIn\"}}",
          "{\"InboundCall\": {\"From\": \"+14155550100\", \"To\": \"7001\", \"UserData\":"
              + " {\"Segment\": \"Gold\", \"Tier\": 2, \"Nested\": {\"A\": \"b\"}}}}",
          "{\"RequestAnswerCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"0000000000001000\"}}",
          "{\"InboundCall\": {\"From\": \"+14155550101\", \"To\": \"7001\"}}",
          "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"0000000000001001\"}}",
          "{\"RequestReleaseCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"0000000000001001\"}}",
          "{\"InboundCall\": {\"From\": \"+14155550102\", \"To\": \"7001\"}}",
          "{\"InboundCall\": {\"From\": \"+14155550103\", \"To\": \"8001\"}}",
          "{\"RequestSetDNDOn\": {\"ThisDN\": \"5003\"}}",
          "{\"RequestSetCallForward\": {\"ThisDN\": \"5004\", \"OtherDN\": \"5003\"}}",
          "{\"RequestMakeCall\": {\"ThisDN\": \"5003\", \"OtherDN\": \"+14155550199\"}}",
          "{\"RemoteAnswer\": {\"ConnID\": \"0000000000001004\", \"DN\": \"+14155550199\"}}",
          "{\"RequestHoldCall\": {\"ThisDN\": \"5003\", \"ConnID\": \"0000000000001004\"}}",
          "{\"RequestAttachUserData\": {\"ThisDN\": \"5001\", \"ConnID\": \"0000000000001000\","
              + " \"UserData\": {\"Case\": \"42\"}}}");

  /**
   * At most one option a DN, as when the fixture was written: a DN's options were then written in
   * the order of their map, which for several options changed from one JVM to the next (they are
   * now in name order).
   */
  static final TenantConfig CENTER =
      TenantConfig.of(
          "acme",
          List.of(
              new DirectoryEntry("5001", DNType.Extension),
              new DirectoryEntry("5002", DNType.Extension, Map.of("wrapUpTime", "20")),
              new DirectoryEntry("5003", DNType.Extension),
              new DirectoryEntry("5004", DNType.Extension),
              new DirectoryEntry("7001", DNType.ACDQueue, Map.of("noAnswerTimeout", "10")),
              new DirectoryEntry(
                  "8001", DNType.RoutingPoint, Map.of("defaultDestination", "7001"))));

  static final long START = 1_700_000_000L;

  /** The engine the steps leave, one second apart. */
  static TenantEngine written(AtomicLong seconds) {
    InstantSource clock = () -> Instant.ofEpochSecond(seconds.get(), 250_000_000);
    TenantEngine engine = new TenantEngine(CENTER, clock, IdSource.sequential(0x1000));
    for (String json : STEPS) {
      Step step = DurableTenantsTest.step(json);
      Outcome outcome = engine.handle(step);
      assertThat(outcome.rejected()).as("%s: %s", json, outcome).isFalse();
      seconds.incrementAndGet();
    }
    return engine;
  }

  static byte[] fixture() throws IOException {
    return JournalEntryFormatTest.fixture(FIXTURE);
  }

  @Test
  void anEngineStateAsWrittenEarlierReadsBackAndIsWrittenTheSame() throws IOException {
    byte[] stored = fixture();
    EngineSnapshotCodec codec = new EngineSnapshotCodec();
    TenantEngine engine =
        codec.decode(
            CENTER,
            stored,
            () -> Instant.ofEpochSecond(START + 1000, 250_000_000),
            IdSource.sequential(0x2000));
    assertThat(codec.encode(engine)).as("written again").isEqualTo(stored);
    assertThat(engine.callsInProgress()).isEqualTo(4);
    assertThat(engine.view().agents()).hasSize(2);
    // and it is the state the steps make today
    assertThat(engine.stateDigest()).isEqualTo(written(new AtomicLong(START)).stateDigest());
  }

  @Test
  void theRestoredEngineGoesOnAsTheOneThatWroteIt() throws IOException {
    AtomicLong seconds = new AtomicLong(START + 1000);
    TenantEngine restored =
        new EngineSnapshotCodec()
            .decode(
                CENTER,
                fixture(),
                () -> Instant.ofEpochSecond(seconds.get(), 250_000_000),
                IdSource.sequential(0x2000));
    Outcome advanced = restored.handle(new Advance(Duration.ZERO));
    assertThat(advanced.deliveries())
        .extracting(d -> d.party() + " " + d.event().type())
        .as("the timers pending in the fixture fall due")
        .containsExactly("5002 EventReleased", "5002 EventAgentNotReady", "7001 EventQueued");
    AtomicLong writer = new AtomicLong(START);
    TenantEngine original = written(writer);
    writer.set(START + 1000);
    assertThat(advanced.deliveries())
        .as("the same events as the engine that wrote the fixture")
        .isEqualTo(original.handle(new Advance(Duration.ZERO)).deliveries());
    assertThat(restored.invariantViolations()).isEmpty();
  }

  /** Writes the fixture: {@code main(path)}; see the class comment before doing so. */
  public static void main(String[] args) throws IOException {
    byte[] bytes = new EngineSnapshotCodec().encode(written(new AtomicLong(START)));
    Files.writeString(Path.of(args[0]), HexFormat.of().formatHex(bytes) + "\n");
  }
}
