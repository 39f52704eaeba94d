package io.switchboard.engine;

import static io.switchboard.engine.Steps.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.EventType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.MonitorNextCallType;
import io.switchboard.model.TreatmentType;
import io.switchboard.model.request.*;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request and stimulus, in every reachable state of a small tenant (agents, queues, a routing
 * point, an IVR port, calls ringing, talking, held, consulting, conferenced, queued, routed,
 * observed): the engine either accepts it with catalog-valid events or rejects it with exactly one
 * EventError to the requester and no change of state. Never an exception; the invariants hold after
 * each step, and every event of a ConnID carries one CallThreadID.
 */
class RequestSweepTest {
  static final RequestAttributes NONE = RequestAttributes.NONE;
  static final String EXTERNAL = "+14155550100";

  /** The calls a setup made: the call of interest and, for two-step states, its consultation. */
  record Calls(ConnId main, ConnId consult) {
    static final Calls NONE = new Calls(null, null);
  }

  /** A named way to bring a fresh tenant into a state. */
  record Setup(String name, Function<EngineFixture, Calls> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Calls main(ConnId c) {
    return new Calls(c, null);
  }

  static ConnId established(EngineFixture f, String a, String b) {
    ConnId c = f.given(makeCall(a, b)).connId().orElseThrow();
    f.given(answer(b, c));
    return c;
  }

  static List<Setup> setups() {
    return List.of(
        new Setup("idle", f -> Calls.NONE),
        new Setup(
            "agents logged in, one Ready",
            f -> {
              f.given(login("5001", "1001", "7001", AgentWorkMode.ManualIn));
              f.given(login("5002", "1002", "7001", AgentWorkMode.AutoIn));
              return Calls.NONE;
            }),
        new Setup(
            "DND on, forward set, monitoring",
            f -> {
              f.given(new RequestSetDNDOn("5002", NONE));
              f.given(forward("5001", "5003", ForwardMode.OnBusy));
              f.given(
                  new RequestMonitorNextCall(
                      "5003", "5001", MonitorNextCallType.MonitorAllCalls, NONE));
              return Calls.NONE;
            }),
        new Setup(
            "internal call ringing",
            f -> main(f.given(makeCall("5001", "5002")).connId().orElseThrow())),
        new Setup("internal call established", f -> main(established(f, "5001", "5002"))),
        new Setup(
            "internal call held",
            f -> {
              ConnId c = established(f, "5001", "5002");
              f.given(hold("5001", c));
              return main(c);
            }),
        new Setup(
            "consultation ringing",
            f -> {
              ConnId c = established(f, "5001", "5002");
              ConnId c2 =
                  f.given(new RequestInitiateTransfer("5002", c, "5003", KVList.EMPTY, NONE))
                      .connId()
                      .orElseThrow();
              return new Calls(c, c2);
            }),
        new Setup(
            "consultation established",
            f -> {
              ConnId c = established(f, "5001", "5002");
              ConnId c2 =
                  f.given(new RequestInitiateConference("5002", c, "5003", KVList.EMPTY, NONE))
                      .connId()
                      .orElseThrow();
              f.given(answer("5003", c2));
              return new Calls(c, c2);
            }),
        new Setup(
            "conference of three",
            f -> {
              ConnId c = established(f, "5001", "5002");
              f.given(new RequestSingleStepConference("5002", c, "5003", NONE));
              f.given(answer("5003", c));
              return main(c);
            }),
        new Setup(
            "outbound call dialing",
            f -> main(f.given(makeCall("5001", EXTERNAL)).connId().orElseThrow())),
        new Setup(
            "outbound call busy",
            f -> {
              ConnId c = f.given(makeCall("5001", EXTERNAL)).connId().orElseThrow();
              f.given(new RemoteBusy(EXTERNAL, c));
              return main(c);
            }),
        new Setup(
            "inbound call established",
            f -> {
              ConnId c = f.given(inbound(EXTERNAL, "5002")).connId().orElseThrow();
              f.given(answer("5002", c));
              return main(c);
            }),
        new Setup(
            "inbound call queued",
            f -> main(f.given(inbound(EXTERNAL, "7001")).connId().orElseThrow())),
        new Setup(
            "inbound call at the IVR, queued",
            f -> {
              ConnId c = f.given(inbound(EXTERNAL, "7002")).connId().orElseThrow();
              f.given(answer("9001", c));
              return main(c);
            }),
        new Setup(
            "ACD call ringing at an agent",
            f -> {
              f.given(login("5001", "1001", "7001", AgentWorkMode.AutoIn));
              return main(f.given(inbound(EXTERNAL, "7001")).connId().orElseThrow());
            }),
        new Setup(
            "call on a routing point with a treatment",
            f -> {
              ConnId c = f.given(inbound(EXTERNAL, "8001")).connId().orElseThrow();
              f.given(
                  new RequestApplyTreatment(
                      "8001", c, TreatmentType.CollectDigits, KVList.EMPTY, NONE));
              return main(c);
            }),
        new Setup(
            "observed call",
            f -> {
              f.given(
                  new RequestMonitorNextCall(
                      "5003", "5002", MonitorNextCallType.MonitorOneCall, NONE));
              return main(established(f, "5001", "5002"));
            }));
  }

  static List<Function<Calls, Step>> steps() {
    List<Function<Calls, Step>> steps = new ArrayList<>();
    ConnId unknown = new ConnId(0xdeadL, "acme");
    Function<Calls, ConnId> mainOf = c -> c.main() == null ? unknown : c.main();
    Function<Calls, ConnId> consultOf = c -> c.consult() == null ? unknown : c.consult();
    for (String dn : List.of("5001", "5002", "5003", "7001", "8001", "9001", "9999")) {
      steps.add(c -> login(dn, "1001", null, AgentWorkMode.ManualIn));
      steps.add(c -> login(dn, "1009", "7001", AgentWorkMode.AutoIn));
      steps.add(c -> logout(dn, null));
      steps.add(c -> logout(dn, "7001"));
      steps.add(c -> ready(dn, AgentWorkMode.ManualIn));
      steps.add(c -> ready(dn, AgentWorkMode.WalkAway));
      steps.add(c -> notReady(dn, AgentWorkMode.AuxWork, KVList.of("R", "x")));
      steps.add(c -> new RequestSetDNDOn(dn, NONE));
      steps.add(c -> new RequestSetDNDOff(dn, NONE));
      steps.add(c -> forward(dn, "5003", ForwardMode.Unconditional));
      steps.add(c -> new RequestCancelCallForward(dn, NONE));
      for (String target : List.of("5002", "5003", EXTERNAL, "7001", "8001", "9001", "3000")) {
        steps.add(c -> makeCall(dn, target));
        steps.add(
            c -> new RequestInitiateTransfer(dn, mainOf.apply(c), target, KVList.EMPTY, NONE));
        steps.add(c -> new RequestSingleStepTransfer(dn, mainOf.apply(c), target, NONE));
        steps.add(c -> new RequestSingleStepConference(dn, mainOf.apply(c), target, NONE));
        steps.add(c -> new RequestRedirectCall(dn, mainOf.apply(c), target, NONE));
        steps.add(c -> new RequestMuteTransfer(dn, mainOf.apply(c), target, NONE));
        steps.add(c -> new RequestRouteCall(dn, mainOf.apply(c), target, KVList.EMPTY, NONE));
        steps.add(c -> new RequestDeleteFromConference(dn, mainOf.apply(c), target, NONE));
        steps.add(c -> new RequestListenDisconnect(dn, mainOf.apply(c), target, NONE));
        steps.add(c -> new RequestListenReconnect(dn, mainOf.apply(c), target, NONE));
        steps.add(
            c -> new RequestMonitorNextCall(dn, target, MonitorNextCallType.MonitorOneCall, NONE));
        steps.add(c -> new RequestCancelMonitoring(dn, target, NONE));
      }
      for (Function<Calls, ConnId> id : List.of(mainOf, consultOf)) {
        steps.add(c -> answer(dn, id.apply(c)));
        steps.add(c -> release(dn, id.apply(c)));
        steps.add(c -> hold(dn, id.apply(c)));
        steps.add(c -> retrieve(dn, id.apply(c)));
        steps.add(c -> update(dn, id.apply(c), KVList.of("K", "V")));
        steps.add(c -> attach(dn, id.apply(c), KVList.of("K", 1L)));
        steps.add(c -> delete(dn, id.apply(c), "K"));
        steps.add(c -> delete(dn, id.apply(c)));
        steps.add(c -> deletePair(dn, id.apply(c), "K"));
        steps.add(c -> new RequestSetMuteOn(dn, id.apply(c), NONE));
        steps.add(c -> new RequestSetMuteOff(dn, id.apply(c), NONE));
        steps.add(
            c ->
                new RequestApplyTreatment(
                    dn, id.apply(c), TreatmentType.PlayAnnouncement, KVList.EMPTY, NONE));
        steps.add(
            c ->
                new RequestApplyTreatment(
                    dn, id.apply(c), TreatmentType.Unknown, KVList.EMPTY, NONE));
        steps.add(
            c ->
                new RequestApplyTreatment(
                    dn, id.apply(c), TreatmentType.CancelCall, KVList.EMPTY, NONE));
        steps.add(c -> new TreatmentEnd(dn, id.apply(c), Optional.of("12")));
        steps.add(c -> new TreatmentEnd(dn, id.apply(c), Optional.empty()));
      }
      steps.add(c -> new RequestCompleteTransfer(dn, mainOf.apply(c), consultOf.apply(c), NONE));
      steps.add(c -> new RequestCompleteConference(dn, mainOf.apply(c), consultOf.apply(c), NONE));
      steps.add(c -> new RequestAlternateCall(dn, mainOf.apply(c), consultOf.apply(c), NONE));
      steps.add(c -> new RequestAlternateCall(dn, consultOf.apply(c), mainOf.apply(c), NONE));
      steps.add(c -> new RequestReconnectCall(dn, mainOf.apply(c), consultOf.apply(c), NONE));
      steps.add(c -> new DeviceOffHook(dn));
      steps.add(c -> new DeviceOnHook(dn));
      steps.add(c -> new DeviceOutOfService(dn));
      steps.add(c -> new DeviceBackInService(dn));
      steps.add(c -> new MessageWaitingOn(dn));
      steps.add(c -> new MessageWaitingOff(dn));
    }
    steps.add(c -> inbound(EXTERNAL, "5001"));
    steps.add(c -> inbound("5002", "5001"));
    steps.add(c -> inbound(EXTERNAL, "7001"));
    steps.add(c -> inbound(EXTERNAL, "8001"));
    steps.add(c -> new Advance(Duration.ofSeconds(60)));
    for (String party : List.of(EXTERNAL, "5001", "+100")) {
      steps.add(c -> new RemoteAnswer(party, mainOf.apply(c)));
      steps.add(c -> new RemoteBusy(party, mainOf.apply(c)));
      steps.add(c -> new RemoteRelease(party, mainOf.apply(c)));
    }
    return steps;
  }

  static Stream<Arguments> cases() {
    return setups().stream().map(Arguments::of);
  }

  static EngineFixture tenant() {
    return EngineFixture.withDirectory(
        new DirectoryEntry("5001", DNType.Extension),
        new DirectoryEntry("5002", DNType.Extension),
        new DirectoryEntry("5003", DNType.Extension),
        new DirectoryEntry("7001", DNType.ACDQueue, Map.of("noAnswerTimeout", "10")),
        new DirectoryEntry("7002", DNType.ACDQueue),
        new DirectoryEntry(
            "8001", DNType.RoutingPoint, Map.of("defaultDestination", "7001", "routeTimeout", "5")),
        new DirectoryEntry("9001", DNType.VoiceTreatmentPort, Map.of("queue", "7002")),
        new DirectoryEntry("3000", DNType.Trunk));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyStepIsAcceptedOrRejectedCleanly(Setup setup) {
    int accepted = 0;
    int rejected = 0;
    for (Function<Calls, Step> make : steps()) {
      EngineFixture f = tenant();
      Calls calls = setup.apply().apply(f);
      Step step = make.apply(calls);
      f.clock.advance(Duration.ofSeconds(step instanceof Advance ? 60 : 0));
      String before = f.engine.stateDigest();
      Outcome outcome = f.engine.handle(step);
      f.all.addAll(outcome.deliveries());
      assertThat(f.engine.invariantViolations())
          .as("invariants after %s in %s", step, setup)
          .isEmpty();
      if (outcome.rejected()) {
        rejected++;
        assertThat(outcome.deliveries()).as("%s in %s", step, setup).hasSize(1);
        assertThat(outcome.deliveries().get(0).event().type()).isEqualTo(EventType.EventError);
        assertThat(f.engine.stateDigest())
            .as("a rejected %s in %s changes nothing", step, setup)
            .isEqualTo(before);
      } else {
        accepted++;
        assertThat(outcome.deliveries())
            .as("%s in %s", step, setup)
            .noneMatch(d -> d.event().type() == EventType.EventError);
      }
      Map<ConnId, String> threads = new HashMap<>();
      for (Delivery d : f.all) {
        Optional<ConnId> connId = d.event().get(Attribute.ConnID, ConnId.class);
        Optional<String> thread = d.event().string(Attribute.CallThreadID);
        if (connId.isPresent() && thread.isPresent()) {
          assertThat(threads.computeIfAbsent(connId.get(), k -> thread.get()))
              .as("every event of %s has one CallThreadID (%s in %s)", connId.get(), step, setup)
              .isEqualTo(thread.get());
        }
      }
    }
    assertThat(accepted).as("some steps are accepted in %s", setup).isPositive();
    assertThat(rejected).as("some steps are rejected in %s", setup).isPositive();
  }
}
