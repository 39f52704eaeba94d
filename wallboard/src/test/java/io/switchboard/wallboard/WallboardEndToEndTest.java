package io.switchboard.wallboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.kafka.testing.SharedKafka;
import io.switchboard.sim.traffic.SimulationReport;
import io.switchboard.sim.traffic.TrafficConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wallboard end to end on a real broker: the records of a simulated run published to the
 * topics, the statistics application reading them, and the page's API serving figures equal to the
 * simulator's report, with the changes pushed live as server-sent events.
 */
@Timeout(240)
class WallboardEndToEndTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path stateDir;

  @Test
  void theApiServesTheSimulatorsFiguresAndPushesChangesLive() throws Exception {
    String bootstrap = SharedKafka.bootstrapServers();
    String agentTopic = "e2e-agentstate", callTopic = "e2e-callthread";
    createTopics(bootstrap, agentTopic, callTopic);
    SimulatedRun run =
        SimulatedRun.of(
            TrafficConfig.demo().toBuilder()
                .transferShare(0)
                .duration(Optional.empty())
                .calls(400)
                .build());
    SimulationReport report = run.report();
    WallboardSettings settings =
        WallboardSettings.of(bootstrap, stateDir)
            .withTopics(agentTopic, callTopic)
            .withApplicationId("wallboard-e2e");
    try (Wallboard wallboard = Wallboard.start(settings);
        WallboardServer server =
            WallboardServer.start(new InetSocketAddress("127.0.0.1", 0), wallboard)) {
      String base = server.url();
      assertThat(get(base).body()).contains("<title>Switchboard wallboard</title>");
      assertThat(get(base + "wallboard/app.js").statusCode()).isEqualTo(200);
      // the live stream opens before anything is published
      HttpResponse<InputStream> live =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(base + "wallboard/api/tenants/sim/live")).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.headers().firstValue("content-type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
      CompletableFuture<JsonNode> firstQueueChange =
          CompletableFuture.supplyAsync(() -> firstQueueChange(live.body()));

      publish(bootstrap, run, agentTopic, callTopic);

      JsonNode change = firstQueueChange.get(120, TimeUnit.SECONDS);
      assertThat(change.get("view").get("tenant").asText()).isEqualTo("sim");

      JsonNode snapshot = null;
      long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
      long offered = 0;
      while (System.nanoTime() < deadline) {
        HttpResponse<String> response = get(base + "wallboard/api/tenants/sim");
        if (response.statusCode() == 200) {
          snapshot = Mapper.JSON.readTree(response.body());
          offered = sum(snapshot, "offered");
          if (offered == report.offered() && snapshot.get("calls").isEmpty()) {
            break;
          }
        }
        Thread.sleep(200);
      }
      assertThat(snapshot).isNotNull();
      assertThat(offered).isEqualTo(report.offered());
      assertThat(sum(snapshot, "answered")).isEqualTo(report.answered());
      assertThat(sum(snapshot, "abandoned")).isEqualTo(report.abandoned());
      long answered = sum(snapshot, "answered");
      double asa = weighted(snapshot, "asaSeconds", "answered") / answered;
      assertThat(asa).isCloseTo(report.asaSeconds(), within(0.0005));
      assertThat(sum(snapshot, "answeredWithinThreshold") / (double) offered)
          .isCloseTo(report.serviceLevel(), within(0.0005));
      assertThat(snapshot.get("agents").size()).isEqualTo(RUN_AGENTS);

      JsonNode tenants = Mapper.JSON.readTree(get(base + "wallboard/api/tenants").body());
      assertThat(tenants.get("tenants").toString()).contains("\"sim\"");
      assertThat(get(base + "wallboard/api/tenants/sim/calls/nope").statusCode()).isEqualTo(404);
      assertThat(get(base + "v1/tenants").statusCode()).isEqualTo(404);
    }
  }

  private static final int RUN_AGENTS = TrafficConfig.demo().agentCount();

  private static JsonNode firstQueueChange(InputStream body) {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (!line.startsWith("data: ")) {
          continue;
        }
        for (JsonNode change : Mapper.JSON.readTree(line.substring(6)).path("changes")) {
          if (change.get("kind").asText().equals("queue")) {
            return change;
          }
        }
      }
      throw new IllegalStateException("the live stream ended without a queue change");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static long sum(JsonNode snapshot, String field) {
    long total = 0;
    for (JsonNode q : snapshot.get("queues")) {
      if (q.get("kind").asText().equals("Queue")) {
        total += q.get("today").get(field).asLong();
      }
    }
    return total;
  }

  private static double weighted(JsonNode snapshot, String field, String weight) {
    double total = 0;
    for (JsonNode q : snapshot.get("queues")) {
      if (q.get("kind").asText().equals("Queue")) {
        total += q.get("today").get(field).asDouble() * q.get("today").get(weight).asLong();
      }
    }
    return total;
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void createTopics(String bootstrap, String... topics) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(
              java.util.Arrays.stream(topics).map(t -> new NewTopic(t, 3, (short) 1)).toList())
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  private static void publish(
      String bootstrap, SimulatedRun run, String agentTopic, String callTopic) throws Exception {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
      for (ProducerRecord<String, byte[]> r : run.records()) {
        String topic = r.topic().equals("voice-agentstate") ? agentTopic : callTopic;
        producer.send(
            new ProducerRecord<>(topic, null, r.timestamp(), r.key(), r.value(), r.headers()));
      }
      producer.flush();
    }
  }
}
