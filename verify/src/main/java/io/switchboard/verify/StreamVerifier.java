package io.switchboard.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks a stream of Switchboard records as a consumer reads it, key by key (per topic):
 *
 * <ul>
 *   <li><b>duplicates</b>: a record whose number was already seen for its key: the same event
 *       published again (a consumer drops it, see {@link Deduplicator}); not a fault of the stream;
 *   <li><b>conflicts</b>: a record whose number was already seen for its key with another event id
 *       (checked against the key's latest record);
 *   <li><b>reordered</b>: a record whose number is below one already seen, seen for the first time
 *       (it came late);
 *   <li><b>missing</b>: numbers never seen below the highest of a key, and, when reading from the
 *       beginning, below a key's first record;
 *   <li><b>restarts</b>: a key whose numbers start again from a new origin (a new journal);
 *   <li><b>model violations</b>: events that break the call or agent model ({@link ModelCheck});
 *       duplicates are not checked again.
 * </ul>
 *
 * <p>Feed it each partition's records in order ({@link #accept}), then ask for the {@link
 * #report()}. Not thread-safe.
 */
public final class StreamVerifier {

  private static final int EXAMPLES = 20;

  private final boolean fromBeginning;
  private final Map<String, KeyState> keys = new HashMap<>();
  private final Map<String, Long> violations = new TreeMap<>();
  private final List<String> examples = new ArrayList<>();
  private long records;
  private long unsequenced;
  private long duplicates;
  private long conflicts;
  private long reordered;
  private long restarts;

  private static final class KeyState {
    String origin;
    long first;
    long max;
    String maxEventId;

    /** Numbers not seen yet below {@code max}: ranges from start to end, inclusive. */
    TreeMap<Long, Long> holes;

    final ModelCheck model = new ModelCheck();

    boolean complete() {
      return first == 1 && (holes == null || holes.isEmpty());
    }
  }

  /**
   * @param fromBeginning whether the stream is read from the oldest records kept: a key whose first
   *     record is not number 1 then misses the ones before it
   */
  public StreamVerifier(boolean fromBeginning) {
    this.fromBeginning = fromBeginning;
  }

  /** Checks the next record. */
  public void accept(SwitchboardRecord record) {
    records++;
    String id = record.topic() + '\u0000' + record.key();
    KeyState key = keys.computeIfAbsent(id, k -> new KeyState());
    if (record.seq().isEmpty()) {
      unsequenced++;
      model(record, key, false);
      return;
    }
    long seq = record.seq().getAsLong();
    if (key.origin == null || !key.origin.equals(record.origin())) {
      if (key.origin != null) {
        restarts++;
        example("restart: " + record + " starts again from origin " + record.origin());
      }
      key.origin = record.origin();
      key.first = seq;
      key.max = seq;
      key.maxEventId = record.eventId().orElse("");
      key.holes = null;
      model(record, key, seq == 1);
      return;
    }
    if (seq == key.max + 1) {
      key.max = seq;
      key.maxEventId = record.eventId().orElse("");
    } else if (seq > key.max) {
      if (key.holes == null) {
        key.holes = new TreeMap<>();
      }
      key.holes.put(key.max + 1, seq - 1);
      example(
          "gap: "
              + record
              + " follows number "
              + key.max
              + " ("
              + (seq - key.max - 1)
              + " missing)");
      key.max = seq;
      key.maxEventId = record.eventId().orElse("");
    } else if (fill(key, seq)) {
      reordered++;
      example("reordered: " + record + " came after number " + key.max);
    } else if (seq == key.max && !key.maxEventId.equals(record.eventId().orElse(""))) {
      conflicts++;
      example(
          "conflict: "
              + record
              + " has the number of "
              + key.maxEventId
              + " but is "
              + record.eventId().orElse("without an event id"));
      return;
    } else {
      duplicates++;
      example("duplicate: " + record + record.eventId().map(e -> " (" + e + ")").orElse(""));
      return;
    }
    model(record, key, key.first == 1);
  }

  private void model(SwitchboardRecord record, KeyState key, boolean complete) {
    Optional<String> broken = key.model.check(record.value(), complete);
    if (broken.isPresent()) {
      String rule = broken.get().substring(0, broken.get().indexOf(':'));
      violations.merge(rule, 1L, Long::sum);
      example("model: " + record + ": " + broken.get());
    }
  }

  /** Removes {@code seq} from the key's holes; false if it was not missing (a duplicate). */
  private static boolean fill(KeyState key, long seq) {
    if (seq < key.first) {
      // below the first number seen: it was missing at the start
      if (key.holes == null) {
        key.holes = new TreeMap<>();
      }
      key.holes.put(seq + 1, key.first - 1);
      if (seq + 1 > key.first - 1) {
        key.holes.remove(seq + 1);
      }
      key.first = seq;
      return true;
    }
    if (key.holes == null) {
      return false;
    }
    Map.Entry<Long, Long> hole = key.holes.floorEntry(seq);
    if (hole == null || hole.getValue() < seq) {
      return false;
    }
    key.holes.remove(hole.getKey());
    if (hole.getKey() < seq) {
      key.holes.put(hole.getKey(), seq - 1);
    }
    if (seq < hole.getValue()) {
      key.holes.put(seq + 1, hole.getValue());
    }
    return true;
  }

  private void example(String what) {
    if (examples.size() < EXAMPLES) {
      examples.add(what);
    }
  }

  /** What was found so far. */
  public VerifyReport report() {
    long missing = 0;
    long partial = 0;
    for (KeyState key : keys.values()) {
      if (key.origin == null) {
        continue;
      }
      if (key.holes != null) {
        for (Map.Entry<Long, Long> hole : key.holes.entrySet()) {
          missing += hole.getValue() - hole.getKey() + 1;
        }
      }
      if (key.first > 1) {
        partial++;
        if (fromBeginning) {
          missing += key.first - 1;
        }
      }
    }
    return new VerifyReport(
        records,
        keys.size(),
        unsequenced,
        duplicates,
        conflicts,
        reordered,
        missing,
        restarts,
        partial,
        violations,
        examples,
        fromBeginning);
  }
}
