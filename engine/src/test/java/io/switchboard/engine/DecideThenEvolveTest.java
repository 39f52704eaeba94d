package io.switchboard.engine;

import static io.switchboard.engine.Steps.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.state.Agent;
import io.switchboard.engine.state.Call;
import io.switchboard.engine.state.Dn;
import io.switchboard.engine.state.EngineState;
import io.switchboard.engine.state.Party;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.MonitorNextCallType;
import io.switchboard.model.TreatmentType;
import io.switchboard.model.request.*;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decide, then evolve: a feature split so decides each step by a static method that sees the state
 * as it reads ({@link ReadState}) and has nothing to change it with, and the state evolves from the
 * facts of an accepted decision only. Here: the shape that keeps a decision to reading, and a
 * sample of rejected steps of each split feature, after which the state is exactly as it was.
 */
class DecideThenEvolveTest {

  /** The features split into decide and evolve (docs/architecture.md, "One step"). */
  static final List<Class<? extends Feature>> SPLIT =
      List.of(
          AgentStates.class,
          DnFeatures.class,
          CallUserData.class,
          BasicCalls.class,
          CallRelease.class,
          Monitoring.class,
          RoutingPoints.class,
          Transfers.class,
          Conferences.class);

  @Test
  void everyDecisionIsStaticAndIsGivenNothingToChangeTheStateWith() {
    for (Class<? extends Feature> feature : SPLIT) {
      List<Method> decisions =
          Arrays.stream(feature.getDeclaredMethods())
              .filter(m -> m.getName().startsWith("decide"))
              .toList();
      assertThat(decisions).as("the decisions of %s", feature.getSimpleName()).isNotEmpty();
      for (Method decision : decisions) {
        assertThat(Modifier.isStatic(decision.getModifiers()))
            .as("%s is static: it sees only what it is given", decision)
            .isTrue();
        assertThat(decision.getParameterTypes()[0])
            .as("%s reads the state through a ReadState", decision)
            .isEqualTo(ReadState.class);
        assertThat(decision.getParameterTypes())
            .as("%s is given nothing that changes the state or delivers events", decision)
            .noneMatch(
                type ->
                    type == EngineState.class
                        || type == StepContext.class
                        || type == Features.class
                        || Feature.class.isAssignableFrom(type));
      }
    }
  }

  @Test
  void theStateAsADecisionReadsItLeadsToNoWriter() {
    assertThat(ReadState.class.getDeclaredFields())
        .as("the fields of ReadState, the writer it reads among them, are its own")
        .allMatch(f -> Modifier.isPrivate(f.getModifiers()));
    assertThat(ReadState.class.getDeclaredMethods())
        .extracting(Method::getReturnType)
        .as("ReadState hands out no writer")
        .doesNotContain(EngineState.class, StepContext.class);
    for (Class<?> type :
        List.of(Dn.class, Call.class, Party.class, Agent.class, EngineState.class)) {
      assertThat(type.getDeclaredFields())
          .extracting(Field::getName)
          .as("the fields of %s, which its package alone may write", type.getSimpleName())
          .isNotEmpty();
      assertThat(type.getDeclaredFields())
          .as("no field of %s is public", type.getSimpleName())
          .noneMatch(f -> Modifier.isPublic(f.getModifiers()));
    }
  }

  /** A rejected step of a split feature, and the state it is tried in. */
  record Rejected(
      String name, Function<EngineFixture, Step> given, ErrorCode code, String requester) {
    @Override
    public String toString() {
      return name;
    }
  }

  static final ConnId UNKNOWN = new ConnId(0xdeadL, "acme");

  static ConnId call(EngineFixture f, String from, String to) {
    return f.given(makeCall(from, to)).connId().orElseThrow();
  }

  static ConnId established(EngineFixture f, String from, String to) {
    ConnId c = call(f, from, to);
    f.given(answer(to, c));
    return c;
  }

  static Stream<Rejected> rejections() {
    return Stream.of(
        // AgentStates
        new Rejected(
            "an agent logs in on a queue",
            f -> login("7001", "1001", null, AgentWorkMode.ManualIn),
            ErrorCode.WrongDNType,
            "7001"),
        new Rejected(
            "an agent logs in on a second DN",
            f -> {
              f.given(login("5001", "1001", "7001", AgentWorkMode.AutoIn));
              return login("5002", "1001", null, AgentWorkMode.ManualIn);
            },
            ErrorCode.AgentLoginConflict,
            "5002"),
        new Rejected(
            "an agent asks to be Ready in a NotReady mode",
            f -> {
              f.given(login("5001", "1001", "7001", AgentWorkMode.ManualIn));
              return ready("5001", AgentWorkMode.WalkAway);
            },
            ErrorCode.InvalidWorkMode,
            "5001"),
        new Rejected(
            "a DN with no agent logs out",
            f -> logout("5002", null),
            ErrorCode.AgentNotLoggedIn,
            "5002"),
        // DnFeatures
        new Rejected(
            "a DN forwards to itself",
            f -> forward("5001", "5001", ForwardMode.Unconditional),
            ErrorCode.InvalidDestination,
            "5001"),
        new Rejected(
            "a DN cancels a forwarding it has not set",
            f -> new RequestCancelCallForward("5001", NONE),
            ErrorCode.InvalidPartyState,
            "5001"),
        new Rejected(
            "a ringing party asks for mute",
            f -> new RequestSetMuteOn("5002", call(f, "5001", "5002"), NONE),
            ErrorCode.InvalidPartyState,
            "5002"),
        new Rejected(
            "a device that is not in the directory goes off hook",
            f -> new DeviceOffHook("9999"),
            ErrorCode.UnknownDN,
            "9999"),
        // CallUserData
        new Rejected(
            "a key that is not attached is deleted",
            f -> delete("5001", established(f, "5001", "5002"), "Missing"),
            ErrorCode.UserDataKeyNotFound,
            "5001"),
        new Rejected(
            "data is attached to a call that is not in progress",
            f -> attach("5001", UNKNOWN, KVList.of("K", "V")),
            ErrorCode.UnknownConnID,
            "5001"),
        // BasicCalls
        new Rejected(
            "a DN that is dialing dials again",
            f -> {
              call(f, "5001", "5002");
              return makeCall("5001", "5003");
            },
            ErrorCode.DNBusy,
            "5001"),
        new Rejected(
            "a call that is not ringing is answered",
            f -> answer("5002", established(f, "5001", "5002")),
            ErrorCode.InvalidPartyState,
            "5002"),
        new Rejected(
            "a trunk is called",
            f -> makeCall("5001", "3000"),
            ErrorCode.InvalidDestination,
            "5001"),
        new Rejected(
            "an inbound call comes from a DN of the directory",
            f -> inbound("5002", "5001"),
            ErrorCode.InvalidParty,
            "network"),
        new Rejected(
            "a held call is held again",
            f -> {
              ConnId c = established(f, "5001", "5002");
              f.given(hold("5001", c));
              return hold("5001", c);
            },
            ErrorCode.InvalidPartyState,
            "5001"),
        // CallRelease
        new Rejected(
            "a DN that is not in the call releases it",
            f -> release("5003", call(f, "5001", "5002")),
            ErrorCode.NotInCall,
            "5003"),
        new Rejected(
            "the network releases a DN of the directory",
            f -> new RemoteRelease("5001", established(f, "5001", "5002")),
            ErrorCode.InvalidParty,
            "network"),
        // Monitoring
        new Rejected(
            "a DN supervises itself",
            f ->
                new RequestMonitorNextCall(
                    "5001", "5001", MonitorNextCallType.MonitorAllCalls, NONE),
            ErrorCode.InvalidDestination,
            "5001"),
        new Rejected(
            "a DN cancels a supervision of another",
            f -> {
              f.given(
                  new RequestMonitorNextCall(
                      "5003", "5001", MonitorNextCallType.MonitorAllCalls, NONE));
              return new RequestCancelMonitoring("5002", "5001", NONE);
            },
            ErrorCode.InvalidPartyState,
            "5002"),
        // RoutingPoints
        new Rejected(
            "a call is routed from a DN that is not a routing point",
            f -> new RequestRouteCall("5001", call(f, "5001", "5002"), "5003", KVList.EMPTY, NONE),
            ErrorCode.WrongDNType,
            "5001"),
        new Rejected(
            "a routing point routes a call to a busy DN",
            f -> {
              call(f, "5002", "5003");
              ConnId c = f.given(inbound("+14155550100", "8001")).connId().orElseThrow();
              return new RequestRouteCall("8001", c, "5002", KVList.EMPTY, NONE);
            },
            ErrorCode.DNBusy,
            "8001"),
        new Rejected(
            "an Extension applies a treatment",
            f ->
                new RequestApplyTreatment(
                    "5001",
                    established(f, "5001", "5002"),
                    TreatmentType.PlayAnnouncement,
                    KVList.EMPTY,
                    NONE),
            ErrorCode.WrongDNType,
            "5001"),
        new Rejected(
            "a treatment that was not applied ends",
            f ->
                new TreatmentEnd(
                    "8001",
                    f.given(inbound("+14155550100", "8001")).connId().orElseThrow(),
                    Optional.empty()),
            ErrorCode.InvalidPartyState,
            "8001"),
        // Transfers
        new Rejected(
            "a held party starts a consultation",
            f -> {
              ConnId c = established(f, "5001", "5002");
              f.given(hold("5001", c));
              return new RequestInitiateTransfer("5001", c, "5003", KVList.EMPTY, NONE);
            },
            ErrorCode.InvalidPartyState,
            "5001"),
        new Rejected(
            "a transfer is completed with a call that is not its consultation",
            f -> {
              ConnId c = established(f, "5001", "5002");
              f.given(hold("5001", c));
              ConnId other = call(f, "5003", "5001");
              return new RequestCompleteTransfer("5001", c, other, NONE);
            },
            ErrorCode.InvalidPartyState,
            "5001"),
        new Rejected(
            "a call is mute-transferred to a queue",
            f -> new RequestMuteTransfer("5001", established(f, "5001", "5002"), "7001", NONE),
            ErrorCode.NotSupported,
            "5001"),
        new Rejected(
            "an established call is redirected",
            f -> new RequestRedirectCall("5002", established(f, "5001", "5002"), "5003", NONE),
            ErrorCode.InvalidPartyState,
            "5002"),
        // Conferences
        new Rejected(
            "a single-step conference adds a party of the call",
            f ->
                new RequestSingleStepConference(
                    "5001", established(f, "5001", "5002"), "5002", NONE),
            ErrorCode.InvalidDestination,
            "5001"),
        new Rejected(
            "a party is deleted from a call that is no conference",
            f ->
                new RequestDeleteFromConference(
                    "5001", established(f, "5001", "5002"), "5002", NONE),
            ErrorCode.InvalidPartyState,
            "5001"),
        new Rejected(
            "a member that hears the conference is reconnected",
            f -> {
              ConnId c = established(f, "5001", "5002");
              f.given(new RequestSingleStepConference("5001", c, "5003", NONE));
              f.given(answer("5003", c));
              return new RequestListenReconnect("5001", c, "5003", NONE);
            },
            ErrorCode.InvalidPartyState,
            "5001"));
  }

  static EngineFixture tenant() {
    return EngineFixture.withDirectory(
        new DirectoryEntry("5001", DNType.Extension),
        new DirectoryEntry("5002", DNType.Extension),
        new DirectoryEntry("5003", DNType.Extension),
        new DirectoryEntry("7001", DNType.ACDQueue),
        new DirectoryEntry("8001", DNType.RoutingPoint),
        new DirectoryEntry("3000", DNType.Trunk));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rejections")
  void aRejectedStepChangesNothing(Rejected rejected) {
    EngineFixture f = tenant();
    Step step = rejected.given().apply(f);
    String before = f.engine.stateDigest();
    f.when(step).rejected(rejected.code(), rejected.requester());
    assertThat(f.engine.stateDigest()).as("the state after %s", step).isEqualTo(before);
  }
}
