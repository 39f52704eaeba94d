package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.KafkaTail;
import io.switchboard.kafka.testing.SharedKafka;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record Kafka refuses for good (larger than the topic takes) shows in {@code /health} and the
 * metrics at once, and the step stays in the journal.
 */
class PublishingFailureTest {
  @TempDir Path dir;

  @Test
  void aRecordTooLargeForTheTopicShowsInHealthAndMetrics() throws Exception {
    TopicNames topics = new TopicNames("too-large-agentstate", "too-large-callthread");
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic(topics.agentState(), 1, (short) 1),
                  new NewTopic(topics.callThread(), 1, (short) 1)
                      .configs(Map.of("max.message.bytes", "2048"))))
          .all()
          .get(1, TimeUnit.MINUTES);
    }
    Service.Settings settings =
        new Service.Settings(
            DirectoryFile.demo("switchboard-test"),
            Optional.of(SharedKafka.bootstrapServers()),
            dir,
            0,
            Map.of(),
            topics,
            1,
            Optional.empty(),
            new InetSocketAddress("127.0.0.1", 0));
    try (Service service = Service.start(settings)) {
      HttpResponse<String> call =
          TestHttp.post(
              service.httpUrl() + "/v1/tenants/demo/steps",
              "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\", \"UserData\":"
                  + " {\"Note\": \""
                  + incompressible(8000)
                  + "\"}}}");
      assertThat(call.statusCode()).as(call.body()).isEqualTo(200);

      // the status and the details are read one after the other: wait until both say it
      long deadline = System.nanoTime() + KafkaTail.PATIENCE.toNanos();
      HttpResponse<String> health = TestHttp.get(service.httpUrl() + "/health");
      while (!failed(health) && System.nanoTime() < deadline) {
        Thread.sleep(50);
        health = TestHttp.get(service.httpUrl() + "/health");
      }
      assertThat(health.statusCode()).as(health.body()).isEqualTo(503);
      JsonNode publishing = Json.mapper().readTree(health.body()).at("/details/publishing");
      assertThat(publishing.get("state").asText()).isEqualTo("failed");
      assertThat(publishing.get("lastError").asText())
          .contains(topics.callThread())
          .contains("RecordTooLargeException")
          .contains("max.message.bytes");
      JsonNode journal = Json.mapper().readTree(health.body()).at("/details/journal");
      assertThat(journal.get("unpublishedEntries").asLong()).isPositive();

      HttpResponse<String> metrics = TestHttp.get(service.httpUrl() + "/metrics");
      assertThat(metrics.body()).containsPattern("(?m)^switchboard_publish_failed 1(\\.0)?$");

      // steps are still taken: the journal keeps them until the cause is fixed
      HttpResponse<String> login =
          TestHttp.post(
              service.httpUrl() + "/v1/tenants/demo/steps",
              "{\"RequestAgentLogin\": {\"ThisDN\": \"5003\", \"AgentID\": \"1003\","
                  + " \"AgentWorkMode\": \"AutoIn\"}}");
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    }
  }

  private static boolean failed(HttpResponse<String> health) throws Exception {
    return health.statusCode() == 503
        && Json.mapper()
            .readTree(health.body())
            .at("/details/publishing/state")
            .asText()
            .equals("failed");
  }

  /** {@code length} letters and digits drawn at random (seeded): compression gains little. */
  private static String incompressible(int length) {
    String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    SplittableRandom random = new SplittableRandom(7);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return text.toString();
  }
}
