package io.switchboard.kafka;

import static io.switchboard.kafka.TestEvents.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.json.EventJson;
import io.switchboard.model.Event;
import io.switchboard.model.Timestamp;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class EventRecordsTest {

  private final EventRecords records = new EventRecords(TopicNames.defaults());

  @Test
  void agentStateRecord() {
    Event login = TestEvents.login("5001", "1001", new Timestamp(1_700_000_000L, 987_654));

    ProducerRecord<String, byte[]> record = records.record(TENANT, login);

    assertThat(record.topic()).isEqualTo("voice-agentstate");
    assertThat(record.key()).isEqualTo("acme:1001");
    assertThat(record.timestamp()).isEqualTo(1_700_000_000_987L);
    assertThat(record.partition()).as("left to the key hash").isNull();
    assertThat(record.headers().toArray()).isEmpty();
    assertThat(new EventJson().decode(record.value())).isEqualTo(login);
  }

  @Test
  void callThreadRecord() {
    Event ringing = TestEvents.ringing("ct-1", 42L, "5001", TestEvents.TIME);

    ProducerRecord<String, byte[]> record = records.record(TENANT, ringing);

    assertThat(record.topic()).isEqualTo("voice-callthread");
    assertThat(record.key()).isEqualTo("acme:ct-1");
    assertThat(record.timestamp()).isEqualTo(TestEvents.TIME.toEpochMilli());
    assertThat(record.value()).isEqualTo(new EventJson().encode(ringing));
  }

  @Test
  void unpublishedEventsHaveNoRecord() {
    assertThatThrownBy(() -> records.record(TENANT, TestEvents.error(TestEvents.TIME)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
