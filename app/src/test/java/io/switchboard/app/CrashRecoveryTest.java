package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.harness.AckedEvents;
import io.switchboard.harness.Chaos;
import io.switchboard.harness.DeliveryCheck;
import io.switchboard.harness.ServiceProcess;
import io.switchboard.json.Json;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafka;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service killed with {@code kill -9} (a JVM of its own) and started again on the same data
 * directory: the calls go on, and every acknowledged event is on Kafka once, in order.
 */
class CrashRecoveryTest {
  @TempDir Path dir;

  JsonNode post(String url, String step, int status) throws Exception {
    HttpResponse<String> response = TestHttp.post(url + "/v1/tenants/acme/steps", step);
    assertThat(response.statusCode()).as("%s -> %s", step, response.body()).isEqualTo(status);
    return Json.mapper().readTree(response.body());
  }

  List<String> args(TopicNames topics) throws Exception {
    Path config = dir.resolve("switchboard.yaml");
    Files.writeString(
        config,
        "kafka:\n  partitions: 3\n  topics: {agentState: "
            + topics.agentState()
            + ", callThread: "
            + topics.callThread()
            + "}\ntenants:\n  - tenant: acme\n    directory:\n"
            + "      - {dn: \"5001\", type: Extension}\n"
            + "      - {dn: \"5002\", type: Extension}\n"
            + "      - {dn: \"5003\", type: Extension}\n");
    return List.of(
        "--config",
        config.toString(),
        "--kafka",
        SharedKafka.bootstrapServers(),
        "--data-dir",
        dir.resolve("data").toString(),
        "--http-port",
        "0");
  }

  @Test
  void callsAgentsAndDnsGoOnAfterAKillMinus9() throws Exception {
    TopicNames topics = new TopicNames("crash-agentstate", "crash-callthread");
    List<String> args = args(topics);
    AckedEvents acked = new AckedEvents("acme");
    String connId;
    ServiceProcess first = ServiceProcess.start(Main.class, args, dir.resolve("first.log"));
    try {
      String url = first.httpUrl();
      acked.add(
          post(
              url,
              "{\"RequestAgentLogin\": {\"ThisDN\": \"5002\", \"AgentID\": \"1002\","
                  + " \"AgentWorkMode\": \"AutoIn\"}}",
              200));
      JsonNode made =
          post(url, "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}", 200);
      acked.add(made);
      connId = made.get("ConnID").asText();
      acked.add(
          post(
              url,
              "{\"RequestAnswerCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + connId + "\"}}",
              200));
      acked.add(
          post(
              url,
              "{\"RequestHoldCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + connId + "\"}}",
              200));
      acked.add(
          post(
              url,
              "{\"RequestAttachUserData\": {\"ThisDN\": \"5002\", \"ConnID\": \""
                  + connId
                  + "\", \"UserData\": {\"Account\": \"4400123\"}}}",
              200));
      acked.add(post(url, "{\"RequestSetDNDOn\": {\"ThisDN\": \"5003\"}}", 200));
    } finally {
      first.kill();
    }
    ServiceProcess second = ServiceProcess.start(Main.class, args, dir.resolve("second.log"));
    try {
      String url = second.httpUrl();
      // the call is still held, with its user data, and the agent still logged in
      JsonNode retrieved =
          post(
              url,
              "{\"RequestRetrieveCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + connId + "\"}}",
              200);
      assertThat(retrieved.toString()).contains("4400123");
      acked.add(retrieved);
      acked.add(
          post(
              url,
              "{\"RequestReleaseCall\": {\"ThisDN\": \"5002\", \"ConnID\": \"" + connId + "\"}}",
              200));
      acked.add(post(url, "{\"RequestAgentNotReady\": {\"ThisDN\": \"5002\"}}", 200));
      // do-not-disturb is still on: a call to 5003 finds it busy
      JsonNode busy =
          post(url, "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5003\"}}", 200);
      assertThat(busy.toString()).contains("EventDestinationBusy");
      acked.add(busy);
      JsonNode health = Json.mapper().readTree(TestHttp.get(url + "/health").body());
      // the six steps above, and the Advance that fires due timers when the service starts
      assertThat(health.at("/details/recovery/steps").asLong()).isEqualTo(7);
      assertThat(health.at("/details/recovery/mismatches").asLong()).isZero();
      awaitPublished(url);
    } finally {
      second.stop();
    }
    DeliveryCheck check =
        DeliveryCheck.run(SharedKafka.bootstrapServers(), Map.of(), topics, acked);
    assertThat(check.report().lines())
        .as(String.join("\n", check.report().lines()))
        .last()
        .isEqualTo("result: OK");
    assertThat(check.lost()).isZero();
    assertThat(check.outOfOrder()).isZero();
    assertThat(check.acknowledged()).isEqualTo(acked.count());
    assertThat(check.records()).as("nothing published twice").isEqualTo(acked.count());
  }

  @Test
  void killsUnderLoadLoseNothing() {
    Chaos.Report report =
        Chaos.run(
            new Chaos.Settings(
                Duration.ofSeconds(24),
                4,
                Duration.ofSeconds(8),
                Duration.ofSeconds(1),
                List.of(Chaos.Fault.KILL),
                64L << 20,
                dir.resolve("chaos"),
                Optional.of(SharedKafka.bootstrapServers()),
                new TopicNames("chaos-test-agentstate", "chaos-test-callthread"),
                64),
            Main.class,
            new java.io.PrintWriter(System.err, true));
    report.lines().forEach(System.err::println);
    assertThat(report.faults()).hasSizeGreaterThanOrEqualTo(2);
    assertThat(report.check().acknowledged()).isPositive();
    assertThat(report.check().lost()).isZero();
    assertThat(report.check().outOfOrder()).isZero();
    assertThat(report.check().report().clean()).isTrue();
    assertThat(report.rejected()).isZero();
    assertThat(report.clean()).isTrue();
  }

  void awaitPublished(String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode journal =
          Json.mapper().readTree(TestHttp.get(url + "/health").body()).at("/details/journal");
      if (journal.path("unpublishedEntries").asLong(-1) == 0) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the journal was not published within 2 minutes");
  }
}
