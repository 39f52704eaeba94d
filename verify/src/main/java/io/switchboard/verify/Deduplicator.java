package io.switchboard.verify;

import java.util.HashMap;
import java.util.Map;

/**
 * Drops the records a consumer has already seen, so that it handles each event once: a record whose
 * sequence number is not above the last one delivered for its key (and topic) is a duplicate. A key
 * whose records come from a new origin ({@link SwitchboardRecord#origin()}, a new journal) starts
 * again. Records without a sequence number are always delivered.
 *
 * <p>Feed it the records of each partition in order (as a consumer reads them). Not thread-safe. It
 * keeps one entry per key; {@link #forget} drops one (a call thread that has ended, say).
 */
public final class Deduplicator {

  private record Last(String origin, long seq) {}

  private final Map<String, Last> last = new HashMap<>();
  private long dropped;

  /** Whether {@code record} is new: true the first time a key's number is seen, false after. */
  public boolean isNew(SwitchboardRecord record) {
    if (record.seq().isEmpty()) {
      return true;
    }
    long seq = record.seq().getAsLong();
    String id = record.topic() + '\u0000' + record.key();
    Last before = last.get(id);
    if (before != null && before.origin().equals(record.origin()) && seq <= before.seq()) {
      dropped++;
      return false;
    }
    last.put(id, new Last(record.origin(), seq));
    return true;
  }

  /** Forgets what was seen of {@code key} on {@code topic}. */
  public void forget(String topic, String key) {
    last.remove(topic + '\u0000' + key);
  }

  /** The duplicates dropped so far. */
  public long dropped() {
    return dropped;
  }
}
