package io.switchboard.verify;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The one configuration of Switchboard's consumers that read assigned partitions without a group
 * (the verifier's scan, the publisher's look for what is already on Kafka, a cluster instance's
 * rebuild): nothing is committed, so reading leaves no trace on the cluster.
 */
public final class GrouplessConsumer {

  private GrouplessConsumer() {}

  /**
   * The configuration of a consumer of {@code bootstrapServers} named {@code clientId}: the
   * consumer settings among {@code clientProperties} (security, say; a group id is dropped), keys
   * as strings and values as bytes, no group and no commits, {@code read_committed} (what a
   * consumer should see: records of an aborted transaction were never acknowledged), and a position
   * below a log's start reads from the start, never from the end. The caller may add to it.
   */
  public static Map<String, Object> config(
      String bootstrapServers, Map<String, ?> clientProperties, String clientId) {
    Map<String, Object> config = new HashMap<>();
    clientProperties.forEach(
        (name, value) -> {
          if (ConsumerConfig.configNames().contains(name)) {
            config.put(name, value);
          }
        });
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    config.remove(ConsumerConfig.GROUP_ID_CONFIG);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    config.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return config;
  }
}
