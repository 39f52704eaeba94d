package io.switchboard.sim.traffic;

import io.switchboard.engine.Delivery;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.IdSource;
import io.switchboard.engine.Outcome;
import io.switchboard.engine.TenantConfig;
import io.switchboard.engine.TenantEngine;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.request.InboundCall;
import io.switchboard.model.request.RequestAgentLogin;
import io.switchboard.model.request.RequestAnswerCall;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestReleaseCall;
import io.switchboard.model.request.RequestRouteCall;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One tenant's engine driven through the commonest complete call, the unit of the engine benchmarks
 * (the JMH benchmarks and {@code switchboard bench}): a caller reaches routing point 3000, is
 * routed to ACD queue 7001, rings at the agent available longest, who answers and then releases.
 * The agents work in AutoIn, so each is free again once its call is over and every cycle leaves the
 * engine as it found it (the clock and ids aside).
 */
public final class CallCycle {

  private static final String ROUTING_POINT = "3000";
  private static final String QUEUE = "7001";
  private static final KVList USER_DATA =
      KVList.of("Segment", "Gold", "AccountNumber", "4400123", "Reason", "billing");

  private final TenantEngine engine;
  private final MovingClock clock = new MovingClock();
  private long caller = 4_155_550_000L;

  /** An engine with {@code agents} agents logged in to the queue, AutoIn. */
  public CallCycle(int agents) {
    List<DirectoryEntry> directory = new ArrayList<>();
    directory.add(new DirectoryEntry(ROUTING_POINT, DNType.RoutingPoint));
    directory.add(new DirectoryEntry(QUEUE, DNType.ACDQueue));
    for (int a = 0; a < agents; a++) {
      directory.add(new DirectoryEntry(Integer.toString(1_000_000 + a), DNType.Extension));
    }
    engine =
        new TenantEngine(TenantConfig.of("bench", directory), clock, IdSource.sequential(1L << 40));
    for (int a = 0; a < agents; a++) {
      engine.handle(
          new RequestAgentLogin(
              Integer.toString(1_000_000 + a),
              "agent" + a,
              Optional.of(QUEUE),
              AgentWorkMode.AutoIn,
              RequestAttributes.NONE));
    }
  }

  /**
   * Runs one call and hands every published event to {@code published}.
   *
   * @return the number of published events
   */
  public int run(Consumer<Event> published) {
    int count = 0;
    clock.tick();
    Outcome arrived = engine.handle(new InboundCall("+1" + caller++, ROUTING_POINT, USER_DATA));
    count += publish(arrived, published);
    ConnId call = arrived.connId().orElseThrow();
    clock.tick();
    Outcome routed =
        engine.handle(
            new RequestRouteCall(ROUTING_POINT, call, QUEUE, KVList.EMPTY, RequestAttributes.NONE));
    count += publish(routed, published);
    String agent = null;
    for (Delivery d : routed.deliveries()) {
      if (d.event().type() == EventType.EventRinging) {
        agent = d.party();
      }
    }
    if (agent == null) {
      throw new IllegalStateException("no agent took the call: " + routed.deliveries());
    }
    clock.tick();
    count +=
        publish(
            engine.handle(new RequestAnswerCall(agent, call, RequestAttributes.NONE)), published);
    clock.tick();
    count +=
        publish(
            engine.handle(new RequestReleaseCall(agent, call, RequestAttributes.NONE)), published);
    return count;
  }

  private static int publish(Outcome outcome, Consumer<Event> published) {
    int count = 0;
    for (Delivery d : outcome.deliveries()) {
      if (d.event().type().published()) {
        published.accept(d.event());
        count++;
      }
    }
    return count;
  }

  /** The events of one call, for the encoding benchmarks. */
  public List<Event> events() {
    List<Event> events = new ArrayList<>();
    run(events::add);
    return events;
  }

  /** A clock that moves a millisecond at each step, so that events carry distinct times. */
  private static final class MovingClock implements InstantSource {
    private Instant now = Instant.parse("2026-01-05T08:00:00Z");

    void tick() {
      now = now.plusMillis(1);
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
