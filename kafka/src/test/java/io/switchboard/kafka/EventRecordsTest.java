package io.switchboard.kafka;

import static io.switchboard.kafka.TestEvents.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.journal.JournaledEvent;
import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import io.switchboard.model.Timestamp;
import io.switchboard.verify.SwitchboardRecord;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

  private final EventRecords records = new EventRecords(TopicNames.defaults());

  @Test
  void agentStateRecord() {
    Event login = TestEvents.login("5001", "1001", new Timestamp(1_700_000_000L, 987_654));

    ProducerRecord<String, byte[]> record = records.record(TENANT, login, 7, "abc-1-0");

    assertThat(record.topic()).isEqualTo("voice-agentstate");
    assertThat(record.key()).isEqualTo("acme:1001");
    assertThat(record.timestamp()).isEqualTo(1_700_000_000_987L);
    assertThat(record.partition()).as("left to the key hash").isNull();
    assertThat(header(record, SwitchboardRecord.SEQ_HEADER)).isEqualTo("7");
    assertThat(header(record, SwitchboardRecord.EVENT_ID_HEADER)).isEqualTo("abc-1-0");
    assertThat(new EventJson().decode(record.value())).isEqualTo(login);
  }

  @Test
  void callThreadRecord() {
    Event ringing = TestEvents.ringing("ct-1", 42L, "5001", TestEvents.TIME);

    ProducerRecord<String, byte[]> record = records.record(TENANT, ringing, 1, "abc-2-0");

    assertThat(record.topic()).isEqualTo("voice-callthread");
    assertThat(record.key()).isEqualTo("acme:ct-1");
    assertThat(record.timestamp()).isEqualTo(TestEvents.TIME.toEpochMilli());
    assertThat(record.value()).isEqualTo(new EventJson().encode(ringing));
  }

  @Test
  void journaledEventRecord() {
    Event ringing = TestEvents.ringing("ct-1", 42L, "5001", TestEvents.TIME);
    byte[] value = new EventJson().encode(ringing);
    JournaledEvent journaled =
        new JournaledEvent("CALL_THREAD", "acme:ct-1", 3, TestEvents.TIME.toEpochMilli(), value);

    ProducerRecord<String, byte[]> record = records.record(journaled, 4, "0123456789abcdef-9-1");

    assertThat(record.topic()).isEqualTo("voice-callthread");
    assertThat(record.partition()).isEqualTo(4);
    assertThat(record.key()).isEqualTo("acme:ct-1");
    assertThat(record.value()).isEqualTo(value);
    assertThat(record.timestamp()).isEqualTo(TestEvents.TIME.toEpochMilli());
    assertThat(header(record, SwitchboardRecord.SEQ_HEADER)).isEqualTo("3");
    assertThat(header(record, SwitchboardRecord.EVENT_ID_HEADER)).isEqualTo("0123456789abcdef-9-1");
  }

  @Test
  void thePartitionIsTheDefaultPartitionersChoice() {
    org.apache.kafka.common.Cluster cluster = org.apache.kafka.common.Cluster.empty();
    for (String key : java.util.List.of("acme:1001", "acme:006c02a8b7e30001", "globex:5001")) {
      byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
      int expected =
          org.apache.kafka.common.utils.Utils.toPositive(
                  org.apache.kafka.common.utils.Utils.murmur2(bytes))
              % 6;
      assertThat(EventRecords.partition(key, 6)).isEqualTo(expected).isBetween(0, 5);
    }
    assertThat(cluster.nodes()).isEmpty();
  }

  @Test
  void unpublishedEventsHaveNoRecord() {
    assertThatThrownBy(() -> records.record(TENANT, TestEvents.error(TestEvents.TIME), 1, "x"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static String header(ProducerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
