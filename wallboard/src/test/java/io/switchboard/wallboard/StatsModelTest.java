package io.switchboard.wallboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of the statistics, event by event, on a plain map of state. */
class StatsModelTest {
  private static final Instant T0 = Instant.parse("2026-01-05T08:14:50Z");

  private final StatsModel model =
      new StatsModel(Duration.ofMinutes(15), ZoneId.of("UTC"), Duration.ofSeconds(20));
  private final MapState state = new MapState();

  @Test
  void anAgentsStateFollowsItsAgentEventsAndItsCalls() {
    agent("EventAgentLogin", 0, "\"AgentWorkMode\":\"ManualIn\"");
    assertThat(state("1001")).isEqualTo("NotReady");
    agent("EventAgentReady", 1, "\"AgentWorkMode\":\"ManualIn\"");
    assertThat(state("1001")).isEqualTo("Ready");
    agent(
        "EventAgentNotReady",
        2,
        "\"AgentWorkMode\":\"AuxWork\",\"Reasons\":{\"ReasonCode\":\"Break\"}");
    AgentStats a = state.agents.get("acme/1001");
    assertThat(a.state).isEqualTo("NotReady");
    assertThat(a.reasons.get("ReasonCode").asText()).isEqualTo("Break");
    assertThat(a.sinceMicros).isEqualTo(micros(2));
    agent("EventAgentReady", 3, "\"AgentWorkMode\":\"ManualIn\"");

    call("EventQueued", 4, "7001", null);
    call("EventDiverted", 5, "7001", null);
    call("EventRinging", 5, "5001", "\"ThisDNRole\":\"Destination\",\"AgentID\":\"1001\"");
    assertThat(state("1001")).isEqualTo("Ringing");
    call("EventEstablished", 30, "5001", "\"ThisDNRole\":\"Destination\",\"AgentID\":\"1001\"");
    assertThat(state("1001")).isEqualTo("Talking");
    assertThat(state.agents.get("acme/1001").handled).isEqualTo(1);
    call("EventHeld", 40, "5001", "\"AgentID\":\"1001\"");
    assertThat(state("1001")).isEqualTo("OnHold");
    call("EventRetrieved", 50, "5001", "\"AgentID\":\"1001\"");
    call("EventReleased", 60, "5001", "\"AgentID\":\"1001\"");
    assertThat(state("1001")).isEqualTo("Ready");
    agent("EventAgentNotReady", 60, "\"AgentWorkMode\":\"AfterCallWork\"");
    assertThat(state("1001")).isEqualTo("AfterCallWork");
    agent("EventAgentReady", 70, "\"AgentWorkMode\":\"ManualIn\"");

    QueueStats q = state.queues.get("acme/7001");
    assertThat(q.today.offered).isEqualTo(1);
    assertThat(q.today.answered).isEqualTo(1);
    assertThat(q.today.waitMicros).isEqualTo(26_000_000L); // 4 s to 30 s
    assertThat(q.today.answeredWithinThreshold).isZero(); // 26 s > 20 s
    assertThat(q.today.handled).isEqualTo(1);
    assertThat(q.today.handleMicros).isEqualTo(30_000_000L); // talk and hold, 30 s to 60 s
    assertThat(q.today.afterCallWorkMicros).isEqualTo(10_000_000L);
    assertThat(state.ended).containsExactly("c1");
  }

  @Test
  void aCallerWhoHangsUpWhileRingingIsAbandonedAtTheQueue() {
    call("EventQueued", 0, "7001", null);
    assertThat(state.queues.get("acme/7001").waiting).containsOnlyKeys("c1");
    call("EventDiverted", 3, "7001", null);
    assertThat(state.queues.get("acme/7001").waiting).isEmpty();
    call("EventRinging", 3, "5001", "\"ThisDNRole\":\"Destination\"");
    call("EventAbandoned", 9, "5001", null);
    Figures today = state.queues.get("acme/7001").today;
    assertThat(today.abandoned).isEqualTo(1);
    assertThat(today.abandonedWhileRinging).isEqualTo(1);
    assertThat(today.answered).isZero();
    assertThat(state.ended).containsExactly("c1");
  }

  @Test
  void intervalsAreAlignedAndAnEndedOneIsPublishedOnce() {
    call("EventQueued", 0, "7001", null); // 08:14:50
    call("EventAbandoned", 5, "7001", null);
    thread = "c2";
    call("EventQueued", 15, "7001", null); // 08:15:05: a new interval
    QueueStats q = state.queues.get("acme/7001");
    assertThat(Views.iso(q.interval.startMicros)).isEqualTo("2026-01-05T08:15:00Z");
    assertThat(q.interval.offered).isEqualTo(1);
    assertThat(q.today.offered).isEqualTo(2);
    assertThat(Views.iso(q.today.startMicros)).isEqualTo("2026-01-05T00:00:00Z");
    assertThat(state.closed).hasSize(1);
    assertThat(state.closed.get(0).offered).isEqualTo(1);
    assertThat(state.closed.get(0).abandoned).isEqualTo(1);
    assertThat(Views.iso(state.closed.get(0).startMicros)).isEqualTo("2026-01-05T08:00:00Z");
  }

  @Test
  void aRoutingPointIsKnownByItsRouteRequest() {
    call("EventQueued", 0, "3000", null);
    call("EventRouteRequest", 0, "3000", null);
    assertThat(state.queues.get("acme/3000").kind).isEqualTo(QueueStats.ROUTING_POINT);
  }

  // ---------------------------------------------------------------- events and state

  private String thread = "c1";

  private void agent(String id, int second, String more) {
    model.agentEvent(
        "acme", event(id, second, "\"ThisDN\":\"5001\",\"AgentID\":\"1001\"," + more), state);
  }

  private void call(String id, int second, String dn, String more) {
    String body =
        "\"ThisDN\":\""
            + dn
            + "\",\"ThisQueue\":\"7001\",\"ConnID\":\""
            + thread
            + "@acme\",\"CallThreadID\":\""
            + thread
            + "\""
            + (more == null ? "" : "," + more);
    model.callEvent("acme", thread, event(id, second, body), state);
  }

  private static VoiceEvent event(String id, int second, String body) {
    long s = T0.getEpochSecond() + second;
    String json =
        "{\"id\":\"" + id + "\",\"time\":{\"seconds\":" + s + ",\"useconds\":0}," + body + "}";
    return VoiceEvent.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static long micros(int second) {
    return (T0.getEpochSecond() + second) * 1_000_000L;
  }

  private String state(String agent) {
    return state.agents.get("acme/" + agent).state;
  }

  /** The state in maps; what a store would hold, without serialization. */
  static final class MapState implements StatsState {
    final Map<String, AgentStats> agents = new HashMap<>();
    final Map<String, String> dns = new HashMap<>();
    final Map<String, QueueStats> queues = new HashMap<>();
    final Map<String, CallStats> calls = new HashMap<>();
    final List<Figures> closed = new ArrayList<>();
    final List<String> ended = new ArrayList<>();

    @Override
    public AgentStats agent(String tenant, String agentId) {
      return agents.get(tenant + "/" + agentId);
    }

    @Override
    public void put(AgentStats agent) {
      agents.put(agent.tenant + "/" + agent.agentId, agent);
    }

    @Override
    public String agentOn(String tenant, String dn) {
      return dns.get(tenant + "/" + dn);
    }

    @Override
    public void agentOn(String tenant, String dn, String agentId) {
      if (agentId == null) {
        dns.remove(tenant + "/" + dn);
      } else {
        dns.put(tenant + "/" + dn, agentId);
      }
    }

    @Override
    public QueueStats queue(String tenant, String queue) {
      return queues.get(tenant + "/" + queue);
    }

    @Override
    public void put(QueueStats queue) {
      queues.put(queue.tenant + "/" + queue.queue, queue);
    }

    @Override
    public void intervalClosed(QueueStats queue, Figures interval) {
      closed.add(interval);
    }

    @Override
    public CallStats call(String tenant, String thread) {
      return calls.get(tenant + "/" + thread);
    }

    @Override
    public void put(CallStats call) {
      calls.put(call.tenant + "/" + call.thread, call);
    }

    @Override
    public void stepAdded(CallStats call, CallStats.Step step) {}

    @Override
    public void callEnded(CallStats call) {
      calls.remove(call.tenant + "/" + call.thread);
      ended.add(call.thread);
    }
  }
}
