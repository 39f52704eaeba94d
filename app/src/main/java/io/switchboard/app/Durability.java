package io.switchboard.app;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.journal.DurableTenants;
import io.switchboard.journal.EngineSnapshotCodec;
import io.switchboard.journal.JournalSettings;
import io.switchboard.journal.JournalStats;
import io.switchboard.kafka.JournalPublisher;
import io.switchboard.kafka.PublisherStats;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.server.Metric;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's delivery guarantees, wired: the tenants rebuilt from the journal (from the latest
 * snapshot of the engines on) and journaling every step before it is acknowledged, and the
 * publisher that drains the journal to Kafka. It reports both in the health endpoint and as metrics
 * (docs/delivery.md).
 */
final class Durability implements AutoCloseable {

  /** How long the oldest record may wait for Kafka before publishing counts as stalled. */
  static final Duration STALLED = Duration.ofSeconds(10);

  private final DurableTenants durable;
  private final JournalPublisher publisher;

  private Durability(DurableTenants durable, JournalPublisher publisher) {
    this.durable = durable;
    this.publisher = publisher;
  }

  /**
   * Opens the journal, rebuilds the tenants from it, applies {@code tenants}, and starts publishing
   * through {@code kafka}.
   *
   * @throws UserError if the journal cannot be opened, saying why and what to do
   */
  static Durability start(
      JournalSettings journal, List<TenantConfig> tenants, KafkaConnection kafka) {
    // connection ids start from the start time so that they do not repeat across restarts (the
    // tenants also keep them above every id in the journal)
    long idBase = Instant.now().getEpochSecond() << 24;
    DurableTenants durable;
    try {
      durable =
          DurableTenants.open(
              journal,
              tenants,
              Clock.systemUTC(),
              tenant -> IdSource.sequential(idBase),
              RecordKeys.keying(),
              Optional.of(new EngineSnapshotCodec()));
    } catch (IllegalStateException | UncheckedIOException e) {
      throw new UserError("cannot open the journal in " + journal.dir() + ": " + e.getMessage(), e);
    }
    try {
      return new Durability(durable, kafka.publish(durable.journal()));
    } catch (RuntimeException e) {
      durable.close();
      throw e;
    }
  }

  Tenants tenants() {
    return durable.tenants();
  }

  DurableTenants durable() {
    return durable;
  }

  JournalPublisher publisher() {
    return publisher;
  }

  /**
   * Whether steps can be taken (the journal writes and is not full) and reach Kafka: publishing did
   * not stop on a failure that retrying cannot fix.
   */
  boolean healthy() {
    JournalStats journal = durable.journal().stats();
    return journal.failure().isEmpty() && !journal.full() && !publisher.stats().failed();
  }

  /** The journal's and the publisher's figures, for the health endpoint. */
  void health(Map<String, Object> details) {
    JournalStats journal = durable.journal().stats();
    PublisherStats publishing = publisher.stats();
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("dir", durable.journal().dir().toString());
    j.put("lastPosition", journal.lastPosition());
    j.put("publishedPosition", journal.publishedPosition());
    j.put("unpublishedEntries", journal.unpublishedEntries());
    j.put("unpublishedBytes", journal.unpublishedBytes());
    j.put("maxBytes", journal.maxBytes());
    j.put("full", journal.full());
    j.put("bytes", journal.bytes());
    j.put("segments", journal.segments());
    j.put("appends", journal.appends());
    j.put("syncs", journal.syncs());
    j.put("stepsRefused", durable.sink().refused());
    journal.failure().ifPresent(f -> j.put("failure", f));
    details.put("journal", j);
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("state", state(journal, publishing));
    p.put("oldestPendingMillis", publishing.oldestPending().toMillis());
    p.put("publishedEvents", publishing.publishedEvents());
    p.put("skippedEvents", publishing.skippedEvents());
    p.put("errors", publishing.errors());
    publishing.lastError().ifPresent(e -> p.put("lastError", e));
    publishing.lastErrorAt().ifPresent(t -> p.put("lastErrorAt", t.toString()));
    details.put("publishing", p);
    DurableTenants.Recovery recovery = durable.recovery();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("snapshot", recovery.snapshot());
    r.put("entries", recovery.entries());
    r.put("steps", recovery.steps());
    r.put("mismatches", recovery.mismatches());
    r.put("millis", recovery.duration().toMillis());
    details.put("recovery", r);
  }

  private static String state(JournalStats journal, PublisherStats publishing) {
    if (publishing.failed()) {
      return "failed";
    }
    if (!publishing.connected()) {
      return "retrying";
    }
    if (publishing.oldestPending().compareTo(STALLED) > 0) {
      return "stalled";
    }
    return journal.unpublishedEntries() > 0 ? "publishing" : "up to date";
  }

  /**
   * The figures as metrics: counters end in {@code _total}, the rest are gauges. Names and meanings
   * are listed in docs/delivery.md.
   */
  List<Metric> metrics() {
    JournalStats journal = durable.journal().stats();
    PublisherStats publishing = publisher.stats();
    return List.of(
        Metric.gauge(
            "switchboard_journal_last_position",
            "Position of the last journal entry.",
            journal.lastPosition()),
        Metric.gauge(
            "switchboard_journal_published_position",
            "Position up to which every journal entry is published to Kafka.",
            journal.publishedPosition()),
        Metric.gauge(
            "switchboard_journal_lag_entries",
            "Journal entries not yet published to Kafka.",
            journal.unpublishedEntries()),
        Metric.gauge(
            "switchboard_journal_unpublished_bytes",
            "Bytes of journal entries not yet published to Kafka.",
            journal.unpublishedBytes()),
        Metric.gauge(
            "switchboard_journal_max_bytes",
            "The most the journal may hold of entries not yet published; steps are refused"
                + " beyond it.",
            journal.maxBytes()),
        Metric.gauge("switchboard_journal_bytes", "Bytes of the journal on disk.", journal.bytes()),
        Metric.gauge(
            "switchboard_journal_segments", "Segment files of the journal.", journal.segments()),
        Metric.gauge(
            "switchboard_journal_full",
            "1 while the journal is full and steps are refused (EventError 201).",
            journal.full() ? 1 : 0),
        Metric.gauge(
            "switchboard_journal_failed",
            "1 once the journal cannot write and steps are refused (EventError 202).",
            journal.failure().isPresent() ? 1 : 0),
        Metric.counter(
            "switchboard_journal_appends_total",
            "Entries appended to the journal.",
            journal.appends()),
        Metric.counter(
            "switchboard_journal_syncs_total", "Syncs of the journal to disk.", journal.syncs()),
        Metric.counter(
            "switchboard_steps_refused_total",
            "Steps refused before the engine ran them (journal full or failed).",
            durable.sink().refused()),
        Metric.gauge(
            "switchboard_publish_failed",
            "1 once publishing stopped on a failure retrying cannot fix (lastError in /health says"
                + " which and what to change); the journal keeps the steps.",
            publishing.failed() ? 1 : 0),
        Metric.gauge(
            "switchboard_publish_connected",
            "1 while the publisher has a Kafka producer.",
            publishing.connected() ? 1 : 0),
        Metric.gauge(
            "switchboard_publish_oldest_pending_seconds",
            "How long the oldest record not yet acknowledged by Kafka has waited.",
            publishing.oldestPending().toMillis() / 1000.0),
        Metric.counter(
            "switchboard_publish_events_total",
            "Events published to Kafka.",
            publishing.publishedEvents()),
        Metric.counter(
            "switchboard_publish_skipped_total",
            "Events found already on Kafka after a restart, not published again.",
            publishing.skippedEvents()),
        Metric.counter(
            "switchboard_publish_unkeyed_total",
            "Events published without a key.",
            publishing.unkeyedEvents()),
        Metric.counter(
            "switchboard_publish_errors_total", "Errors while publishing.", publishing.errors()),
        Metric.gauge(
            "switchboard_publish_in_flight_events",
            "Events sent to Kafka and not yet acknowledged.",
            publishing.inFlightEvents()));
  }

  /** Closes the journal; the publisher must be stopped first (it is, by its connection). */
  @Override
  public void close() {
    durable.close();
  }
}
