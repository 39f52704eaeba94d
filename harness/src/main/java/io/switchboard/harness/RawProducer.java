package io.switchboard.harness;

import io.switchboard.journal.JournaledEvent;
import io.switchboard.verify.SwitchboardRecord;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The reference of the benchmark: a bare Kafka producer with the publishing path's settings
 * (idempotent, {@code acks=all}, at most 5 requests in flight, {@code linger.ms=5}, lz4), sending
 * sampled records again, with headers of the same sizes as Switchboard's: nothing of Switchboard
 * between the caller and Kafka.
 */
final class RawProducer implements AutoCloseable {

  private final Producer<String, byte[]> producer;
  private final List<RecordSample.Sampled> records;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  private final long timestamp;

  /** Stands for a journal's id in the event-id header. */
  private static final String RUN_ID = "0123456789abcdef";

  /**
   * @param timestamp the time of every record: the warm-up's, before the runs it is compared with,
   *     so that their publishers need not look through its records
   */
  RawProducer(String bootstrap, RecordSample sample, long timestamp) {
    this.timestamp = timestamp;
    Map<String, Object> config = new HashMap<>();
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ProducerConfig.CLIENT_ID_CONFIG, "switchboard-bench-raw-producer");
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
    config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    this.producer = new KafkaProducer<>(config);
    this.records = sample.records();
  }

  /** Sends {@code count} records as fast as it can; records acknowledged per second. */
  double throughput(long count) {
    AtomicLong acknowledged = new AtomicLong();
    long start = System.nanoTime();
    for (long i = 0; i < count; i++) {
      producer.send(record(i), (metadata, error) -> done(error, acknowledged));
    }
    producer.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    check();
    return acknowledged.get() / seconds;
  }

  /**
   * Sends {@code perSecond} records a second for {@code seconds}; the latency of each, from the
   * instant it was due to its acknowledgement, after the first {@code skip} seconds.
   */
  Histogram latency(int perSecond, int seconds, long skip) {
    Histogram histogram = new ConcurrentHistogram(3);
    AtomicLong acknowledged = new AtomicLong();
    long interval = 1_000_000_000L / perSecond;
    long start = System.nanoTime();
    long measureFrom = start + TimeUnit.SECONDS.toNanos(skip);
    long end = start + TimeUnit.SECONDS.toNanos(seconds);
    for (long i = 0; ; ) {
      long due = start + i * interval;
      if (due >= end) {
        break;
      }
      long now = System.nanoTime();
      if (now < due) {
        // the simulator's pacing parks the same way, so both pay the same timer granularity
        LockSupport.parkNanos(due - now);
        continue;
      }
      long dueAt = due;
      producer.send(
          record(i),
          (metadata, error) -> {
            if (error == null && dueAt >= measureFrom) {
              histogram.recordValue(System.nanoTime() - dueAt);
            }
            done(error, acknowledged);
          });
      i++;
    }
    producer.flush();
    check();
    return histogram;
  }

  private ProducerRecord<String, byte[]> record(long i) {
    RecordSample.Sampled r = records.get((int) (i % records.size()));
    // the two headers every Switchboard record carries, of the same sizes
    RecordHeaders headers = new RecordHeaders();
    headers.add(
        SwitchboardRecord.SEQ_HEADER, Long.toString(i + 1).getBytes(StandardCharsets.US_ASCII));
    headers.add(
        SwitchboardRecord.EVENT_ID_HEADER,
        JournaledEvent.eventId(RUN_ID, i + 1, 0).getBytes(StandardCharsets.US_ASCII));
    return new ProducerRecord<>(r.topic(), null, timestamp, r.key(), r.value(), headers);
  }

  private void done(Exception error, AtomicLong acknowledged) {
    if (error != null) {
      failure.compareAndSet(null, error);
    } else {
      acknowledged.incrementAndGet();
    }
  }

  private void check() {
    Exception error = failure.get();
    if (error != null) {
      throw new HarnessFailure("the raw producer failed: " + error.getMessage(), error);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
