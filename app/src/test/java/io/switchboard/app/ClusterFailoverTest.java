package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.harness.AckedEvents;
import io.switchboard.harness.DeliveryCheck;
import io.switchboard.harness.ServiceProcess;
import io.switchboard.json.Json;
import io.switchboard.kafka.LocalKafkaCluster;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.SharedKafkaCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three instances of a cluster, each a JVM of its own, on a three-node Kafka cluster, serving
 * twelve tenants under load while one instance is killed with {@code kill -9}, then a broker, then
 * the instance comes back: every acknowledged event is on Kafka once (read committed), in order,
 * with gapless numbers; calls in progress are carried over; no step runs twice.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ClusterFailoverTest {

  private static final int TENANTS = 12;
  private static final Duration STEP_DEADLINE = Duration.ofSeconds(90);

  @TempDir Path dir;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String name = "failover" + UUID.randomUUID().toString().substring(0, 6);
  private final TopicNames topics = new TopicNames(name + "-agentstate", name + "-callthread");
  private final List<String> urls = new CopyOnWriteArrayList<>();
  private final AckedEvents acked = new AckedEvents("t1");
  private final AtomicLong steps = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final List<String> failures = new CopyOnWriteArrayList<>();
  // taken once: asking the shared cluster again would restart the broker this test kills
  private String bootstrap;

  private List<String> args(String instance) throws IOException {
    Path config = dir.resolve("switchboard.yaml");
    if (!Files.exists(config)) {
      StringBuilder yaml = new StringBuilder();
      yaml.append("kafka:\n  topics: {agentState: ")
          .append(topics.agentState())
          .append(", callThread: ")
          .append(topics.callThread())
          .append("}\ncluster:\n  partitions: 12\ntenants:\n");
      for (int t = 1; t <= TENANTS; t++) {
        yaml.append("  - tenant: t").append(t).append("\n    directory:\n");
        for (int dn = 5001; dn <= 5004; dn++) {
          yaml.append("      - {dn: \"").append(dn).append("\", type: Extension}\n");
        }
      }
      Files.writeString(config, yaml);
    }
    return List.of(
        "--cluster",
        name,
        "--instance",
        instance,
        "--kafka",
        bootstrap,
        "--config",
        config.toString(),
        "--http-port",
        "0");
  }

  private ServiceProcess start(String instance) throws IOException {
    ServiceProcess process =
        ServiceProcess.start(Main.class, args(instance), dir.resolve(instance + ".log"));
    urls.add(process.httpUrl());
    return process;
  }

  /**
   * Sends a step of {@code tenant} to the instances in turn, under one idempotency key, until one
   * answers 200 (a refusal while the tenant moves, or an instance that is gone, is retried on the
   * next one), and remembers its published events.
   */
  private JsonNode step(String tenant, String json) throws InterruptedException {
    String key = UUID.randomUUID().toString();
    long deadline = System.nanoTime() + STEP_DEADLINE.toNanos();
    int attempt = (int) (steps.incrementAndGet() % 7);
    String last = "";
    while (System.nanoTime() < deadline) {
      List<String> now = List.copyOf(urls);
      String url = now.get(Math.floorMod(attempt++, now.size()));
      try {
        HttpResponse<String> response =
            client.send(
                HttpRequest.newBuilder(URI.create(url + "/v1/tenants/" + tenant + "/steps"))
                    .timeout(Duration.ofSeconds(45))
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
          JsonNode answer = Json.mapper().readTree(response.body());
          acked.add(tenant, answer);
          return answer;
        }
        last = response.statusCode() + " " + response.body();
        if (response.statusCode() != 503) {
          failures.add(tenant + " " + json + " -> " + last);
          return null;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      retries.incrementAndGet();
      Thread.sleep(200);
    }
    failures.add(tenant + " " + json + " not answered within " + STEP_DEADLINE + ": " + last);
    return null;
  }

  private String call(String tenant, String from, String to) throws InterruptedException {
    JsonNode made =
        step(
            tenant,
            "{\"RequestMakeCall\": {\"ThisDN\": \"" + from + "\", \"OtherDN\": \"" + to + "\"}}");
    assertThat(made).as("a call on %s: %s", tenant, failures).isNotNull();
    String conn = made.get("ConnID").asText();
    step(
        tenant,
        "{\"RequestAnswerCall\": {\"ThisDN\": \"" + to + "\", \"ConnID\": \"" + conn + "\"}}");
    return conn;
  }

  private JsonNode cluster(String url) throws Exception {
    return Json.mapper()
        .readTree(
            client
                .send(
                    HttpRequest.newBuilder(URI.create(url + "/v1/cluster"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                    HttpResponse.BodyHandlers.ofString())
                .body());
  }

  private void awaitAllServed(String url, int instances) throws Exception {
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    JsonNode view = null;
    while (System.nanoTime() < deadline) {
      view = cluster(url);
      int tenants = 0;
      for (JsonNode instance : view.path("instances")) {
        tenants += instance.path("tenants").size();
      }
      if (tenants == TENANTS && view.path("instances").size() == instances) {
        return;
      }
      Thread.sleep(250);
    }
    throw new AssertionError("the cluster did not settle on " + instances + " instances: " + view);
  }

  @Test
  void threeInstancesServeTwelveTenantsThroughAKillABrokerLossAndARestart() throws Exception {
    LocalKafkaCluster kafka = SharedKafkaCluster.cluster();
    bootstrap = kafka.bootstrap();
    List<ServiceProcess> running = new ArrayList<>();
    try {
      ServiceProcess a = start("a");
      running.add(a);
      running.add(start("b"));
      running.add(start("c"));
      awaitAllServed(a.httpUrl(), 3);

      // a call in progress on every tenant, held across every fault below
      Map<String, String> held = new ConcurrentHashMap<>();
      for (int t = 1; t <= TENANTS; t++) {
        String tenant = "t" + t;
        String conn = call(tenant, "5001", "5002");
        step(tenant, "{\"RequestHoldCall\": {\"ThisDN\": \"5001\", \"ConnID\": \"" + conn + "\"}}");
        held.put(tenant, conn);
      }
      // the cluster's figures and its transactional producers' client metrics
      String metrics = TestHttp.get(a.httpUrl() + "/metrics").body();
      assertThat(metrics)
          .contains("switchboard_cluster_tenants_owned")
          .containsPattern(
              "kafka_producer_record_send_total\\{client_id=\"switchboard-[^\"]+-a-commit-\\d+(-1)?\"");

      AtomicBoolean load = new AtomicBoolean(true);
      List<Thread> workers = new ArrayList<>();
      for (int w = 0; w < 2; w++) {
        int first = w;
        Thread worker =
            new Thread(
                () -> {
                  try {
                    for (int i = first; load.get(); i += 2) {
                      String tenant = "t" + (i % TENANTS + 1);
                      String conn = call(tenant, "5003", "5004");
                      step(
                          tenant,
                          "{\"RequestReleaseCall\": {\"ThisDN\": \"5003\", \"ConnID\": \""
                              + conn
                              + "\"}}");
                    }
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  } catch (AssertionError e) {
                    failures.add(e.getMessage());
                  }
                },
                "traffic-" + w);
        worker.start();
        workers.add(worker);
      }

      Thread.sleep(4_000);
      a.kill();
      long killed = System.nanoTime();
      urls.remove(a.httpUrl());
      running.remove(a);
      awaitAllServed(urls.get(0), 2);
      System.err.printf(
          "cluster failover: every tenant served again %.1f s after kill -9%n",
          (System.nanoTime() - killed) / 1e9);
      Thread.sleep(2_000);
      kafka.kill(2);
      Thread.sleep(6_000);
      ServiceProcess again = start("a");
      running.add(again);
      awaitAllServed(again.httpUrl(), 3);
      kafka.restart(2);
      Thread.sleep(3_000);
      load.set(false);
      for (Thread worker : workers) {
        worker.join(Duration.ofMinutes(3).toMillis());
      }

      // the held calls went through it all
      for (Map.Entry<String, String> call : held.entrySet()) {
        String tenant = call.getKey();
        JsonNode retrieved =
            step(
                tenant,
                "{\"RequestRetrieveCall\": {\"ThisDN\": \"5001\", \"ConnID\": \""
                    + call.getValue()
                    + "\"}}");
        assertThat(retrieved).as("the held call of %s: %s", tenant, failures).isNotNull();
        step(
            tenant,
            "{\"RequestReleaseCall\": {\"ThisDN\": \"5002\", \"ConnID\": \""
                + call.getValue()
                + "\"}}");
      }
      assertThat(failures).isEmpty();
    } finally {
      running.forEach(ServiceProcess::stop);
    }

    DeliveryCheck check =
        DeliveryCheck.run(bootstrap, Map.of("isolation.level", "read_committed"), topics, acked);
    System.err.printf(
        "cluster failover: %d steps, %d retries, %d events acknowledged, %d records%n",
        steps.get(), retries.get(), acked.count(), check.records());
    assertThat(check.report().lines()).last().isEqualTo("result: OK");
    assertThat(check.lost()).isZero();
    assertThat(check.outOfOrder()).isZero();
    assertThat(check.acknowledged()).isEqualTo(acked.count());
    assertThat(check.duplicates()).as("no record published twice").isZero();
    assertThat(check.records()).as("no step run twice").isEqualTo(acked.count());
  }
}
