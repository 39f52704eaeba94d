package io.switchboard.harness;

import io.switchboard.engine.IdSource;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.Tenants;
import io.switchboard.journal.DurableTenants;
import io.switchboard.journal.JournalSettings;
import io.switchboard.journal.JournalSink;
import io.switchboard.kafka.JournalPublisher;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.kafka.TopicNames;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The service's path: every step journaled and synced ({@link DurableTenants}), then published from
 * the journal ({@link JournalPublisher}). A step counts as acknowledged once its events are on
 * Kafka. Each run has a journal of its own.
 */
final class JournaledPath implements PublishingPath {
  private final String bootstrap;
  private final Path dir;
  private final TopicNames topics;
  private final ScheduledExecutorService timer;
  private final Consumer<String> say;
  private int runs;
  private DurableTenants durable;
  private JournalPublisher publisher;
  private ScheduledFuture<?> watch;

  /**
   * @param dir where each run's journal is made
   * @param timer runs the watch on the publisher
   * @param say told when the publisher fails
   */
  JournaledPath(
      String bootstrap,
      Path dir,
      TopicNames topics,
      ScheduledExecutorService timer,
      Consumer<String> say) {
    this.bootstrap = bootstrap;
    this.dir = dir;
    this.topics = topics;
    this.timer = timer;
    this.say = say;
  }

  @Override
  public Tenants create(TenantConfig tenant, InstantSource clock, Function<String, IdSource> ids) {
    durable =
        DurableTenants.open(
            JournalSettings.of(dir.resolve("journal-" + ++runs)),
            List.of(tenant),
            clock,
            ids,
            RecordKeys.keying());
    durable.sink().acknowledge(JournalSink.Acknowledge.PUBLISHED);
    publisher =
        JournalPublisher.start(durable.journal(), bootstrap, Map.of(), topics, 6, Optional.empty());
    // connected before the first step: a publisher that starts with steps in its journal looks
    // for them on Kafka first (after a crash they may be there), which a benchmark need not pay
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!publisher.stats().connected()) {
      if (System.nanoTime() > deadline) {
        throw new HarnessFailure(
            "the journal's publisher cannot reach Kafka at "
                + bootstrap
                + ": "
                + publisher.stats().lastError().orElse("no answer in 60 s"));
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
    }
    JournalPublisher watched = publisher;
    AtomicLong errors = new AtomicLong();
    // the run waits for Kafka's acknowledgements: say so if they stop coming
    watch =
        timer.scheduleWithFixedDelay(
            () -> {
              long now = watched.stats().errors();
              if (now > errors.getAndSet(now)) {
                say.accept(
                    "the journal's publisher failed, retrying: "
                        + watched.stats().lastError().orElse("?"));
              }
            },
            1,
            1,
            TimeUnit.SECONDS);
    return durable.tenants();
  }

  @Override
  public void finish() {
    if (publisher != null) {
      watch.cancel(false);
      publisher.close();
      durable.close();
      publisher = null;
      durable = null;
    }
  }
}
