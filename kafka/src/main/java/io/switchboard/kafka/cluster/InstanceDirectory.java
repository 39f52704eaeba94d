package io.switchboard.kafka.cluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where each instance's API is: every instance writes its address to the cluster's compacted
 * instances topic under its id when it starts (and a tombstone when it leaves), and reads
 * everyone's from the beginning, then as they come.
 */
final class InstanceDirectory implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InstanceDirectory.class);

  private final ClusterSettings settings;
  private final KafkaProducer<String, byte[]> announcer;
  private final KafkaConsumer<String, byte[]> reader;
  private final Map<String, String> addresses = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  private final String http;

  private InstanceDirectory(ClusterSettings settings, ClientConfigs configs, String http) {
    this.settings = settings;
    this.http = http;
    this.announcer = new KafkaProducer<>(configs.announcer());
    Map<String, Object> readerConfig = configs.reader();
    readerConfig.put("client.id", readerConfig.get("client.id") + "-instances");
    this.reader = new KafkaConsumer<>(readerConfig);
    this.thread = new Thread(this::read, "switchboard-instances");
    thread.setDaemon(true);
  }

  /**
   * Says where this instance's API is and starts reading everyone's.
   *
   * @throws IllegalStateException if the announcement is not acknowledged within the commit timeout
   */
  static InstanceDirectory start(ClusterSettings settings, ClientConfigs configs, String http) {
    InstanceDirectory directory = new InstanceDirectory(settings, configs, http);
    try {
      directory
          .announcer
          .send(
              new ProducerRecord<>(
                  settings.instancesTopic(),
                  settings.instance(),
                  http.getBytes(StandardCharsets.UTF_8)))
          .get(settings.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      directory.halt();
      throw new IllegalStateException(
          "cannot announce instance " + settings.instance() + " on Kafka: " + e, e);
    }
    directory.addresses.put(settings.instance(), http);
    directory.thread.start();
    return directory;
  }

  /** The API address of {@code instance}, if known. */
  Optional<String> http(String instance) {
    return Optional.ofNullable(addresses.get(instance));
  }

  private void read() {
    TopicPartition partition = new TopicPartition(settings.instancesTopic(), 0);
    try {
      reader.assign(List.of(partition));
      reader.seekToBeginning(List.of(partition));
      while (running) {
        for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(500))) {
          if (record.value() == null) {
            addresses.remove(record.key());
          } else {
            addresses.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        log.warn("Reading the instances of cluster {}: {}", settings.cluster(), e.toString());
      }
    } finally {
      reader.close(Duration.ZERO);
    }
  }

  /** Removes this instance from the directory, then stops. */
  @Override
  public void close() {
    try {
      announcer
          .send(new ProducerRecord<>(settings.instancesTopic(), settings.instance(), null))
          .get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.debug("removing instance {} from the directory", settings.instance(), e);
    }
    halt();
  }

  /** Stops without a word to the others. */
  void halt() {
    running = false;
    reader.wakeup();
    if (thread.isAlive()) {
      try {
        thread.join(2_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    } else {
      reader.close(Duration.ZERO);
    }
    announcer.close(Duration.ZERO);
  }
}
