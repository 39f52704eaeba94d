package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.DNType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalEntryTest {

  @Test
  void everyKindOfEntryRoundTrips() {
    JournalEntry step =
        new JournalEntry.Step(
            "acme",
            Instant.ofEpochSecond(1_700_000_000L, 123_456_000),
            List.of(1L, -2L),
            "{\"RequestSetDNDOn\":{\"ThisDN\":\"5001\"}}".getBytes(StandardCharsets.UTF_8),
            List.of(
                new JournaledEvent(
                    "AGENT_STATE",
                    "acme:5001",
                    4,
                    1_700_000_000_123L,
                    "{\"id\":\"EventDNDOn\"}".getBytes(StandardCharsets.UTF_8)),
                new JournaledEvent("CALL_THREAD", "", 0, 1, new byte[0])));
    JournalEntry configured =
        new JournalEntry.Configured(
            new TenantConfig(
                "acme",
                List.of(
                    new DirectoryEntry("5001", DNType.Extension, Map.of("wrapUpTime", "30")),
                    new DirectoryEntry(
                        "7001",
                        DNType.ACDQueue,
                        Map.of("overflow", "7002", "overflowTimeout", "5")),
                    new DirectoryEntry("7002", DNType.ACDQueue)),
                "sb-1",
                2_000));
    JournalEntry removed = new JournalEntry.Removed("acme");
    for (JournalEntry entry : List.of(step, configured, removed)) {
      assertThat(JournalEntry.decode(entry.encode())).isEqualTo(entry);
    }
  }

  @Test
  void anotherFormatIsRefusedWithAHint() {
    byte[] payload = new JournalEntry.Removed("acme").encode();
    payload[0] = 9;
    assertThatThrownBy(() -> JournalEntry.decode(payload))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("format 9")
        .hasMessageContaining("reads format 1");
  }

  @Test
  void eventIdsNameTheJournalThePositionAndTheIndex() {
    assertThat(JournaledEvent.eventId("0123456789abcdef", 42, 1))
        .isEqualTo("0123456789abcdef-42-1");
  }
}
