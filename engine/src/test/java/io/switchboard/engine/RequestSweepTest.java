package io.switchboard.engine;

import static io.switchboard.engine.Steps.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.EventType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.request.RemoteAnswer;
import io.switchboard.model.request.RemoteBusy;
import io.switchboard.model.request.RemoteRelease;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestCancelCallForward;
import io.switchboard.model.request.RequestSetDNDOff;
import io.switchboard.model.request.RequestSetDNDOn;
import io.switchboard.model.request.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request and stimulus of the first slice, in every reachable state of a small tenant: the
 * engine either accepts it with catalog-valid events or rejects it with exactly one EventError to
 * the requester and no change of state. Never an exception; the invariants hold after each step.
 */
class RequestSweepTest {

  /** A named way to bring a fresh tenant into a state; returns the call of interest (or null). */
  record Setup(String name, Function<EngineFixture, ConnId> apply) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final String EXTERNAL = "+14155550100";

  static List<Setup> setups() {
    return List.of(
        new Setup("idle", f -> null),
        new Setup(
            "agent logged in, NotReady",
            f -> {
              f.given(login("5001", "1001", "7001", AgentWorkMode.ManualIn));
              return null;
            }),
        new Setup(
            "agent Ready",
            f -> {
              f.given(login("5001", "1001", "7001", AgentWorkMode.AutoIn));
              return null;
            }),
        new Setup(
            "DND on, forward set",
            f -> {
              f.given(new RequestSetDNDOn("5002", RequestAttributes.NONE));
              f.given(forward("5001", "5003", ForwardMode.OnBusy));
              return null;
            }),
        new Setup(
            "internal call ringing", f -> f.given(makeCall("5001", "5002")).connId().orElseThrow()),
        new Setup(
            "internal call established",
            f -> {
              ConnId c = f.given(makeCall("5001", "5002")).connId().orElseThrow();
              f.given(answer("5002", c));
              return c;
            }),
        new Setup(
            "internal call held",
            f -> {
              ConnId c = f.given(makeCall("5001", "5002")).connId().orElseThrow();
              f.given(answer("5002", c));
              f.given(hold("5001", c));
              return c;
            }),
        new Setup(
            "outbound call dialing",
            f -> f.given(makeCall("5001", EXTERNAL)).connId().orElseThrow()),
        new Setup(
            "outbound call busy",
            f -> {
              ConnId c = f.given(makeCall("5001", EXTERNAL)).connId().orElseThrow();
              f.given(new RemoteBusy(EXTERNAL, c));
              return c;
            }),
        new Setup(
            "inbound call ringing", f -> f.given(inbound(EXTERNAL, "5002")).connId().orElseThrow()),
        new Setup(
            "inbound call established",
            f -> {
              ConnId c = f.given(inbound(EXTERNAL, "5002")).connId().orElseThrow();
              f.given(answer("5002", c));
              return c;
            }));
  }

  static List<Function<ConnId, Step>> steps() {
    List<Function<ConnId, Step>> steps = new ArrayList<>();
    ConnId unknown = new ConnId(0xdeadL, "acme");
    for (String dn : List.of("5001", "5002", "7001", "9999")) {
      steps.add(c -> login(dn, "1001", null, AgentWorkMode.ManualIn));
      steps.add(c -> login(dn, "1009", "7001", AgentWorkMode.AutoIn));
      steps.add(c -> logout(dn, null));
      steps.add(c -> logout(dn, "7001"));
      steps.add(c -> ready(dn, AgentWorkMode.ManualIn));
      steps.add(c -> ready(dn, AgentWorkMode.WalkAway));
      steps.add(c -> notReady(dn, AgentWorkMode.AuxWork, KVList.of("R", "x")));
      steps.add(c -> new RequestSetDNDOn(dn, RequestAttributes.NONE));
      steps.add(c -> new RequestSetDNDOff(dn, RequestAttributes.NONE));
      steps.add(c -> forward(dn, "5003", ForwardMode.Unconditional));
      steps.add(c -> new RequestCancelCallForward(dn, RequestAttributes.NONE));
      steps.add(c -> makeCall(dn, "5002"));
      steps.add(c -> makeCall(dn, EXTERNAL));
      steps.add(c -> makeCall(dn, "7001"));
      for (boolean known : new boolean[] {true, false}) {
        Function<ConnId, ConnId> id = c -> known && c != null ? c : unknown;
        steps.add(c -> answer(dn, id.apply(c)));
        steps.add(c -> release(dn, id.apply(c)));
        steps.add(c -> hold(dn, id.apply(c)));
        steps.add(c -> retrieve(dn, id.apply(c)));
        steps.add(c -> update(dn, id.apply(c), KVList.of("K", "V")));
        steps.add(c -> attach(dn, id.apply(c), KVList.of("K", 1L)));
        steps.add(c -> delete(dn, id.apply(c), "K"));
        steps.add(c -> delete(dn, id.apply(c)));
        steps.add(c -> deletePair(dn, id.apply(c), "K"));
      }
    }
    steps.add(c -> inbound(EXTERNAL, "5001"));
    steps.add(c -> inbound("5002", "5001"));
    steps.add(c -> inbound(EXTERNAL, "7001"));
    for (String party : List.of(EXTERNAL, "5001", "+100")) {
      steps.add(c -> new RemoteAnswer(party, c == null ? unknown : c));
      steps.add(c -> new RemoteBusy(party, c == null ? unknown : c));
      steps.add(c -> new RemoteRelease(party, c == null ? unknown : c));
    }
    return steps;
  }

  static Stream<Arguments> cases() {
    return setups().stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyStepIsAcceptedOrRejectedCleanly(Setup setup) {
    int accepted = 0;
    int rejected = 0;
    for (Function<ConnId, Step> make : steps()) {
      EngineFixture f =
          EngineFixture.withDirectory(
              new DirectoryEntry("5001", DNType.Extension),
              new DirectoryEntry("5002", DNType.Extension),
              new DirectoryEntry("5003", DNType.Extension),
              new DirectoryEntry("7001", DNType.ACDQueue));
      ConnId call = setup.apply().apply(f);
      Step step = make.apply(call);
      String before = f.engine.stateDigest();
      Outcome outcome = f.engine.handle(step);
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
    }
    assertThat(accepted).as("some steps are accepted in %s", setup).isPositive();
    assertThat(rejected).as("some steps are rejected in %s", setup).isPositive();
  }
}
