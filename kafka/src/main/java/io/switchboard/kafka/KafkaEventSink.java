package io.switchboard.kafka;

import io.switchboard.engine.EventSink;
import io.switchboard.model.Event;
import io.switchboard.verify.SwitchboardRecord;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes events to Kafka, one record per event as {@link EventRecords} builds it.
 *
 * <p>Order: the records of one call are handed to the producer in the order of the list, in the
 * caller's thread, and the producer is idempotent with at most 5 requests in flight, so records
 * with the same key (same partition) are stored in the order they were published, across calls too,
 * without duplicates from retries. Callers that publish for one tenant from several threads must
 * order those calls themselves.
 *
 * <p>Headers: each record carries its number among the records of its key that this sink published
 * ({@link SwitchboardRecord#SEQ_HEADER}, from 1) and an id made of a random id of this sink, the
 * call's number and the event's index ({@link SwitchboardRecord#EVENT_ID_HEADER}). The numbers live
 * as long as the sink: this is the direct publisher of scenario runs and tests; the service
 * publishes from its journal instead ({@link JournalPublisher}), whose numbers survive restarts.
 *
 * <p>Durability: {@code acks=all}; a future completes once every record of the call is
 * acknowledged. Futures are completed on a thread of this sink, never on the producer's network
 * thread, so dependent stages may block without stalling publishing.
 *
 * <p>Producer settings: idempotence, {@code acks=all}, at most 5 requests in flight and the
 * serializers are fixed. {@code linger.ms=5} and {@code compression.type=lz4} are defaults that the
 * extra properties may change, as they may add any other producer setting (security, batching,
 * timeouts).
 */
public final class KafkaEventSink implements EventSink, AutoCloseable {

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Map<String, Object> FIXED =
      Map.ofEntries(
          Map.entry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true"),
          Map.entry(ProducerConfig.ACKS_CONFIG, "all"),
          Map.entry(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()),
          Map.entry(
              ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));

  private final Producer<String, byte[]> producer;
  private final EventRecords records;
  private final ExecutorService completions;
  private final String id = randomId();
  private final AtomicLong calls = new AtomicLong();
  private final Map<String, AtomicLong> sequences = new ConcurrentHashMap<>();

  /**
   * A sink publishing to the cluster at {@code bootstrapServers}, into topics that must exist (see
   * {@link #open} and {@link Topics#ensure}): records for a missing topic fail only after the
   * producer's {@code max.block.ms}.
   *
   * @param producerProperties extra producer settings, applied over the defaults
   * @throws IllegalArgumentException if {@code producerProperties} contradict a fixed setting
   */
  public KafkaEventSink(
      String bootstrapServers, TopicNames topics, Map<String, Object> producerProperties) {
    this.records = new EventRecords(topics);
    this.producer = new KafkaProducer<>(producerConfig(bootstrapServers, producerProperties));
    this.completions =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "switchboard-kafka-acks");
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * Creates the topics that are missing ({@link Topics#ensure}, with {@code clientProperties} for
   * the admin client), then a sink as {@link #KafkaEventSink(String, TopicNames, Map)} does.
   */
  public static KafkaEventSink open(
      String bootstrapServers,
      TopicNames topics,
      int partitions,
      Optional<Short> replicationFactor,
      Map<String, Object> clientProperties) {
    Topics.ensure(bootstrapServers, clientProperties, topics, partitions, replicationFactor);
    return new KafkaEventSink(bootstrapServers, topics, clientProperties);
  }

  /** The producer configuration: defaults, then {@code extra}, then the fixed settings. */
  static Map<String, Object> producerConfig(String bootstrapServers, Map<String, Object> extra) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(extra, "producerProperties");
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.putAll(extra);
    FIXED.forEach(
        (name, value) -> {
          Object given = config.get(name);
          if (given != null && !same(name, given, value)) {
            throw new IllegalArgumentException(
                "Producer setting "
                    + name
                    + "="
                    + given
                    + " is not allowed: events are published with "
                    + name
                    + "="
                    + value
                    + " to keep their order and durability. Remove it from the extra properties.");
          }
          config.put(name, value);
        });
    Object inFlight = config.get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION);
    int requests = Integer.parseInt(String.valueOf(inFlight));
    if (requests < 1 || requests > 5) {
      throw new IllegalArgumentException(
          "Producer setting max.in.flight.requests.per.connection="
              + inFlight
              + " is not allowed: an idempotent producer keeps order with 1 to 5 only.");
    }
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, ClientIds.EVENTS);
    return config;
  }

  private static boolean same(String name, Object given, Object fixed) {
    String text = given instanceof Class<?> type ? type.getName() : String.valueOf(given).strip();
    return text.equalsIgnoreCase(String.valueOf(fixed))
        || (name.equals(ProducerConfig.ACKS_CONFIG) && text.equals("-1"));
  }

  /**
   * Publishes {@code events} of {@code tenant}, in order. The future completes when all are
   * acknowledged, or exceptionally with the first failure. An event that cannot become a record
   * (never published, or lacking its key attribute) fails the call before any record is sent.
   */
  @Override
  public CompletableFuture<Void> publish(String tenant, List<Event> events) {
    return send(tenant, events).thenApply(published -> null);
  }

  /**
   * Publishes as {@link #publish} does, and tells where each record was stored: the list has one
   * entry per event, in the order of {@code events}.
   */
  public CompletableFuture<List<PublishedRecord>> send(String tenant, List<Event> events) {
    Objects.requireNonNull(events, "events");
    List<ProducerRecord<String, byte[]>> batch = new ArrayList<>(events.size());
    try {
      List<String> keys = new ArrayList<>(events.size());
      for (Event event : events) {
        keys.add(event.type().topic() + ":" + RecordKeys.key(tenant, event));
      }
      long call = calls.incrementAndGet();
      for (int i = 0; i < events.size(); i++) {
        long seq = sequences.computeIfAbsent(keys.get(i), k -> new AtomicLong()).incrementAndGet();
        batch.add(records.record(tenant, events.get(i), seq, id + "-" + call + "-" + i));
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<List<PublishedRecord>> result = new CompletableFuture<>();
    if (batch.isEmpty()) {
      result.complete(List.of());
      return result;
    }
    PublishedRecord[] stored = new PublishedRecord[batch.size()];
    AtomicInteger pending = new AtomicInteger(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      ProducerRecord<String, byte[]> record = batch.get(i);
      int index = i;
      try {
        producer.send(
            record,
            (metadata, error) -> {
              if (error != null) {
                deliver(() -> result.completeExceptionally(error));
                return;
              }
              stored[index] =
                  new PublishedRecord(
                      metadata.topic(), metadata.partition(), metadata.offset(), record.key());
              if (pending.decrementAndGet() == 0) {
                deliver(() -> result.complete(List.copyOf(Arrays.asList(stored))));
              }
            });
      } catch (RuntimeException e) {
        // stop here: sending the rest would publish later events without this one
        deliver(() -> result.completeExceptionally(e));
        break;
      }
    }
    return result;
  }

  static String randomId() {
    byte[] random = new byte[8];
    new SecureRandom().nextBytes(random);
    return HexFormat.of().formatHex(random);
  }

  private void deliver(Runnable completion) {
    try {
      completions.execute(completion);
    } catch (RejectedExecutionException e) {
      // closed: no more dependents to protect the producer from, complete in place
      completion.run();
    }
  }

  /** Sends every buffered record and waits until each is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /**
   * Sends what is buffered, waiting up to 30 seconds, then releases the producer. Futures of
   * records not acknowledged by then fail.
   */
  @Override
  public void close() {
    try {
      producer.close(CLOSE_TIMEOUT);
    } finally {
      completions.shutdown();
      try {
        completions.awaitTermination(CLOSE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
