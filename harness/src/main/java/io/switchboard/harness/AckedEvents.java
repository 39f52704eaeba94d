package io.switchboard.harness;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.EventJson;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.model.Event;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The published events of acknowledged steps, as fingerprints by key and in order, to be looked for
 * on Kafka ({@link DeliveryCheck}). A fingerprint is a 64-bit hash of the event's wire form, so a
 * long run fits in memory. Thread-safe.
 */
public final class AckedEvents {

  /** The fingerprints of one key's events, in order. */
  static final class Fingerprints {
    private long[] values = new long[8];
    private int size;

    void add(long value) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = value;
    }

    int size() {
      return size;
    }

    long get(int index) {
      return values[index];
    }
  }

  private final String tenant;
  private final EventJson json = new EventJson();
  private final Map<String, Fingerprints> byKey = new HashMap<>();
  private final AtomicLong count = new AtomicLong();

  public AckedEvents(String tenant) {
    this.tenant = tenant;
  }

  /** The fingerprint of an event's wire form (FNV-1a, 64 bits). */
  static long fingerprint(byte[] value) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : value) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }

  /** The key of a record, as the check groups them: logical topic and record key. */
  static String key(String topic, String recordKey) {
    return topic + " " + recordKey;
  }

  /** Remembers the published events of an accepted step's answer ({@code events[].value}). */
  public void add(JsonNode answer) {
    add(tenant, answer);
  }

  /** Remembers the published events of an accepted step of {@code tenant}. */
  public void add(String tenant, JsonNode answer) {
    for (JsonNode delivery : answer.path("events")) {
      if (!delivery.path("published").asBoolean()) {
        continue;
      }
      Event event = json.fromTree(delivery.get("value"));
      String key = key(event.type().topic().name(), RecordKeys.key(tenant, event));
      long print = fingerprint(json.encode(event));
      synchronized (byKey) {
        byKey.computeIfAbsent(key, k -> new Fingerprints()).add(print);
      }
      count.incrementAndGet();
    }
  }

  /** The events remembered. */
  public long count() {
    return count.get();
  }

  /** The fingerprints by key (a copy of the map; do not add while reading). */
  Map<String, Fingerprints> byKey() {
    synchronized (byKey) {
      return new HashMap<>(byKey);
    }
  }
}
