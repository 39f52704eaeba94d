package io.switchboard.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.switchboard.engine.AgentList;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.HandledStep;
import io.switchboard.engine.TenantConfig;
import io.switchboard.json.Json;
import io.switchboard.json.StepJson;
import io.switchboard.model.DNType;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * What one journal entry says: a step a tenant's engine ran, or a change of the tenants. The
 * payload is binary: a format byte, a kind byte, then the fields in the order of the record
 * components (strings as modified UTF-8, byte arrays and lists with their length first).
 *
 * <p>A {@link Configured} entry (kind 2) is the tenant, its {@code Server} name, its user-data
 * limit and its directory, then optional sections, each a section byte and its content, up to the
 * end of the payload. Section 1 is the tenant's list of agents (a count, then the AgentIDs); it is
 * written only when the tenant has a list, so that a tenant that accepts any AgentID is written as
 * before the section existed, and a payload that ends after the directory (written before agents
 * were configured) reads as a tenant that accepts any AgentID. A section byte this version does not
 * know is refused: the payload was written by a later version.
 */
public sealed interface JournalEntry
    permits JournalEntry.Step,
        JournalEntry.DigestedStep,
        JournalEntry.Configured,
        JournalEntry.Snapshot,
        JournalEntry.Removed {

  /** The format of the payloads this version writes; it reads only this one. */
  int FORMAT = 1;

  /** The section of a {@link Configured} payload that holds the tenant's list of agents. */
  int AGENTS_SECTION = 1;

  /**
   * The section of a {@link Step} payload that holds the idempotency key it was sent under: a step
   * payload that ends after its events (all those written before keys existed) has none.
   */
  int IDEMPOTENCY_SECTION = 1;

  /** The tenant the entry is about. */
  String tenant();

  /**
   * A step as the engine ran it, and the events it published with their keys and sequence numbers.
   *
   * @param tenant the tenant
   * @param instant the instant the engine read
   * @param connIds the connection ids it drew, in order
   * @param step the step as JSON ({@code StepJson.toJson}), UTF-8; taken as it is, not copied
   * @param events the published events, in order
   * @param idempotencyKey the key the client sent the step under, if any (a section of the payload,
   *     {@link #IDEMPOTENCY_SECTION}, written only when there is one)
   */
  record Step(
      String tenant,
      Instant instant,
      List<Long> connIds,
      byte[] step,
      List<JournaledEvent> events,
      Optional<String> idempotencyKey)
      implements JournalEntry {
    public Step {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(instant, "instant");
      connIds = List.copyOf(connIds);
      Objects.requireNonNull(step, "step");
      events = List.copyOf(events);
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** A step sent without an idempotency key. */
    public Step(
        String tenant,
        Instant instant,
        List<Long> connIds,
        byte[] step,
        List<JournaledEvent> events) {
      this(tenant, instant, connIds, step, events, Optional.empty());
    }

    /** The entry of a step the engine ran, with its published events numbered. */
    public static Step of(HandledStep handled, List<JournaledEvent> events) {
      byte[] json;
      try {
        json = Json.mapper().writeValueAsBytes(StepJson.toJson(handled.step()));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(
            "cannot write step " + handled.step().name() + " as JSON", e);
      }
      return new Step(
          handled.tenant(),
          handled.instant(),
          handled.connIds(),
          json,
          events,
          handled.idempotencyKey());
    }

    /** The step's JSON (a copy). */
    @Override
    public byte[] step() {
      return step.clone();
    }

    /** The step's JSON as text. */
    public String stepText() {
      return new String(step, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Step other
          && tenant.equals(other.tenant)
          && instant.equals(other.instant)
          && connIds.equals(other.connIds)
          && Arrays.equals(step, other.step)
          && events.equals(other.events)
          && idempotencyKey.equals(other.idempotencyKey);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tenant, instant, connIds, Arrays.hashCode(step), events, idempotencyKey);
    }

    @Override
    public String toString() {
      return "Step[" + tenant + " " + stepText() + " at " + instant + ", " + events.size() + "]";
    }

    /** The step with its events kept as digests, as a cluster's step log records it. */
    public DigestedStep digested() {
      List<EventDigest> digests = new ArrayList<>(events.size());
      for (JournaledEvent event : events) {
        digests.add(EventDigest.of(event));
      }
      return new DigestedStep(tenant, instant, connIds, step, digests, idempotencyKey);
    }
  }

  /**
   * A step as a cluster's step log records it (kind 5): a {@link Step} whose published events are
   * kept as digests, not bodies. The event records hold the bodies; a rebuild runs the step again,
   * which makes them again, and the digests tell whether they came out the same. The payload is a
   * step's, but each event's body is replaced by its length and CRC-32C.
   *
   * @param events the published events, in order, without their bodies
   */
  record DigestedStep(
      String tenant,
      Instant instant,
      List<Long> connIds,
      byte[] step,
      List<EventDigest> events,
      Optional<String> idempotencyKey)
      implements JournalEntry {
    public DigestedStep {
      Objects.requireNonNull(tenant, "tenant");
      Objects.requireNonNull(instant, "instant");
      connIds = List.copyOf(connIds);
      Objects.requireNonNull(step, "step");
      events = List.copyOf(events);
      Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    /** The step's JSON (a copy). */
    @Override
    public byte[] step() {
      return step.clone();
    }

    /** The step's JSON as text. */
    public String stepText() {
      return new String(step, StandardCharsets.UTF_8);
    }

    /**
     * The step with its events' bodies, as running it again made them.
     *
     * @throws IllegalArgumentException if there are not as many bodies as events
     */
    public Step withBodies(List<byte[]> bodies) {
      if (bodies.size() != events.size()) {
        throw new IllegalArgumentException(
            bodies.size() + " event bodies for the " + events.size() + " events of a step");
      }
      List<JournaledEvent> full = new ArrayList<>(events.size());
      for (int i = 0; i < events.size(); i++) {
        EventDigest event = events.get(i);
        full.add(
            new JournaledEvent(
                event.topic(), event.key(), event.seq(), event.timestamp(), bodies.get(i)));
      }
      return new Step(tenant, instant, connIds, step, full, idempotencyKey);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof DigestedStep other
          && tenant.equals(other.tenant)
          && instant.equals(other.instant)
          && connIds.equals(other.connIds)
          && Arrays.equals(step, other.step)
          && events.equals(other.events)
          && idempotencyKey.equals(other.idempotencyKey);
    }

    @Override
    public int hashCode() {
      return Objects.hash(tenant, instant, connIds, Arrays.hashCode(step), events, idempotencyKey);
    }

    @Override
    public String toString() {
      return "DigestedStep["
          + tenant
          + " "
          + stepText()
          + " at "
          + instant
          + ", "
          + events.size()
          + "]";
    }
  }

  /**
   * A published event without its body: what a {@link DigestedStep} keeps of it.
   *
   * @param length the body's length in bytes
   * @param crc the body's CRC-32C
   */
  record EventDigest(String topic, String key, long seq, long timestamp, int length, int crc) {
    public EventDigest {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(key, "key");
    }

    /** The digest of {@code event}. */
    public static EventDigest of(JournaledEvent event) {
      byte[] body = event.valueBytes();
      return new EventDigest(
          event.topic(), event.key(), event.seq(), event.timestamp(), body.length, crc(body));
    }

    /** Whether {@code body} is the body this digest was made of (as far as a CRC can tell). */
    public boolean matches(byte[] body) {
      return body.length == length && crc(body) == crc;
    }

    private static int crc(byte[] body) {
      CRC32C crc = new CRC32C();
      crc.update(body);
      return (int) crc.getValue();
    }
  }

  /**
   * A tenant added, or its directory or agents changed: its configuration from then on.
   *
   * @param config the configuration
   */
  record Configured(TenantConfig config) implements JournalEntry {
    public Configured {
      Objects.requireNonNull(config, "config");
    }

    @Override
    public String tenant() {
      return config.tenant();
    }
  }

  /**
   * A tenant's whole state at this point of the log (a cluster's step log writes them): a rebuild
   * may restore it and replay only what follows.
   *
   * @param snapshot the state
   */
  record Snapshot(TenantSnapshot snapshot) implements JournalEntry {
    public Snapshot {
      Objects.requireNonNull(snapshot, "snapshot");
    }

    @Override
    public String tenant() {
      return snapshot.tenant();
    }
  }

  /**
   * A tenant removed.
   *
   * @param tenant the tenant
   */
  record Removed(String tenant) implements JournalEntry {
    public Removed {
      Objects.requireNonNull(tenant, "tenant");
    }
  }

  /** The payload of this entry. */
  default byte[] encode() {
    ExactBytes bytes = new ExactBytes(encodedSize(this));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      if (this instanceof Step s) {
        out.writeByte(1);
        writeStepHead(out, s.tenant(), s.instant(), s.connIds(), s.step);
        out.writeInt(s.events().size());
        for (JournaledEvent event : s.events()) {
          out.writeUTF(event.topic());
          out.writeUTF(event.key());
          out.writeLong(event.seq());
          out.writeLong(event.timestamp());
          writeBytes(out, event.valueBytes());
        }
        writeIdempotencyKey(out, s.idempotencyKey());
      } else if (this instanceof DigestedStep s) {
        out.writeByte(5);
        writeStepHead(out, s.tenant(), s.instant(), s.connIds(), s.step);
        out.writeInt(s.events().size());
        for (EventDigest event : s.events()) {
          out.writeUTF(event.topic());
          out.writeUTF(event.key());
          out.writeLong(event.seq());
          out.writeLong(event.timestamp());
          out.writeInt(event.length());
          out.writeInt(event.crc());
        }
        writeIdempotencyKey(out, s.idempotencyKey());
      } else if (this instanceof Configured c) {
        out.writeByte(2);
        TenantConfig config = c.config();
        out.writeUTF(config.tenant());
        out.writeUTF(config.server());
        out.writeInt(config.userDataLimit());
        out.writeInt(config.directory().size());
        for (DirectoryEntry entry : config.directory()) {
          out.writeUTF(entry.dn());
          out.writeUTF(entry.type().name());
          Map<String, String> options = new TreeMap<>(entry.options());
          out.writeInt(options.size());
          for (Map.Entry<String, String> option : options.entrySet()) {
            out.writeUTF(option.getKey());
            out.writeUTF(option.getValue());
          }
        }
        if (config.agents().ids().isPresent()) {
          Set<String> agents = config.agents().ids().get();
          out.writeByte(AGENTS_SECTION);
          out.writeInt(agents.size());
          for (String agent : agents) {
            out.writeUTF(agent);
          }
        }
      } else if (this instanceof Removed r) {
        out.writeByte(3);
        out.writeUTF(r.tenant());
      } else if (this instanceof Snapshot s) {
        out.writeByte(4);
        writeBytes(out, s.snapshot().encode());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.bytes();
  }

  /**
   * The size of the payload of {@code entry} (exact for a step, the hot path: no buffer grows and
   * the payload is not copied at the end).
   */
  private static int encodedSize(JournalEntry entry) {
    if (entry instanceof Step s) {
      int size = 2 + utfSize(s.tenant()) + 8 + 4 + 4 + 8 * s.connIds().size() + 4;
      size += 4 + s.step.length;
      for (JournaledEvent event : s.events()) {
        size += utfSize(event.topic()) + utfSize(event.key()) + 8 + 8 + 4;
        size += event.valueBytes().length;
      }
      if (s.idempotencyKey().isPresent()) {
        size += 1 + utfSize(s.idempotencyKey().get());
      }
      return size;
    }
    if (entry instanceof DigestedStep s) {
      int size = 2 + utfSize(s.tenant()) + 8 + 4 + 4 + 8 * s.connIds().size() + 4;
      size += 4 + s.step.length;
      for (EventDigest event : s.events()) {
        size += utfSize(event.topic()) + utfSize(event.key()) + 8 + 8 + 4 + 4;
      }
      if (s.idempotencyKey().isPresent()) {
        size += 1 + utfSize(s.idempotencyKey().get());
      }
      return size;
    }
    return 256;
  }

  /** The bytes {@link DataOutputStream#writeUTF} writes for {@code text}. */
  private static int utfSize(String text) {
    int size = 2;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      size += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
    }
    return size;
  }

  /**
   * Reads an entry's payload.
   *
   * @throws IllegalArgumentException if the payload is not an entry of this format
   */
  public static JournalEntry decode(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int format = in.readUnsignedByte();
      if (format != FORMAT) {
        throw new IllegalArgumentException(
            "journal entry of format "
                + format
                + "; this version reads format "
                + FORMAT
                + " only: run the version that wrote the journal until it has published"
                + " everything");
      }
      int kind = in.readUnsignedByte();
      switch (kind) {
        case 1, 5 -> {
          String tenant = in.readUTF();
          Instant instant = Instant.ofEpochSecond(in.readLong(), in.readInt());
          int ids = in.readInt();
          List<Long> connIds = new ArrayList<>(ids);
          for (int i = 0; i < ids; i++) {
            connIds.add(in.readLong());
          }
          byte[] step = readBytes(in);
          int count = in.readInt();
          if (kind == 1) {
            List<JournaledEvent> events = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
              events.add(
                  new JournaledEvent(
                      in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), readBytes(in)));
            }
            return new Step(tenant, instant, connIds, step, events, readIdempotencyKey(in, tenant));
          }
          List<EventDigest> digests = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            digests.add(
                new EventDigest(
                    in.readUTF(),
                    in.readUTF(),
                    in.readLong(),
                    in.readLong(),
                    in.readInt(),
                    in.readInt()));
          }
          return new DigestedStep(
              tenant, instant, connIds, step, digests, readIdempotencyKey(in, tenant));
        }
        case 2 -> {
          String tenant = in.readUTF();
          String server = in.readUTF();
          int limit = in.readInt();
          int count = in.readInt();
          List<DirectoryEntry> directory = new ArrayList<>(count);
          for (int i = 0; i < count; i++) {
            String dn = in.readUTF();
            DNType type = DNType.valueOf(in.readUTF());
            int size = in.readInt();
            Map<String, String> options = new LinkedHashMap<>();
            for (int o = 0; o < size; o++) {
              options.put(in.readUTF(), in.readUTF());
            }
            directory.add(new DirectoryEntry(dn, type, options));
          }
          AgentList agents = AgentList.any();
          while (in.available() > 0) {
            int section = in.readUnsignedByte();
            if (section != AGENTS_SECTION) {
              throw new IllegalArgumentException(
                  "the configuration of tenant '"
                      + tenant
                      + "' has a section "
                      + section
                      + " this version does not know: run the version that wrote the journal");
            }
            int size = in.readInt();
            if (size < 0 || size > in.available()) {
              throw new IOException("impossible number of agents " + size);
            }
            List<String> ids = new ArrayList<>(size);
            for (int a = 0; a < size; a++) {
              ids.add(in.readUTF());
            }
            agents = AgentList.of(ids);
          }
          return new Configured(new TenantConfig(tenant, directory, server, limit, agents));
        }
        case 3 -> {
          return new Removed(in.readUTF());
        }
        case 4 -> {
          return new Snapshot(TenantSnapshot.decode(readBytes(in)));
        }
        default -> throw new IllegalArgumentException("unknown journal entry kind " + kind);
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("a journal entry cut short: " + e, e);
    }
  }

  /** What a step's payload begins with, whether its events are bodies or digests. */
  private static void writeStepHead(
      DataOutputStream out, String tenant, Instant instant, List<Long> connIds, byte[] step)
      throws IOException {
    out.writeUTF(tenant);
    out.writeLong(instant.getEpochSecond());
    out.writeInt(instant.getNano());
    out.writeInt(connIds.size());
    for (long id : connIds) {
      out.writeLong(id);
    }
    writeBytes(out, step);
  }

  private static void writeIdempotencyKey(DataOutputStream out, Optional<String> key)
      throws IOException {
    if (key.isPresent()) {
      out.writeByte(IDEMPOTENCY_SECTION);
      out.writeUTF(key.get());
    }
  }

  /** The sections that end a step's payload: its idempotency key, if it has one. */
  private static Optional<String> readIdempotencyKey(DataInputStream in, String tenant)
      throws IOException {
    Optional<String> key = Optional.empty();
    while (in.available() > 0) {
      int section = in.readUnsignedByte();
      if (section != IDEMPOTENCY_SECTION) {
        throw new IllegalArgumentException(
            "a step of tenant '"
                + tenant
                + "' has a section "
                + section
                + " this version does not know: run the version that wrote it");
      }
      key = Optional.of(in.readUTF());
    }
    return key;
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > Journal.MAX_PAYLOAD) {
      throw new IOException("impossible length " + length);
    }
    return in.readNBytes(length);
  }
}
