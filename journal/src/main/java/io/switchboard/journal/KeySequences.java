package io.switchboard.journal;

import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import io.switchboard.model.Topic;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a durable sink keeps of one tenant to number its events: the last {@code switchboard.seq} of
 * each record key, per topic, and the highest connection id its steps drew (so that ids drawn after
 * a restart or a takeover stay above every id in its history). Not thread-safe: its owner calls it
 * under the tenant's lock.
 *
 * <p>Both the local journal ({@link JournalSink}) and the cluster's log in Kafka number events
 * through {@link #number}, so that a tenant's numbering is the same whichever keeps it.
 */
public final class KeySequences {

  private static final Logger log = LoggerFactory.getLogger(KeySequences.class);

  private final Map<String, Map<String, Long>> byTopic = new HashMap<>();
  private long position;
  private long highestConnId;
  private boolean anyConnId;

  /**
   * Where the tenant's latest entry is, in whatever log keeps it (journal position, step number).
   */
  public long position() {
    return position;
  }

  /** Sets where the tenant's latest entry is. */
  public void position(long position) {
    this.position = position;
  }

  /** The highest connection id drawn (unsigned order); 0 when none was. */
  public long highestConnId() {
    return highestConnId;
  }

  /** Takes note of connection ids drawn. */
  public void drew(List<Long> ids) {
    for (long id : ids) {
      if (!anyConnId || Long.compareUnsigned(id, highestConnId) > 0) {
        highestConnId = id;
        anyConnId = true;
      }
    }
  }

  /** The next number of {@code key} in {@code topic}: 1, 2, 3... */
  public long next(String topic, String key) {
    return byTopic.computeIfAbsent(topic, t -> new HashMap<>()).merge(key, 1L, Long::sum);
  }

  /** Makes the next number of {@code key} at least {@code seq + 1}. */
  public void atLeast(String topic, String key, long seq) {
    byTopic.computeIfAbsent(topic, t -> new HashMap<>()).merge(key, seq, Math::max);
  }

  /** The number of keys whose counters are kept. */
  public int size() {
    return byTopic.values().stream().mapToInt(Map::size).sum();
  }

  /** A copy of the counters: the last number of each key, by topic. */
  public Map<String, Map<String, Long>> counters() {
    Map<String, Map<String, Long>> copy = new HashMap<>();
    byTopic.forEach((topic, keys) -> copy.put(topic, new HashMap<>(keys)));
    return copy;
  }

  /** Counters taken back from {@link #counters()}, a snapshot's. */
  public static KeySequences of(
      Map<String, Map<String, Long>> counters, long position, long highestConnId) {
    KeySequences sequences = new KeySequences();
    counters.forEach((topic, keys) -> sequences.byTopic.put(topic, new HashMap<>(keys)));
    sequences.position = position;
    sequences.drew(List.of(highestConnId));
    return sequences;
  }

  /**
   * Takes what a step read back from a log holds: the numbers of its events and the ids it drew, so
   * that numbering goes on after them.
   */
  public void replayed(JournalEntry.DigestedStep step) {
    drew(step.connIds());
    for (JournalEntry.EventDigest event : step.events()) {
      if (!event.key().isEmpty()) {
        atLeast(event.topic(), event.key(), event.seq());
      }
    }
  }

  /** Takes the numbers of the events of a step read back from a log. */
  public void replayed(JournalEntry.Step step) {
    drew(step.connIds());
    for (JournaledEvent event : step.events()) {
      if (!event.key().isEmpty()) {
        atLeast(event.topic(), event.key(), event.seq());
      }
    }
  }

  /**
   * Drops the counters of the call threads other than {@code liveThreadKeys} (the record keys of
   * the call threads with a call in progress): a call thread never has events again once its last
   * call is over.
   */
  public void retainCallThreads(Set<String> liveThreadKeys) {
    Map<String, Long> threads = byTopic.get(Topic.CALL_THREAD.name());
    if (threads != null) {
      threads.keySet().retainAll(new HashSet<>(liveThreadKeys));
    }
  }

  /**
   * The published events of a step, numbered: each gets its topic, its record key, the next number
   * of that key and its JSON value. An event that has no key (a bug, logged) is kept with an empty
   * key and number 0, so that the state stays whole; it is never published.
   *
   * @param unkeyed counts the events that had no key
   */
  public List<JournaledEvent> number(
      String tenant,
      List<Event> published,
      Keying keying,
      EventJson json,
      java.util.concurrent.atomic.AtomicLong unkeyed) {
    List<JournaledEvent> events = new ArrayList<>(published.size());
    for (Event event : published) {
      String topic = event.type().topic().name();
      String key;
      try {
        key = keying.key(tenant, event);
      } catch (RuntimeException e) {
        unkeyed.incrementAndGet();
        log.error("An event of tenant {} has no record key and cannot be published: {}", tenant, e);
        key = "";
      }
      long seq = key.isEmpty() ? 0 : next(topic, key);
      events.add(
          new JournaledEvent(topic, key, seq, event.time().toEpochMilli(), json.encode(event)));
    }
    return events;
  }
}
