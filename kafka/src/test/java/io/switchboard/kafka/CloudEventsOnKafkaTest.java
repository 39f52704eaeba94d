package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.journal.DurableTenants;
import io.switchboard.journal.JournaledEvent;
import io.switchboard.json.EventJson;
import io.switchboard.json.EventSchemas;
import io.switchboard.json.EventValidator;
import io.switchboard.model.Event;
import io.switchboard.model.Timestamp;
import io.switchboard.verify.SwitchboardRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every record carries the CloudEvents binary-mode headers, whichever path published it, and its
 * value stays the event exactly.
 */
@Timeout(300)
class CloudEventsOnKafkaTest {

  private static final EventJson JSON = new EventJson();
  private static final EventValidator SCHEMAS = new EventValidator();

  @TempDir Path dir;

  /** Checks the CloudEvents headers of a record of {@code event} published for {@code tenant}. */
  static void assertCloudEvent(Map<String, String> headers, String tenant, Event event) {
    String key = RecordKeys.key(tenant, event);
    assertThat(headers.get(CloudEventHeaders.SPECVERSION)).isEqualTo("1.0");
    assertThat(headers.get(CloudEventHeaders.ID))
        .isNotBlank()
        .isEqualTo(headers.get(SwitchboardRecord.EVENT_ID_HEADER));
    assertThat(headers.get(CloudEventHeaders.SOURCE)).isEqualTo("/switchboard/tenants/" + tenant);
    assertThat(headers.get(CloudEventHeaders.TYPE))
        .isEqualTo("io.switchboard.voice." + event.name());
    assertThat(Instant.parse(headers.get(CloudEventHeaders.TIME)))
        .isEqualTo(Instant.ofEpochMilli(event.time().toEpochMilli()));
    assertThat(headers.get(CloudEventHeaders.SUBJECT))
        .isEqualTo(key.substring(tenant.length() + 1));
    assertThat(headers.get(CloudEventHeaders.DATASCHEMA))
        .isEqualTo(EventSchemas.id(event.type()))
        .isEqualTo("urn:switchboard:schema:v1:" + event.name());
    assertThat(headers.get(CloudEventHeaders.CONTENT_TYPE)).isEqualTo("application/json");
  }

  @Test
  void bothWaysOfBuildingARecordAddTheSameHeaders() {
    EventRecords records = new EventRecords(TopicNames.defaults());
    Event ringing = TestEvents.ringing("ct-1", 42L, "5001", new Timestamp(1_700_000_030L, 812_004));
    ProducerRecord<String, byte[]> direct = records.record("acme", ringing, 3, "j-9-1");
    JournaledEvent journaled =
        new JournaledEvent(
            "CALL_THREAD", "acme:ct-1", 3, ringing.time().toEpochMilli(), JSON.encode(ringing));
    ProducerRecord<String, byte[]> fromJournal = records.record(journaled, 0, "j-9-1");

    assertThat(headers(direct.headers())).isEqualTo(headers(fromJournal.headers()));
    assertCloudEvent(headers(direct.headers()), "acme", ringing);
    assertThat(headers(direct.headers()).get(CloudEventHeaders.TIME))
        .isEqualTo("2023-11-14T22:13:50.812Z");
    assertThat(direct.value()).isEqualTo(JSON.encode(ringing));
  }

  @Test
  void aJournaledValueThatIsNotAnEventIsRefusedClearly() {
    EventRecords records = new EventRecords(TopicNames.defaults());
    JournaledEvent odd =
        new JournaledEvent("CALL_THREAD", "acme:ct-1", 1, 0, "{\"x\":1}".getBytes());
    assertThatThrownBy(() -> records.record(odd, 0, "j-1-0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("{\"id\":\"Event...\"");
  }

  @Test
  void recordsPublishedFromTheJournalCarryThem() throws Exception {
    TopicNames topics = new TopicNames("ce-agentstate", "ce-callthread");
    List<String> acked;
    List<ConsumerRecord<String, byte[]>> read;
    // a broker of its own, as BrokerOutageTest has: the shared one keeps the history the other
    // tests of this module are written against
    try (EmbeddedKafka broker = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
      try (DurableTenants durable = openJournal();
          JournalPublisher publisher =
              JournalPublisherTest.publisher(durable, broker.bootstrapServers(), topics)) {
        Traffic traffic = new Traffic(durable.tenants(), "acme");
        traffic.login("5002", "1002");
        traffic.call("5001", "5002");
        JournalPublisherTest.awaitPublished(durable);
        acked = traffic.acked().stream().map(Traffic.Acked::value).toList();
      }
      read = readAll(broker.bootstrapServers(), topics, acked.size());
    }
    assertThat(read).hasSize(acked.size());
    for (ConsumerRecord<String, byte[]> record : read) {
      Event event = JSON.decode(record.value());
      assertCloudEvent(headers(record.headers()), "acme", event);
      assertThat(
              SCHEMAS.problems(
                  new com.fasterxml.jackson.databind.ObjectMapper().readTree(record.value())))
          .isEmpty();
      assertThat(new String(record.value(), StandardCharsets.UTF_8)).isIn(acked);
    }
  }

  private DurableTenants openJournal() {
    JournalPublisherTest setup = new JournalPublisherTest();
    setup.dir = dir.resolve("journal-test");
    return setup.open();
  }

  /** Reads the topics from the beginning without a consumer group (none is created). */
  private static List<ConsumerRecord<String, byte[]>> readAll(
      String bootstrap, TopicNames topics, int expected) {
    Properties config = new Properties();
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<ConsumerRecord<String, byte[]>> read = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics.all()) {
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (read.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(read::add);
      }
    }
    return read;
  }

  static Map<String, String> headers(Iterable<Header> headers) {
    Map<String, String> map = new HashMap<>();
    for (Header header : headers) {
      map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return map;
  }
}
