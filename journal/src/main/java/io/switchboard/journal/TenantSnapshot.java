package io.switchboard.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.switchboard.engine.Delivery;
import io.switchboard.engine.IdempotencyKeys;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.EventJson;
import io.switchboard.json.Json;
import io.switchboard.json.StepJson;
import io.switchboard.model.ConnId;
import io.switchboard.model.request.Step;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One tenant's whole state at a point of its log, for a snapshot written into the log itself (a
 * cluster's step log, {@link JournalEntry.Snapshot}): its configuration, its engine's state (an
 * {@link EngineCodec}'s bytes), the numbers of its keys, the highest connection id it drew, how
 * many steps it ran, and the idempotency keys it keeps with their outcomes. Restoring it and
 * replaying what follows it in the log gives the same tenant as replaying the whole log.
 *
 * @param config the configuration
 * @param engine the engine's state
 * @param counters the last {@code switchboard.seq} of each key, by topic
 * @param highestConnId the highest connection id drawn
 * @param steps the steps the tenant ran up to here
 * @param keys the idempotency keys kept, oldest first
 */
public record TenantSnapshot(
    TenantConfig config,
    byte[] engine,
    Map<String, Map<String, Long>> counters,
    long highestConnId,
    long steps,
    List<IdempotencyKeys.Kept> keys) {

  public TenantSnapshot {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(engine, "engine");
    counters = Map.copyOf(counters);
    keys = List.copyOf(keys);
  }

  /** The tenant. */
  public String tenant() {
    return config.tenant();
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(engine.length + 256);
    EventJson json = new EventJson();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      byte[] configuration = new JournalEntry.Configured(config).encode();
      out.writeInt(configuration.length);
      out.write(configuration);
      out.writeInt(engine.length);
      out.write(engine);
      out.writeInt(counters.size());
      for (Map.Entry<String, Map<String, Long>> topic : counters.entrySet()) {
        out.writeUTF(topic.getKey());
        out.writeInt(topic.getValue().size());
        for (Map.Entry<String, Long> key : topic.getValue().entrySet()) {
          out.writeUTF(key.getKey());
          out.writeLong(key.getValue());
        }
      }
      out.writeLong(highestConnId);
      out.writeLong(steps);
      out.writeInt(keys.size());
      for (IdempotencyKeys.Kept kept : keys) {
        out.writeUTF(kept.key());
        byte[] step = Json.mapper().writeValueAsBytes(StepJson.toJson(kept.step()));
        out.writeInt(step.length);
        out.write(step);
        out.writeLong(kept.at().getEpochSecond());
        out.writeInt(kept.at().getNano());
        Outcome outcome = kept.outcome();
        out.writeLong(outcome.referenceId());
        out.writeBoolean(outcome.connId().isPresent());
        if (outcome.connId().isPresent()) {
          out.writeUTF(outcome.connId().get().toString());
        }
        out.writeInt(outcome.deliveries().size());
        for (Delivery delivery : outcome.deliveries()) {
          out.writeUTF(delivery.party());
          byte[] event = json.encode(delivery.event());
          out.writeInt(event.length);
          out.write(event);
        }
      }
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a step of tenant " + tenant() + " as JSON", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  static TenantSnapshot decode(byte[] payload) throws IOException {
    EventJson json = new EventJson();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      if (!(JournalEntry.decode(read(in)) instanceof JournalEntry.Configured configured)) {
        throw new IOException("a tenant snapshot without its configuration");
      }
      TenantConfig config = configured.config();
      byte[] engine = read(in);
      int topics = in.readInt();
      Map<String, Map<String, Long>> counters = new HashMap<>();
      for (int t = 0; t < topics; t++) {
        String topic = in.readUTF();
        int count = in.readInt();
        Map<String, Long> values = new HashMap<>();
        for (int k = 0; k < count; k++) {
          values.put(in.readUTF(), in.readLong());
        }
        counters.put(topic, values);
      }
      long highest = in.readLong();
      long steps = in.readLong();
      int count = in.readInt();
      List<IdempotencyKeys.Kept> keys = new ArrayList<>(count);
      for (int k = 0; k < count; k++) {
        String key = in.readUTF();
        Step step =
            StepJson.parse(
                    Json.mapper().readTree(read(in)), ConnIdResolver.of(Map.of(), config.tenant()))
                .step();
        Instant at = Instant.ofEpochSecond(in.readLong(), in.readInt());
        long referenceId = in.readLong();
        Optional<ConnId> connId =
            in.readBoolean() ? Optional.of(ConnId.parse(in.readUTF())) : Optional.empty();
        int deliveries = in.readInt();
        List<Delivery> list = new ArrayList<>(deliveries);
        for (int d = 0; d < deliveries; d++) {
          String party = in.readUTF();
          list.add(new Delivery(party, json.decode(read(in))));
        }
        keys.add(new IdempotencyKeys.Kept(key, step, at, new Outcome(referenceId, list, connId)));
      }
      return new TenantSnapshot(config, engine, counters, highest, steps, keys);
    } catch (RuntimeException e) {
      throw new IOException("a tenant snapshot that cannot be read: " + e.getMessage(), e);
    }
  }

  private static byte[] read(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > Journal.MAX_PAYLOAD) {
      throw new IOException("impossible length " + length);
    }
    return in.readNBytes(length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TenantSnapshot other
        && config.equals(other.config)
        && java.util.Arrays.equals(engine, other.engine)
        && counters.equals(other.counters)
        && highestConnId == other.highestConnId
        && steps == other.steps
        && keys.equals(other.keys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(config, java.util.Arrays.hashCode(engine), counters, highestConnId, steps);
  }
}
