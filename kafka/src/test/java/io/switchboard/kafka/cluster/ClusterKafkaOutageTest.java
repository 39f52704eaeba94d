package io.switchboard.kafka.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.ErrorCode;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.Json;
import io.switchboard.json.StepJson;
import io.switchboard.kafka.LocalKafkaCluster;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafkaCluster;
import io.switchboard.model.DNType;
import io.switchboard.model.request.Step;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kafka unable to take a commit (two of three brokers down, below {@code min.insync.replicas}):
 * steps are refused within a bounded time and nothing changes; when Kafka is back the instance
 * serves again by itself, with the state it had.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ClusterKafkaOutageTest {

  static Step step(String json) {
    try {
      return StepJson.parse(Json.mapper().readTree(json), ConnIdResolver.none()).step();
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  @Test
  void stepsAreRefusedWhileKafkaCannotCommitAndServedAgainWhenItCan() throws Exception {
    LocalKafkaCluster kafka = SharedKafkaCluster.cluster();
    String name = "outage" + UUID.randomUUID().toString().substring(0, 6);
    TenantConfig acme =
        TenantConfig.of(
            "acme",
            List.of(
                new DirectoryEntry("5001", DNType.Extension),
                new DirectoryEntry("5002", DNType.Extension)));
    ClusterSettings settings =
        ClusterSettings.of(
                name,
                "a",
                kafka.bootstrap(),
                new TopicNames(name + "-agentstate", name + "-callthread"),
                "127.0.0.1:1")
            .withPartitions(2)
            .withTimeouts(Duration.ofSeconds(6), Duration.ofSeconds(4));
    long base = Instant.now().getEpochSecond() << 24;
    try (ClusterNode node =
        ClusterNode.start(
            settings,
            List.of(acme),
            Clock.systemUTC(),
            t -> IdSource.sequential(base),
            RecordKeys.keying(),
            t -> {})) {
      ClusterNodeTest.await(
          "the tenant is served",
          Duration.ofSeconds(60),
          () -> node.locate("acme").kind() == ClusterNode.Location.Kind.LOCAL);
      Outcome made =
          node.tenants()
              .submit(
                  "acme",
                  step("{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}"))
              .get(30, TimeUnit.SECONDS);
      String conn = made.connId().orElseThrow().toString();

      kafka.kill(1);
      kafka.kill(2);
      try {
        // the first step after the outage waits at most the commit timeout, then fails; the
        // next ones are refused before they run
        long started = System.nanoTime();
        boolean refused = false;
        while (!refused && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60)) {
          if (node.locate("acme").kind() != ClusterNode.Location.Kind.LOCAL) {
            refused = true;
            break;
          }
          CompletableFuture<Outcome> answer;
          try {
            // under a key: a step whose answer failed may still have reached the log, and the
            // same key sent again later gives its outcome (or runs it, if it did not)
            answer = node.tenants().submit("acme", answerCall(conn), Optional.of(ANSWER_KEY));
          } catch (IllegalArgumentException moved) {
            refused = true;
            break;
          }
          try {
            Outcome outcome = answer.get(20, TimeUnit.SECONDS);
            refused =
                outcome.errorCode().filter(c -> c == ErrorCode.ClusterUnavailable).isPresent();
            assertThat(outcome.rejected())
                .as("a step is either refused or committed, Kafka being down: %s", outcome)
                .isTrue();
          } catch (ExecutionException failed) {
            refused = true;
          } catch (TimeoutException e) {
            throw new AssertionError("a step waited more than 20 s for Kafka", e);
          }
        }
        assertThat(refused).as("steps refused once Kafka cannot commit").isTrue();
        // the health details say why: on the failed partition, or as the last error once it is
        // dropped and retried
        assertThat(node.health().toString()).containsAnyOf("why=", "lastError=");
      } finally {
        kafka.restart(1);
        kafka.restart(2);
      }
      ClusterNodeTest.await(
          "the tenant is served again",
          Duration.ofSeconds(120),
          () -> node.locate("acme").kind() == ClusterNode.Location.Kind.LOCAL);
      // the answer sent again under its key: the call is answered once, whether the attempt
      // during the outage reached the log (its outcome comes back) or not (it runs now)
      Outcome answered =
          node.tenants()
              .submit("acme", answerCall(conn), Optional.of(ANSWER_KEY))
              .get(30, TimeUnit.SECONDS);
      assertThat(answered.rejected()).as("the call made before the outage: %s", answered).isFalse();
      assertThat(node.tenants().view("acme").calls())
          .singleElement()
          .satisfies(
              call ->
                  assertThat(call.parties())
                      .as("the call, answered once")
                      .extracting(p -> p.state().name())
                      .containsOnly("Connected"));
    }
  }

  private static final String ANSWER_KEY = "answer-after-the-outage";

  private static Step answerCall(String conn) {
    return step("{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + conn + "\"}}");
  }
}
