package io.switchboard.kafka;

import io.switchboard.verify.GrouplessConsumer;
import io.switchboard.verify.KafkaUnreachableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Reads records back from Kafka without a consumer group: partitions are assigned directly and
 * nothing is committed, so reading leaves no trace on the cluster.
 */
public final class RecordReader {

  private static final Duration POLL = Duration.ofMillis(200);

  private RecordReader() {}

  /** Reads as {@link #read(String, Map, List, Duration)} does from a plain-text cluster. */
  public static List<ConsumedRecord> read(
      String bootstrapServers, List<PublishedRecord> published, Duration timeout) {
    return read(bootstrapServers, Map.of(), published, timeout);
  }

  /**
   * Reads exactly the {@code published} records, by topic, partition and offset.
   *
   * @param clientProperties extra consumer settings (security, for example)
   * @return one record per entry of {@code published}, in the same order
   * @throws IllegalStateException if some records could not be read within {@code timeout}; the
   *     message lists them
   */
  public static List<ConsumedRecord> read(
      String bootstrapServers,
      Map<String, Object> clientProperties,
      List<PublishedRecord> published,
      Duration timeout) {
    Objects.requireNonNull(published, "published");
    Objects.requireNonNull(timeout, "timeout");
    if (published.isEmpty()) {
      return List.of();
    }
    Map<TopicPartition, Long> first = new HashMap<>();
    Map<TopicPartition, Long> last = new HashMap<>();
    for (PublishedRecord record : published) {
      TopicPartition partition = new TopicPartition(record.topic(), record.partition());
      first.merge(partition, record.offset(), Math::min);
      last.merge(partition, record.offset(), Math::max);
    }
    Map<TopicPartition, Map<Long, ConsumedRecord>> found = new HashMap<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(consumerConfig(bootstrapServers, clientProperties, ClientIds.READER))) {
      consumer.assign(first.keySet());
      first.forEach(consumer::seek);
      List<TopicPartition> open = new ArrayList<>(first.keySet());
      for (long left = deadline - System.nanoTime();
          !open.isEmpty() && left > 0;
          left = deadline - System.nanoTime()) {
        Duration wait = Duration.ofNanos(Math.min(left, POLL.toNanos()));
        for (ConsumerRecord<String, byte[]> record : consumer.poll(wait)) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() <= last.get(partition)) {
            found.computeIfAbsent(partition, p -> new HashMap<>()).put(record.offset(), of(record));
          }
        }
        List<TopicPartition> done =
            open.stream().filter(p -> consumer.position(p) > last.get(p)).toList();
        if (!done.isEmpty()) {
          consumer.pause(done);
          open.removeAll(done);
        }
      }
    }
    List<ConsumedRecord> result = new ArrayList<>(published.size());
    List<PublishedRecord> missing = new ArrayList<>();
    for (PublishedRecord record : published) {
      ConsumedRecord consumed =
          found
              .getOrDefault(new TopicPartition(record.topic(), record.partition()), Map.of())
              .get(record.offset());
      if (consumed == null) {
        missing.add(record);
      } else {
        result.add(consumed);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "Read "
              + result.size()
              + " of "
              + published.size()
              + " records from "
              + bootstrapServers
              + " within "
              + timeout.toMillis()
              + " ms; missing: "
              + missing.stream().map(PublishedRecord::toString).collect(Collectors.joining(", "))
              + ". Check that the records were published to this cluster, that they have not been"
              + " deleted by retention, and that the cluster is up; or allow a longer timeout.");
    }
    return result;
  }

  /** How long {@link #tail} waits for a cluster to answer, unless told otherwise. */
  public static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);

  private static final Duration TOPIC_CHECK = Duration.ofSeconds(1);

  /** Tails a plain-text cluster as {@link #tail(Tail, Consumer, BooleanSupplier)} does. */
  public static void tail(
      String bootstrapServers,
      List<String> topics,
      boolean fromBeginning,
      Consumer<ConsumedRecord> sink,
      BooleanSupplier stop) {
    tail(
        new Tail(bootstrapServers, Map.of(), topics, fromBeginning, REACH_TIMEOUT, notice -> {}),
        sink,
        stop);
  }

  /**
   * What to tail.
   *
   * @param clientProperties extra consumer settings (security, for example)
   * @param fromBeginning start at the oldest records kept, else at the end (new records only)
   * @param reachTimeout how long the cluster has to answer first
   * @param notice told, once, of topics that do not exist yet and are waited for
   */
  public record Tail(
      String bootstrapServers,
      Map<String, Object> clientProperties,
      List<String> topics,
      boolean fromBeginning,
      Duration reachTimeout,
      Consumer<String> notice) {
    public Tail {
      Objects.requireNonNull(bootstrapServers, "bootstrapServers");
      clientProperties = Map.copyOf(clientProperties);
      topics = List.copyOf(topics);
      Objects.requireNonNull(reachTimeout, "reachTimeout");
      Objects.requireNonNull(notice, "notice");
    }
  }

  /**
   * Hands every record of the topics to {@code sink}, in the order read (the order of each
   * partition is kept), one at a time, until {@code stop} says so: {@code stop} is checked after
   * every record and at least every 200 ms, so a sink that counts can stop at an exact number. A
   * topic that does not exist yet is waited for, and read from its beginning once it appears
   * (everything in it is then newer than the tail). Partitions added while tailing are not
   * followed.
   *
   * @throws KafkaUnreachableException if the cluster does not answer within the tail's timeout
   */
  public static void tail(Tail tail, Consumer<ConsumedRecord> sink, BooleanSupplier stop) {
    Objects.requireNonNull(sink, "sink");
    Objects.requireNonNull(stop, "stop");
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(
            consumerConfig(tail.bootstrapServers(), tail.clientProperties(), ClientIds.TAIL))) {
      Map<String, List<PartitionInfo>> existing =
          listTopics(consumer, tail.bootstrapServers(), tail.reachTimeout());
      List<String> missing = new ArrayList<>();
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : tail.topics()) {
        List<PartitionInfo> infos = existing.get(topic);
        if (infos == null || infos.isEmpty()) {
          missing.add(topic);
        } else {
          infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
      }
      if (!missing.isEmpty()) {
        tail.notice()
            .accept(
                "waiting for "
                    + String.join(", ", missing)
                    + " on "
                    + tail.bootstrapServers()
                    + ": not there yet (the service creates its topics when it first reaches"
                    + " Kafka); their records will be read from their beginning");
      }
      consumer.assign(partitions);
      if (tail.fromBeginning()) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      // resolve the positions now: a lazy seek to the end would skip what arrives before the poll
      partitions.forEach(consumer::position);
      long nextCheck = System.nanoTime() + TOPIC_CHECK.toNanos();
      while (!stop.getAsBoolean()) {
        if (!missing.isEmpty() && System.nanoTime() - nextCheck > 0) {
          follow(consumer, missing, partitions);
          nextCheck = System.nanoTime() + TOPIC_CHECK.toNanos();
        }
        if (partitions.isEmpty()) {
          // nothing to poll yet: every topic is still awaited
          sleep(POLL);
          continue;
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          sink.accept(of(record));
          if (stop.getAsBoolean()) {
            return;
          }
        }
      }
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for topics", e);
    }
  }

  /** Starts reading, from their beginning, the {@code missing} topics that exist now. */
  private static void follow(
      KafkaConsumer<String, byte[]> consumer,
      List<String> missing,
      List<TopicPartition> partitions) {
    Map<String, List<PartitionInfo>> now;
    try {
      now = consumer.listTopics(POLL);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      return;
    }
    List<TopicPartition> added = new ArrayList<>();
    for (String topic : List.copyOf(missing)) {
      List<PartitionInfo> infos = now.get(topic);
      if (infos != null && !infos.isEmpty()) {
        missing.remove(topic);
        infos.forEach(info -> added.add(new TopicPartition(info.topic(), info.partition())));
      }
    }
    if (added.isEmpty()) {
      return;
    }
    Map<TopicPartition, Long> positions = new HashMap<>();
    partitions.forEach(p -> positions.put(p, consumer.position(p)));
    partitions.addAll(added);
    consumer.assign(partitions);
    positions.forEach(consumer::seek);
    consumer.seekToBeginning(added);
    added.forEach(consumer::position);
  }

  /**
   * The cluster's topics.
   *
   * @throws KafkaUnreachableException if it does not answer within {@code timeout}
   */
  private static Map<String, List<PartitionInfo>> listTopics(
      KafkaConsumer<String, byte[]> consumer, String bootstrapServers, Duration timeout) {
    try {
      return consumer.listTopics(timeout);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new KafkaUnreachableException(bootstrapServers, timeout, e);
    }
  }

  private static Map<String, Object> consumerConfig(
      String bootstrapServers, Map<String, Object> clientProperties, String clientId) {
    Objects.requireNonNull(bootstrapServers, "bootstrapServers");
    Objects.requireNonNull(clientProperties, "clientProperties");
    return GrouplessConsumer.config(bootstrapServers, clientProperties, clientId);
  }

  private static ConsumedRecord of(ConsumerRecord<String, byte[]> record) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Header header : record.headers()) {
      headers.put(
          header.key(),
          header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
    }
    return new ConsumedRecord(
        record.topic(),
        record.partition(),
        record.offset(),
        record.key() == null ? "" : record.key(),
        headers,
        record.value() == null ? new byte[0] : record.value(),
        record.timestamp());
  }
}
