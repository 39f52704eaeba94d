package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.ConsumedRecord;
import io.switchboard.kafka.TopicNames;
import io.switchboard.kafka.testing.KafkaTail;
import io.switchboard.kafka.testing.SharedKafka;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The service as {@code switchboard run} wires it: a step sent over HTTP ends up on Kafka. */
class ServiceTest {
  @TempDir Path dir;

  @Test
  void aStepSentOverHttpAppearsOnKafka() throws Exception {
    // topics of their own, so that records of other tests in this JVM do not mix in
    TopicNames topics = new TopicNames("service-test-agentstate", "service-test-callthread");
    Service.Settings settings =
        new Service.Settings(
            DirectoryFile.demo("switchboard-test"),
            Optional.of(SharedKafka.bootstrapServers()),
            dir,
            0,
            Map.of(),
            topics,
            3,
            Optional.empty(),
            new InetSocketAddress("127.0.0.1", 0));
    try (Service service = Service.start(settings)) {
      HttpResponse<String> login =
          TestHttp.post(
              service.httpUrl() + "/v1/tenants/demo/steps",
              "{\"RequestAgentLogin\": {\"ThisDN\": \"5001\", \"AgentID\": \"1001\", \"AgentWorkMode\": \"AutoIn\"}}");
      assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
      HttpResponse<String> call =
          TestHttp.post(
              service.httpUrl() + "/v1/tenants/demo/steps",
              "{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");
      assertThat(call.statusCode()).isEqualTo(200);
      String connId = Json.mapper().readTree(call.body()).get("ConnID").asText();

      // the publisher creates the topics in the background, once it has reached Kafka
      long deadline = System.nanoTime() + KafkaTail.PATIENCE.toNanos();
      while (!service.durability().publisher().stats().connected()
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      List<ConsumedRecord> records =
          KafkaTail.fromBeginning(SharedKafka.bootstrapServers(), topics.all(), 4);
      assertThat(records)
          .extracting(ConsumedRecord::topic)
          .containsOnly("service-test-agentstate", "service-test-callthread");
      List<String> agentKeys =
          records.stream()
              .filter(r -> r.topic().endsWith("agentstate"))
              .map(ConsumedRecord::key)
              .toList();
      assertThat(agentKeys).containsExactly("demo:1001", "demo:1001");
      ConsumedRecord dialing =
          records.stream()
              .filter(r -> new String(r.value()).contains("EventDialing"))
              .findFirst()
              .orElseThrow();
      JsonNode value = Json.mapper().readTree(dialing.value());
      assertThat(value.get("ConnID").asText()).isEqualTo(connId);
      assertThat(value.get("AgentID").asText()).isEqualTo("1001");
      assertThat(value.get("Server").asText()).isEqualTo("switchboard-test");
      assertThat(dialing.key()).isEqualTo("demo:" + value.get("CallThreadID").asText());
    }
  }

  @Test
  void configuredAgentsAreCheckedAndTheFiguresServedAtMetrics() throws Exception {
    TopicNames topics = new TopicNames("agents-test-agentstate", "agents-test-callthread");
    io.switchboard.engine.TenantConfig tenant =
        io.switchboard.engine.TenantConfig.of(
                "acme",
                List.of(
                    new io.switchboard.engine.DirectoryEntry(
                        "5001", io.switchboard.model.DNType.Extension)))
            .withAgents(io.switchboard.engine.AgentList.of(List.of("1001")));
    Service.Settings settings =
        new Service.Settings(
            List.of(tenant),
            Optional.of(SharedKafka.bootstrapServers()),
            dir,
            0,
            Map.of(),
            topics,
            1,
            Optional.empty(),
            new InetSocketAddress("127.0.0.1", 0));
    try (Service service = Service.start(settings)) {
      HttpResponse<String> unknown = post(service, "acme", login("9999"));
      assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
      assertThat(Json.mapper().readTree(unknown.body()).get("ErrorCode").asInt()).isEqualTo(115);
      HttpResponse<String> listed = post(service, "acme", login("1001"));
      assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);

      HttpResponse<String> metrics = TestHttp.get(service.httpUrl() + "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.headers().firstValue("Content-Type"))
          .contains("text/plain; version=0.0.4; charset=utf-8");
      assertThat(metrics.body())
          .contains("# TYPE switchboard_journal_appends_total counter\n")
          .contains("# TYPE switchboard_journal_lag_entries gauge\n")
          .contains("switchboard_steps_refused_total 0.0\n")
          .contains("switchboard_tenant_agents_logged_in{tenant=\"acme\"} 1.0\n");
      assertThat(service.metrics()).contains("jvm_memory_used_bytes");
    }
    // after a restart the agent is still logged in and the list still applies
    try (Service service = Service.start(settings)) {
      HttpResponse<String> unknown = post(service, "acme", login("9999"));
      assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(422);
      assertThat(service.tenants().view("acme").agents()).hasSize(1);
    }
  }

  private static String login(String agent) {
    return "{\"RequestAgentLogin\": {\"ThisDN\": \"5001\", \"AgentID\": \""
        + agent
        + "\", \"AgentWorkMode\": \"AutoIn\"}}";
  }

  private static HttpResponse<String> post(Service service, String tenant, String step)
      throws Exception {
    return TestHttp.post(service.httpUrl() + "/v1/tenants/" + tenant + "/steps", step);
  }

  @Test
  void timersFireWithoutAnotherStep() throws Exception {
    TopicNames topics = new TopicNames("timer-test-agentstate", "timer-test-callthread");
    io.switchboard.engine.TenantConfig tenant =
        io.switchboard.engine.TenantConfig.of(
            "acme",
            List.of(
                new io.switchboard.engine.DirectoryEntry(
                    "8001",
                    io.switchboard.model.DNType.RoutingPoint,
                    Map.of("defaultDestination", "5001", "routeTimeout", "0.2")),
                new io.switchboard.engine.DirectoryEntry(
                    "5001", io.switchboard.model.DNType.Extension)));
    Service.Settings settings =
        new Service.Settings(
            List.of(tenant),
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
              service.httpUrl() + "/v1/tenants/acme/steps",
              "{\"InboundCall\": {\"From\": \"+14155550100\", \"To\": \"8001\"}}");
      assertThat(call.statusCode()).as(call.body()).isEqualTo(200);
      // EventQueued and EventRouteRequest now; EventRouteUsed, EventDiverted and EventRinging
      // when the routing point's timer fires, with no other step to wake the engine
      List<ConsumedRecord> records =
          KafkaTail.fromBeginning(SharedKafka.bootstrapServers(), topics.all(), 5);
      assertThat(records)
          .extracting(r -> Json.mapper().readTree(r.value()).get("id").asText())
          .containsExactly(
              "EventQueued",
              "EventRouteRequest",
              "EventRouteUsed",
              "EventDiverted",
              "EventRinging");
    }
  }
}
