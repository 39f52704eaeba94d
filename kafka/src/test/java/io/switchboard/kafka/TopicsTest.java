package io.switchboard.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.kafka.testing.SharedKafka;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TopicsTest {

  private static Admin admin;

  @BeforeAll
  static void connect() {
    admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedKafka.bootstrapServers()));
  }

  @AfterAll
  static void disconnect() {
    admin.close();
  }

  @Test
  void missingTopicsAreCreatedOnce() throws Exception {
    TopicNames names = TestEvents.topicsFor("topics-missing");

    assertThat(Topics.ensure(admin, names, 3, Optional.of((short) 1)))
        .containsExactlyElementsOf(names.all());
    assertThat(Topics.ensure(admin, names, 3, Optional.of((short) 1))).isEmpty();
    assertThat(partitions(names.agentState())).isEqualTo(3);
    assertThat(partitions(names.callThread())).isEqualTo(3);
  }

  @Test
  void existingTopicsAreLeftAsTheyAre() throws Exception {
    TopicNames names = TestEvents.topicsFor("topics-existing");
    admin.createTopics(List.of(new NewTopic(names.agentState(), 1, (short) 1))).all().get();

    assertThat(Topics.ensure(SharedKafka.bootstrapServers(), names, 5, Optional.of((short) 1)))
        .containsExactly(names.callThread());
    assertThat(partitions(names.agentState())).isEqualTo(1);
    assertThat(partitions(names.callThread())).isEqualTo(5);
  }

  /**
   * The partitions of {@code topic}. A topic just created may not be in the broker's metadata yet
   * (the controller answers first): asked again until it is.
   */
  private static int partitions(String topic) throws Exception {
    for (int attempt = 1; ; attempt++) {
      try {
        TopicDescription description =
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
        return description.partitions().size();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || attempt == 100) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
