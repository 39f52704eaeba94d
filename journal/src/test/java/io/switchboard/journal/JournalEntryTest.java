package io.switchboard.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.model.DNType;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
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

  static final List<DirectoryEntry> DIRECTORY =
      List.of(
          new DirectoryEntry("5001", DNType.Extension, Map.of("wrapUpTime", "30")),
          new DirectoryEntry("7001", DNType.ACDQueue));

  @Test
  void aConfigurationRoundTripsWithAndWithoutAgents() {
    for (AgentList agents :
        List.of(
            AgentList.any(),
            AgentList.of(List.of()),
            AgentList.of(List.of("1002", "1001", "é-1")))) {
      TenantConfig config = new TenantConfig("acme", DIRECTORY, "sb-1", 2_000, agents);
      JournalEntry decoded = JournalEntry.decode(new JournalEntry.Configured(config).encode());
      assertThat(decoded).isEqualTo(new JournalEntry.Configured(config));
      assertThat(((JournalEntry.Configured) decoded).config().agents()).isEqualTo(agents);
    }
  }

  @Test
  void aConfigurationWrittenBeforeAgentsExistedReadsAsAnyAgent() throws Exception {
    // the payload of kind 2 as it was before the agents section: it ends after the directory
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeByte(2);
      out.writeUTF("acme");
      out.writeUTF("sb-1");
      out.writeInt(2_000);
      out.writeInt(2);
      out.writeUTF("5001");
      out.writeUTF("Extension");
      out.writeInt(1);
      out.writeUTF("wrapUpTime");
      out.writeUTF("30");
      out.writeUTF("7001");
      out.writeUTF("ACDQueue");
      out.writeInt(0);
    }
    byte[] old = bytes.toByteArray();
    TenantConfig config = ((JournalEntry.Configured) JournalEntry.decode(old)).config();
    assertThat(config).isEqualTo(new TenantConfig("acme", DIRECTORY, "sb-1", 2_000));
    assertThat(config.agents().acceptsAny()).isTrue();
    // and a tenant that accepts any agent is still written exactly so
    assertThat(new JournalEntry.Configured(config).encode()).isEqualTo(old);
  }

  @Test
  void aSectionOfALaterVersionIsRefused() {
    byte[] payload =
        new JournalEntry.Configured(new TenantConfig("acme", DIRECTORY, "sb-1", 2_000)).encode();
    byte[] longer = Arrays.copyOf(payload, payload.length + 1);
    longer[payload.length] = 7;
    assertThatThrownBy(() -> JournalEntry.decode(longer))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("section 7 this version does not know");
    byte[] cut =
        Arrays.copyOf(
            new JournalEntry.Configured(
                    new TenantConfig(
                        "acme", DIRECTORY, "sb-1", 2_000, AgentList.of(List.of("1001"))))
                .encode(),
            payload.length + 3);
    assertThatThrownBy(() -> JournalEntry.decode(cut)).isInstanceOf(IllegalArgumentException.class);
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
