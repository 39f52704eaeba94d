package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.switchboard.model.Topic;
import org.junit.jupiter.api.Test;

class TopicNamesTest {

  @Test
  void defaultsAreTheGenesysNames() {
    TopicNames names = TopicNames.defaults();

    assertThat(names.of(Topic.AGENT_STATE)).isEqualTo("voice-agentstate");
    assertThat(names.of(Topic.CALL_THREAD)).isEqualTo("voice-callthread");
    assertThat(names.all()).containsExactly("voice-agentstate", "voice-callthread");
  }

  @Test
  void configuredNamesAreResolved() {
    TopicNames names = new TopicNames("lab.agents", "lab.calls");

    assertThat(names.of(Topic.AGENT_STATE)).isEqualTo("lab.agents");
    assertThat(names.of(Topic.CALL_THREAD)).isEqualTo("lab.calls");
  }

  @Test
  void unpublishedTopicHasNoName() {
    assertThatThrownBy(() -> TopicNames.defaults().of(Topic.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("delivered to parties only");
  }

  @Test
  void illegalNamesAreRejected() {
    assertThatThrownBy(() -> new TopicNames("voice agentstate", "voice-callthread"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentState topic name")
        .hasMessageContaining("'voice agentstate'");
    assertThatThrownBy(() -> new TopicNames("same", "same"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
  }
}
