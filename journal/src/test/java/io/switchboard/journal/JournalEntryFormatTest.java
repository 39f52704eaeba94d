package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.DNType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Entries as earlier versions wrote them, stored as fixtures: this version reads each of them, and
 * writes the same entry byte for byte. The journal and a cluster's step log both hold these
 * payloads, so this is what lets a restart on an old journal, or a rolling upgrade of a cluster,
 * read what was written before. A change of the format must keep these files readable; add a
 * fixture for each new section.
 */
class JournalEntryFormatTest {

  static final byte[] STEP =
      "{\"RequestSetDNDOn\":{\"ThisDN\":\"5001\"}}".getBytes(StandardCharsets.UTF_8);
  static final List<JournaledEvent> EVENTS =
      List.of(
          new JournaledEvent(
              "AGENT_STATE",
              "acme:5001",
              4,
              1_700_000_000_123L,
              "{\"id\":\"EventDNDOn\",\"ThisDN\":\"5001\"}".getBytes(StandardCharsets.UTF_8)));
  static final Instant AT = Instant.ofEpochSecond(1_700_000_000L, 123_456_000);

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = JournalEntryFormatTest.class.getResourceAsStream("/entries/" + name)) {
      assertThat(in).as("fixture %s", name).isNotNull();
      return HexFormat.of()
          .parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
    }
  }

  static void readsAndWritesTheSame(String name, JournalEntry expected) throws IOException {
    byte[] stored = fixture(name);
    assertThat(JournalEntry.decode(stored)).as(name).isEqualTo(expected);
    assertThat(expected.encode()).as("%s written again", name).isEqualTo(stored);
  }

  @Test
  void aStepWithoutIdempotencyKeyAsEveryEarlierVersionWroteIt() throws IOException {
    readsAndWritesTheSame(
        "step-format-1.hex", new JournalEntry.Step("acme", AT, List.of(7L, 8L), STEP, EVENTS));
  }

  @Test
  void aStepSentUnderAnIdempotencyKey() throws IOException {
    JournalEntry.Step step =
        new JournalEntry.Step(
            "acme", AT, List.of(7L, 8L), STEP, EVENTS, Optional.of("5b3c2a2e-key"));
    readsAndWritesTheSame("step-format-1-idempotency-key.hex", step);
  }

  @Test
  void aStepWithItsEventsAsDigestsAsClusterModeRecordsIt() throws IOException {
    JournalEntry.Step step =
        new JournalEntry.Step(
            "acme", AT, List.of(7L, 8L), STEP, EVENTS, Optional.of("5b3c2a2e-key"));
    JournalEntry.DigestedStep digested = step.digested();
    readsAndWritesTheSame("step-digests-format-1.hex", digested);
    assertThat(digested.events().get(0).matches(EVENTS.get(0).value())).isTrue();
    assertThat(digested.events().get(0).matches("{\"id\":\"EventDNDOff\"}".getBytes())).isFalse();
    assertThat(digested.withBodies(List.of(EVENTS.get(0).value()))).isEqualTo(step);
  }

  @Test
  void aConfigurationWithAgents() throws IOException {
    readsAndWritesTheSame(
        "configured-format-1-agents.hex",
        new JournalEntry.Configured(
            new TenantConfig(
                "acme",
                List.of(
                    new DirectoryEntry("5001", DNType.Extension, Map.of("wrapUpTime", "30")),
                    new DirectoryEntry("7001", DNType.ACDQueue)),
                "sb-1",
                2_000,
                AgentList.of(List.of("1001", "1002")))));
  }

  @Test
  void aTenantSnapshotWithItsEngineCountersAndIdempotencyKeys() throws IOException {
    byte[] stored = fixture("snapshot-format-1.hex");
    JournalEntry.Snapshot entry = (JournalEntry.Snapshot) JournalEntry.decode(stored);
    TenantSnapshot snapshot = entry.snapshot();
    assertThat(snapshot.tenant()).isEqualTo("acme");
    assertThat(snapshot.config().directory())
        .extracting(DirectoryEntry::dn)
        .containsExactly("5001", "5002");
    assertThat(snapshot.steps()).isEqualTo(1);
    assertThat(snapshot.highestConnId()).isEqualTo(0x1000L);
    assertThat(snapshot.counters())
        .containsEntry("CALL_THREAD", Map.of("acme:0000000000001000", 2L));
    assertThat(snapshot.keys())
        .singleElement()
        .satisfies(
            kept -> {
              assertThat(kept.key()).isEqualTo("make-1");
              assertThat(kept.step().name()).isEqualTo("RequestMakeCall");
              assertThat(kept.outcome().published())
                  .extracting(e -> e.type().name())
                  .containsExactly("EventDialing", "EventRinging");
            });
    // the engine's state reads back: the call it made is there
    io.switchboard.engine.TenantEngine engine =
        new EngineSnapshotCodec()
            .decode(
                snapshot.config(),
                snapshot.engine(),
                () -> AT,
                io.switchboard.engine.IdSource.sequential(0x2000));
    assertThat(engine.callsInProgress()).isEqualTo(1);
    assertThat(entry.encode()).as("written again").isEqualTo(stored);
  }

  @Test
  void aRemovedTenant() throws IOException {
    readsAndWritesTheSame("removed-format-1.hex", new JournalEntry.Removed("acme"));
  }
}
