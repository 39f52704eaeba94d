package io.switchboard.app;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import io.switchboard.server.Meters;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

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
   * through {@code kafka}, telling {@code observer} how publishing goes.
   *
   * @throws UserError if the journal cannot be opened, saying why and what to do
   */
  static Durability start(
      JournalSettings journal,
      List<TenantConfig> tenants,
      KafkaConnection kafka,
      JournalPublisher.Observer observer) {
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
      return new Durability(durable, kafka.publish(durable.journal(), observer));
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

  /**
   * Why the service should get no traffic now, as far as delivery goes: the journal cannot take
   * steps, or their events cannot reach Kafka.
   */
  List<String> notReady() {
    JournalStats journal = durable.journal().stats();
    PublisherStats publishing = publisher.stats();
    List<String> reasons = new java.util.ArrayList<>();
    journal
        .failure()
        .ifPresent(f -> reasons.add("the journal cannot write (EventError 202): " + f));
    if (journal.full()) {
      reasons.add("the journal is full (EventError 201): Kafka has been unreachable or slow");
    }
    if (publishing.failed()) {
      reasons.add(
          "publishing stopped on a failure retrying cannot fix"
              + publishing.lastError().map(e -> " (" + e + ")").orElse("")
              + "; the journal keeps the steps");
    } else if (!publishing.connected()) {
      reasons.add(
          "Kafka cannot be reached: steps are journaled but not published"
              + publishing.lastError().map(e -> " (" + e + ")").orElse(""));
    } else if (publishing.oldestPending().compareTo(STALLED) > 0) {
      reasons.add(
          "publishing is stalled: the oldest record has waited "
              + publishing.oldestPending().toSeconds()
              + " s for Kafka");
    }
    return reasons;
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
   * Adds the figures to {@code registry}, read when it is scraped; counters end in {@code _total}
   * there, the rest are gauges. Names and meanings are listed in docs/delivery.md. Also the time of
   * each journal sync, as a histogram.
   */
  void bind(MeterRegistry registry) {
    gauge(
        registry,
        "switchboard.journal.last.position",
        "Position of the last journal entry.",
        j -> j.lastPosition());
    gauge(
        registry,
        "switchboard.journal.published.position",
        "Position up to which every journal entry is published to Kafka.",
        j -> j.publishedPosition());
    gauge(
        registry,
        "switchboard.journal.lag.entries",
        "Journal entries not yet published to Kafka.",
        j -> j.unpublishedEntries());
    gauge(
        registry,
        "switchboard.journal.unpublished.bytes",
        "Bytes of journal entries not yet published to Kafka.",
        j -> j.unpublishedBytes());
    gauge(
        registry,
        "switchboard.journal.max.bytes",
        "The most the journal may hold of entries not yet published; steps are refused beyond it.",
        j -> j.maxBytes());
    gauge(registry, "switchboard.journal.bytes", "Bytes of the journal on disk.", j -> j.bytes());
    gauge(
        registry,
        "switchboard.journal.segments",
        "Segment files of the journal.",
        j -> j.segments());
    gauge(
        registry,
        "switchboard.journal.full",
        "1 while the journal is full and steps are refused (EventError 201).",
        j -> j.full() ? 1 : 0);
    gauge(
        registry,
        "switchboard.journal.failed",
        "1 once the journal cannot write and steps are refused (EventError 202).",
        j -> j.failure().isPresent() ? 1 : 0);
    FunctionCounter.builder("switchboard.journal.appends", this, d -> d.journalStats().appends())
        .description("Entries appended to the journal.")
        .register(registry);
    FunctionCounter.builder("switchboard.journal.syncs", this, d -> d.journalStats().syncs())
        .description("Syncs of the journal to disk.")
        .register(registry);
    FunctionCounter.builder("switchboard.steps.refused", durable, d -> d.sink().refused())
        .description(
            "Steps refused before the engine ran them (journal full or failed, disk full).")
        .register(registry);
    Timer syncs =
        Meters.latency(
                "switchboard.journal.sync",
                "Syncs of the journal to disk (one per group commit of steps), and how long each took.")
            .register(registry);
    durable.journal().onSync(nanos -> syncs.record(nanos, TimeUnit.NANOSECONDS));
    Gauge.builder("switchboard.publish.failed", publisher, p -> p.stats().failed() ? 1 : 0)
        .description(
            "1 once publishing stopped on a failure retrying cannot fix (lastError in /health says"
                + " which and what to change); the journal keeps the steps.")
        .register(registry);
    Gauge.builder("switchboard.publish.connected", publisher, p -> p.stats().connected() ? 1 : 0)
        .description("1 while the publisher has a Kafka producer.")
        .register(registry);
    Gauge.builder(
            "switchboard.publish.oldest.pending.seconds",
            publisher,
            p -> p.stats().oldestPending().toMillis() / 1000.0)
        .description("How long the oldest record not yet acknowledged by Kafka has waited.")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.publish.events", publisher, p -> p.stats().publishedEvents())
        .description("Events published to Kafka.")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.publish.skipped", publisher, p -> p.stats().skippedEvents())
        .description("Events found already on Kafka after a restart, not published again.")
        .register(registry);
    FunctionCounter.builder(
            "switchboard.publish.unkeyed", publisher, p -> p.stats().unkeyedEvents())
        .description("Events published without a key.")
        .register(registry);
    FunctionCounter.builder("switchboard.publish.errors", publisher, p -> p.stats().errors())
        .description("Errors while publishing.")
        .register(registry);
    Gauge.builder(
            "switchboard.publish.in.flight.events", publisher, p -> p.stats().inFlightEvents())
        .description("Events sent to Kafka and not yet acknowledged.")
        .register(registry);
  }

  private JournalStats journalStats() {
    return durable.journal().stats();
  }

  private void gauge(
      MeterRegistry registry,
      String name,
      String description,
      ToDoubleFunction<JournalStats> value) {
    Gauge.builder(name, this, d -> value.applyAsDouble(d.journalStats()))
        .description(description)
        .register(registry);
  }

  /** Closes the journal; the publisher must be stopped first (it is, by its connection). */
  @Override
  public void close() {
    durable.close();
  }
}
