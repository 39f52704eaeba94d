package io.switchboard.kafka;

import io.switchboard.journal.Journal;
import io.switchboard.journal.JournalEntry;
import io.switchboard.journal.JournalReader;
import io.switchboard.journal.JournaledEvent;
import io.switchboard.model.Topic;
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
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
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
 * <p><b>Starting over.</b> On start, and after any failure (a record Kafka refuses for good, a
 * cluster that cannot be reached to start with), the producer is dropped and a new one starts from
 * the journal's published position; the records of the entries after it that are already on Kafka
 * are found from their headers ({@link PublishedPositions}) and skipped, so that a crash or a
 * restart does not publish anything twice. The wait between attempts grows from 0.5 s to 10 s.
 *
 * <p>Topics are created when missing, on each start. {@link #stats()} tells how far it got.
 */
public final class JournalPublisher implements AutoCloseable {

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

  private volatile boolean closing;
  private volatile boolean connected;
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
  private final AtomicReference<Exception> failed = new AtomicReference<>();
  private Map<String, Integer> partitionCounts = Map.of();
  private Map<TopicPartition, PublishedPositions.Last> present = Map.of();
  private Instant lastLogged = Instant.EPOCH;

  /** What a publisher tells as it goes, for metrics; each method must return at once. */
  public interface Observer {
    /** A producer started; it is used until {@link #producerClosed} is called with it. */
    default void producerStarted(Producer<?, ?> producer) {}

    /** A producer is closed (after a failure, or when the publisher stops). */
    default void producerClosed(Producer<?, ?> producer) {}

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

  /** How far publishing got, and how it went. */
  public PublisherStats stats() {
    long since = oldestPendingSince;
    return new PublisherStats(
        connected,
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
    closing = true;
    synchronized (monitor) {
      monitor.notifyAll();
    }
    try {
      thread.join(CLOSE_TIMEOUT.multipliedBy(2).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  // ------------------------------------------------------------------------------------ the loop

  private void run() {
    Duration backoff = FIRST_BACKOFF;
    while (!closing) {
      try {
        connect();
        backoff = FIRST_BACKOFF;
        pump();
      } catch (InterruptedException e) {
        break;
      } catch (RuntimeException e) {
        if (closing) {
          break;
        }
        failure(e);
        abandon();
        sleep(backoff);
        backoff =
            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
                ? MAX_BACKOFF
                : backoff.multipliedBy(2);
      }
    }
    shutdown();
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
    connected = true;
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
    while (!closing) {
      settle();
      Exception failure = failed.get();
      if (failure != null) {
        throw new IllegalStateException("Kafka refused a record: " + failure, failure);
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
        PublishedPositions.Last last = present.get(new TopicPartition(topic, partition));
        if (last != null && last.covers(entry.position(), i)) {
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
                failed.compareAndSet(null, error);
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

  private void failure(RuntimeException e) {
    connected = false;
    errors.incrementAndGet();
    lastError.set(describe(e));
    lastErrorAt = Instant.now();
    Instant now = Instant.now();
    if (Duration.between(lastLogged, now).compareTo(LOG_EVERY) >= 0) {
      lastLogged = now;
      log.warn(
          "Cannot publish to Kafka at {}: {}. Steps are still journaled ({} entries waiting); retrying"
              + " in the background.",
          bootstrapServers,
          describe(e),
          journal.lastPosition() - journal.publishedPosition());
    } else {
      log.debug("Cannot publish to Kafka at {}: {}", bootstrapServers, e.toString());
    }
  }

  /** The failure and its causes, in one line. */
  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
        text.append(": ").append(cause.getMessage());
      }
    }
    String line = text.toString();
    return line.endsWith(".") ? line.substring(0, line.length() - 1) : line;
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
    connected = false;
  }

  private void sleep(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (monitor) {
      for (long left = duration.toMillis(); left > 0 && !closing; ) {
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
    Map<String, Object> config = new HashMap<>();
    clientProperties.forEach(
        (name, value) -> {
          if (ConsumerConfig.configNames().contains(name)) {
            config.put(name, value);
          }
        });
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis());
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, ClientIds.PUBLISHER_POSITIONS);
    return config;
  }
}
