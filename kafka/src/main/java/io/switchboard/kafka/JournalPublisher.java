package io.switchboard.kafka;

import io.switchboard.journal.Journal;
import io.switchboard.journal.JournalEntry;
import io.switchboard.journal.JournalReader;
import io.switchboard.journal.JournaledEvent;
import io.switchboard.model.Topic;
import io.switchboard.verify.GrouplessConsumer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains a {@link Journal} to Kafka: every published event of every journaled step, in journal
 * order, with its sequence number and event id ({@link EventRecords}).
 *
 * <p><b>Order and no duplicates.</b> One thread reads the journal and hands the records to an
 * idempotent producer ({@code acks=all}, one request in flight at a time), partition set from the
 * key, so each partition receives its records in journal order and retries never duplicate them.
 * The producer retries without a deadline ({@code delivery.timeout.ms} is the largest allowed):
 * while Kafka is unreachable, records wait and the journal grows; when it is back they go out in
 * order. The journal's published position moves on once every record of an entry (and of every
 * entry before it) is acknowledged.
 *
 * <p><b>Starting over.</b> On start, and after a failure that retrying can fix (a cluster that
 * cannot be reached to start with, a producer that must start again), the producer is dropped and a
 * new one starts from the journal's published position; the records of the entries after it that
 * are already on Kafka are found from their headers ({@link PublishedPositions}) and skipped, so
 * that a crash or a restart does not publish anything twice. The wait between attempts grows from
 * 0.5 s to 10 s.
 *
 * <p><b>Failures retrying cannot fix.</b> Every failure is classified once ({@link
 * PublishFailure}). A fatal one (not authorized, a record larger than the topic allows...) stops
 * publishing at once: the state is {@link State#FAILED}, the stats say why and what to change, and
 * the journal keeps every entry from the first one not published on; once the cause is fixed, a
 * restart publishes them.
 *
 * <p><b>Lifecycle.</b> {@link State}: each change is checked by one method; {@link #close()} wins
 * over whatever the publishing thread was about to do.
 *
 * <p>Topics are created when missing, on each start. {@link #stats()} tells how far it got.
 */
public final class JournalPublisher implements AutoCloseable {

  /** Where a publisher is in its life. */
  public enum State {
    /** Creating missing topics, finding what is already published, starting a producer. */
    CONNECTING,
    /** Sending the journal's records as they come. */
    PUBLISHING,
    /** Waiting to connect again after a failure that retrying can fix. */
    RETRYING,
    /** Stopped by a failure that retrying cannot fix; the journal keeps what is not published. */
    FAILED,
    /** Asked to close: finishing what is on its way. */
    CLOSING,
    /** Stopped. */
    CLOSED;

    /** Whether a publisher in this state may move to {@code next}. */
    boolean canMoveTo(State next) {
      if (next == CLOSING) {
        return this != CLOSING && this != CLOSED;
      }
      return switch (this) {
        case CONNECTING -> next == PUBLISHING || next == RETRYING || next == FAILED;
        case PUBLISHING -> next == RETRYING || next == FAILED;
        case RETRYING -> next == CONNECTING;
        case FAILED, CLOSED -> false;
        case CLOSING -> next == CLOSED;
      };
    }
  }

  private static final Logger log = LoggerFactory.getLogger(JournalPublisher.class);

  private static final Duration READ_WAIT = Duration.ofMillis(5);
  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
  private static final long MAX_IN_FLIGHT_BYTES = 16L << 20;
  private static final Duration LOG_EVERY = Duration.ofMinutes(1);

  private final Journal journal;
  private final String bootstrapServers;
  private final Map<String, Object> clientProperties;
  private final TopicNames topics;
  private final int partitions;
  private final Optional<Short> replicationFactor;
  private final EventRecords records;
  private final Observer observer;
  private final Thread thread;
  private final Object monitor = new Object();

  private volatile State state = State.CONNECTING;
  private final AtomicLong publishedEvents = new AtomicLong();
  private final AtomicLong skippedEvents = new AtomicLong();
  private final AtomicLong unkeyedEvents = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicLong starts = new AtomicLong();
  private final AtomicReference<String> lastError = new AtomicReference<>();
  private volatile Instant lastErrorAt;
  private volatile long inFlightEvents;
  private volatile long oldestPendingSince = -1;

  // the publishing thread's own state
  private Producer<String, byte[]> producer;
  private JournalReader reader;
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
  private long inFlightBytes;
  private final AtomicInteger generation = new AtomicInteger();
  private final AtomicReference<Refused> failed = new AtomicReference<>();
  private Map<String, Integer> partitionCounts = Map.of();
  private Map<TopicPartition, PublishedPositions.Published> present = Map.of();
  private Instant lastLogged = Instant.EPOCH;

  /** A record Kafka refused: the first refusal fails the producer's run. */
  private record Refused(Exception error, String topic, long position) {}

  /** What a publisher tells as it goes, for metrics; each method must return at once. */
  public interface Observer extends ProducerObserver {
    /** Kafka acknowledged an event, {@code lag} after its step ran (on a producer thread). */
    default void published(Duration lag) {}
  }

  /** An entry whose records are on their way: it is published when none is pending. */
  private record InFlight(
      long position, long endOffset, int events, long bytes, long sentAt, AtomicInteger pending) {}

  private JournalPublisher(
      Journal journal,
      String bootstrapServers,
      Map<String, Object> clientProperties,
      TopicNames topics,
      int partitions,
      Optional<Short> replicationFactor,
      Observer observer) {
    this.journal = journal;
    this.observer = Objects.requireNonNull(observer, "observer");
    this.bootstrapServers = bootstrapServers;
    this.clientProperties = Map.copyOf(clientProperties);
    this.topics = topics;
    this.partitions = partitions;
    this.replicationFactor = replicationFactor;
    this.records = new EventRecords(topics);
    // fails now, not in the thread, on producer settings that contradict the fixed ones
    producerConfig();
    this.thread = new Thread(this::run, "switchboard-publisher");
    thread.setDaemon(true);
  }

  /**
   * Starts publishing {@code journal} to the cluster at {@code bootstrapServers}. It returns at
   * once: an unreachable cluster is retried in the background.
   *
   * @param clientProperties settings for every Kafka client (security, producer tuning)
   * @param partitions the partitions of topics created when missing
   * @param replicationFactor their replication factor, or empty for the brokers' default
   * @throws IllegalArgumentException if {@code clientProperties} contradict a fixed producer
   *     setting
   */
  public static JournalPublisher start(
      Journal journal,
      String bootstrapServers,
      Map<String, Object> clientProperties,
      TopicNames topics,
      int partitions,
      Optional<Short> replicationFactor) {
    return start(
        journal,
        bootstrapServers,
        clientProperties,
        topics,
        partitions,
        replicationFactor,
        new Observer() {});
  }

  /**
   * Starts publishing as {@link #start(Journal, String, Map, TopicNames, int, Optional)} does,
   * telling {@code observer} how it goes.
   */
  public static JournalPublisher start(
      Journal journal,
      String bootstrapServers,
      Map<String, Object> clientProperties,
      TopicNames topics,
      int partitions,
      Optional<Short> replicationFactor,
      Observer observer) {
    Objects.requireNonNull(journal, "journal");
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    JournalPublisher publisher =
        new JournalPublisher(
            journal,
            bootstrapServers,
            clientProperties,
            topics,
            partitions,
            replicationFactor,
            observer);
    publisher.thread.start();
    return publisher;
  }

  /** Where the publisher is in its life. */
  public State state() {
    return state;
  }

  /** How far publishing got, and how it went. */
  public PublisherStats stats() {
    long since = oldestPendingSince;
    State now = state;
    return new PublisherStats(
        now,
        now == State.PUBLISHING,
        since < 0 ? Duration.ZERO : Duration.ofNanos(System.nanoTime() - since),
        publishedEvents.get(),
        skippedEvents.get(),
        unkeyedEvents.get(),
        inFlightEvents,
        errors.get(),
        starts.get(),
        Optional.ofNullable(lastError.get()),
        Optional.ofNullable(lastErrorAt));
  }

  /**
   * Stops publishing: waits up to 10 seconds for the records on their way, then drops the rest
   * (they stay in the journal and are published on the next start).
   */
  @Override
  public void close() {
    moveTo(State.CLOSING);
    try {
      thread.join(CLOSE_TIMEOUT.multipliedBy(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------------------------ the loop

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    try {
      while (moveTo(State.CONNECTING)) {
        try {
          connect();
          if (!moveTo(State.PUBLISHING)) {
            break;
          }
          backoff = FIRST_BACKOFF;
          pump();
        } catch (InterruptedException e) {
          break;
        } catch (RuntimeException e) {
          if (closing()) {
            break;
          }
          PublishFailure failure = PublishFailure.of(e);
          failure(failure);
          abandon();
          if (failure.fatal()) {
            if (moveTo(State.FAILED)) {
              awaitClose();
            }
            break;
          }
          if (!moveTo(State.RETRYING)) {
            break;
          }
          sleep(backoff);
          backoff =
              backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                  ? MAX_BACKOFF
                  : backoff.multipliedBy(2);
        }
      }
    } finally {
      shutdown();
      moveTo(State.CLOSING);
      moveTo(State.CLOSED);
    }
  }

  /**
   * Moves to {@code next}, checked against {@link State#canMoveTo}. A close wins: once closing,
   * every move but to {@link State#CLOSED} is declined.
   *
   * @return whether the publisher is now in {@code next}
   * @throws IllegalStateException on a move the lifecycle does not have (a bug)
   */
  private boolean moveTo(State next) {
    synchronized (monitor) {
      State now = state;
      if (now == next) {
        return true;
      }
      if ((now == State.CLOSING && next != State.CLOSED) || now == State.CLOSED) {
        return false;
      }
      if (!now.canMoveTo(next)) {
        throw new IllegalStateException(
            "the publisher of journal "
                + journal.id()
                + " cannot move from "
                + now
                + " to "
                + next);
      }
      state = next;
      monitor.notifyAll();
      return true;
    }
  }

  private boolean closing() {
    State now = state;
    return now == State.CLOSING || now == State.CLOSED;
  }

  /** Waits, after a fatal failure, until the publisher is closed. */
  private void awaitClose() {
    synchronized (monitor) {
      while (!closing()) {
        try {
          monitor.wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Creates missing topics, finds what is already published, and starts a producer. */
  private void connect() {
    long from = journal.publishedPosition();
    Map<String, Object> admin = new HashMap<>(clientProperties);
    // an unreachable cluster is noticed within this, not after the admin client's default minute
    admin.putIfAbsent("default.api.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
    admin.putIfAbsent("request.timeout.ms", (int) ADMIN_TIMEOUT.toMillis());
    Topics.ensure(bootstrapServers, admin, topics, partitions, replicationFactor);
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerConfig())) {
      Map<String, Integer> counts = new HashMap<>();
      List<TopicPartition> all = new ArrayList<>();
      for (String topic : topics.all()) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, ADMIN_TIMEOUT);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalStateException("topic " + topic + " has no partitions yet");
        }
        counts.put(topic, infos.size());
        infos.forEach(i -> all.add(new TopicPartition(i.topic(), i.partition())));
      }
      partitionCounts = counts;
      // every partition has a leader that serves it before the first record is sent; assigned
      // and paused first, for offsets asked for partitions that are not assigned make the
      // consumer warn once per partition
      consumer.assign(all);
      consumer.pause(all);
      consumer.endOffsets(all, ADMIN_TIMEOUT);
      Optional<Instant> since = firstUnpublishedTime(from);
      present =
          since.isEmpty()
              ? Map.of()
              : PublishedPositions.find(consumer, all, journal.id(), since.get(), ADMIN_TIMEOUT);
    }
    producer = new KafkaProducer<>(producerConfig());
    observer.producerStarted(producer);
    reader = journal.reader(from + 1);
    starts.incrementAndGet();
    log.info(
        "Publishing journal {} to Kafka at {} from position {} ({} entries behind)",
        journal.id(),
        bootstrapServers,
        from + 1,
        journal.lastPosition() - from);
  }

  /** The time of the first step after {@code position}, if there is one. */
  private Optional<Instant> firstUnpublishedTime(long position) {
    try (JournalReader scan = journal.reader(position + 1)) {
      for (Optional<Journal.Entry> e = scan.poll(); e.isPresent(); e = scan.poll()) {
        if (JournalEntry.decode(e.get().payload()) instanceof JournalEntry.Step step) {
          return Optional.of(step.instant());
        }
      }
    }
    return Optional.empty();
  }

  private void pump() throws InterruptedException {
    while (!closing()) {
      settle();
      Refused refused = failed.get();
      if (refused != null) {
        throw new IllegalStateException(
            "Kafka refused the record of journal entry "
                + refused.position()
                + " for topic "
                + refused.topic()
                + ": "
                + refused.error(),
            refused.error());
      }
      if (inFlightBytes >= MAX_IN_FLIGHT_BYTES) {
        synchronized (monitor) {
          monitor.wait(READ_WAIT.toMillis());
        }
        continue;
      }
      Optional<Journal.Entry> next = reader.next(READ_WAIT);
      if (next.isPresent()) {
        send(next.get());
      }
    }
  }

  private void send(Journal.Entry entry) {
    JournalEntry decoded = JournalEntry.decode(entry.payload());
    AtomicInteger pending = new AtomicInteger(1);
    int events = 0;
    long bytes = 0;
    if (decoded instanceof JournalEntry.Step step) {
      List<JournaledEvent> all = step.events();
      Instant ran = step.instant();
      int gen = generation.get();
      for (int i = 0; i < all.size(); i++) {
        JournaledEvent event = all.get(i);
        if (event.key().isEmpty()) {
          unkeyedEvents.incrementAndGet();
          continue;
        }
        String topic = topics.of(Topic.valueOf(event.topic()));
        int partition = EventRecords.partition(event.key(), partitionCounts.get(topic));
        PublishedPositions.Published there = present.get(new TopicPartition(topic, partition));
        if (there != null && there.covers(entry.position(), i)) {
          skippedEvents.incrementAndGet();
          continue;
        }
        ProducerRecord<String, byte[]> record =
            records.record(
                event, partition, JournaledEvent.eventId(journal.id(), entry.position(), i));
        pending.incrementAndGet();
        events++;
        bytes += record.value().length + record.key().length();
        producer.send(
            record,
            (metadata, error) -> {
              if (generation.get() != gen) {
                return;
              }
              if (error != null) {
                failed.compareAndSet(null, new Refused(error, topic, entry.position()));
              } else {
                pending.decrementAndGet();
                publishedEvents.incrementAndGet();
                observer.published(Duration.between(ran, Instant.now()));
              }
              synchronized (monitor) {
                monitor.notifyAll();
              }
            });
      }
    }
    pending.decrementAndGet();
    long now = System.nanoTime();
    inFlight.add(new InFlight(entry.position(), entry.endOffset(), events, bytes, now, pending));
    inFlightBytes += bytes;
    inFlightEvents += events;
    if (oldestPendingSince < 0) {
      oldestPendingSince = now;
    }
  }

  /** Moves the journal's published position past the entries whose records are all acknowledged. */
  private void settle() {
    InFlight done = null;
    while (!inFlight.isEmpty() && inFlight.peek().pending().get() == 0) {
      done = inFlight.poll();
      inFlightBytes -= done.bytes();
      inFlightEvents -= done.events();
    }
    if (done != null) {
      journal.published(done.position(), done.endOffset());
    }
    oldestPendingSince = inFlight.isEmpty() ? -1 : inFlight.peek().sentAt();
  }

  private void failure(PublishFailure failure) {
    errors.incrementAndGet();
    lastError.set(failure.message());
    lastErrorAt = Instant.now();
    Instant now = Instant.now();
    long waiting = journal.lastPosition() - journal.publishedPosition();
    if (failure.fatal()) {
      log.error(
          "Publishing to Kafka at {} stopped: {}. Steps are still journaled ({} entries waiting);"
              + " they are published once the cause is fixed and the service restarted.",
          bootstrapServers,
          failure.message(),
          waiting);
    } else if (Duration.between(lastLogged, now).compareTo(LOG_EVERY) >= 0) {
      lastLogged = now;
      log.warn(
          "Cannot publish to Kafka at {}: {}. Steps are still journaled ({} entries waiting); retrying"
              + " in the background.",
          bootstrapServers,
          failure.message(),
          waiting);
    } else {
      log.debug("Cannot publish to Kafka at {}: {}", bootstrapServers, failure.cause().toString());
    }
  }

  /** Drops the producer and what it had on its way; the next start resumes from the journal. */
  private void abandon() {
    generation.incrementAndGet();
    if (producer != null) {
      try {
        producer.close(Duration.ZERO);
      } catch (RuntimeException e) {
        log.debug("Closing the abandoned producer: {}", e.toString());
      }
      observer.producerClosed(producer);
      producer = null;
    }
    if (reader != null) {
      reader.close();
      reader = null;
    }
    inFlight.clear();
    inFlightBytes = 0;
    inFlightEvents = 0;
    oldestPendingSince = -1;
    failed.set(null);
  }

  private void shutdown() {
    if (producer != null) {
      try {
        producer.close(CLOSE_TIMEOUT);
      } catch (RuntimeException e) {
        log.warn("Closing the Kafka producer: {}", e.toString());
      }
      if (failed.get() == null) {
        settle();
      }
    }
    abandon();
  }

  private void sleep(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (monitor) {
      for (long left = duration.toMillis(); left > 0 && !closing(); ) {
        try {
          monitor.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        left = (deadline - System.nanoTime()) / 1_000_000;
      }
    }
  }

  private Map<String, Object> producerConfig() {
    Map<String, Object> config = KafkaEventSink.producerConfig(bootstrapServers, clientProperties);
    // never give up on a record: a record dropped while later ones get through would be a gap
    config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
    config.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
    // one request at a time: a broker takes any first sequence number from a producer it does not
    // know yet, so with requests in flight a partition that becomes ready between two of them would
    // store the second and refuse the first for ever
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, ClientIds.PUBLISHER);
    return config;
  }

  private Map<String, Object> consumerConfig() {
    Map<String, Object> config =
        GrouplessConsumer.config(bootstrapServers, clientProperties, ClientIds.PUBLISHER_POSITIONS);
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    return config;
  }
}
