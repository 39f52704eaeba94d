package io.switchboard.verify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * Reads topics from the beginning (or from a time) up to their end as it was when reading started,
 * without a consumer group: nothing is committed, reading leaves no trace on the cluster.
 */
public final class TopicScanner {

  private static final Duration POLL = Duration.ofMillis(200);

  private TopicScanner() {}

  /**
   * Hands every record of {@code topics} to {@code sink}, each partition in order.
   *
   * @param bootstrapServers the cluster
   * @param clientProperties extra consumer settings (security, for example)
   * @param since read the records stamped at or after this time; empty: from the oldest kept
   * @param idleTimeout fail when no record arrives for this long while some are still to be read
   * @return the number of records read
   * @throws IllegalArgumentException if a topic does not exist
   * @throws IllegalStateException if the records could not be read, saying which are left
   * @throws KafkaUnreachableException if the cluster does not answer within {@code idleTimeout}
   */
  public static long scan(
      String bootstrapServers,
      Map<String, Object> clientProperties,
      List<String> topics,
      Optional<Instant> since,
      Duration idleTimeout,
      Consumer<SwitchboardRecord> sink) {
    Objects.requireNonNull(sink, "sink");
    // named after its role, as the service's clients are (io.switchboard.kafka.ClientIds)
    Map<String, Object> config =
        GrouplessConsumer.config(bootstrapServers, clientProperties, "switchboard-verify");
    long read = 0;
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, idleTimeout);
        if (infos == null || infos.isEmpty()) {
          throw new IllegalArgumentException(
              "Topic '" + topic + "' does not exist on " + bootstrapServers + ": check its name");
        }
        infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      consumer.assign(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, idleTimeout);
      if (since.isPresent()) {
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(p -> times.put(p, since.get().toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> starts =
            consumer.offsetsForTimes(times, idleTimeout);
        for (TopicPartition partition : partitions) {
          OffsetAndTimestamp start = starts.get(partition);
          consumer.seek(partition, start == null ? ends.get(partition) : start.offset());
        }
      } else {
        consumer.seekToBeginning(partitions);
      }
      List<TopicPartition> open = new ArrayList<>(partitions);
      long lastProgress = System.nanoTime();
      while (true) {
        List<TopicPartition> done =
            open.stream().filter(p -> consumer.position(p) >= ends.get(p)).toList();
        if (!done.isEmpty()) {
          consumer.pause(done);
          open.removeAll(done);
        }
        if (open.isEmpty()) {
          return read;
        }
        if (System.nanoTime() - lastProgress > idleTimeout.toNanos()) {
          throw new IllegalStateException(
              "No record arrived for "
                  + idleTimeout.toSeconds()
                  + " s while partitions "
                  + open
                  + " still had records to read; is the cluster up?");
        }
        for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
          TopicPartition partition = new TopicPartition(record.topic(), record.partition());
          if (record.offset() < ends.get(partition)) {
            sink.accept(SwitchboardRecord.of(record));
            read++;
            lastProgress = System.nanoTime();
          }
        }
      }
    } catch (TimeoutException e) {
      throw new KafkaUnreachableException(bootstrapServers, idleTimeout, e);
    }
  }
}
