package io.switchboard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.ConnId;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.request.Advance;
import io.switchboard.model.request.InboundCall;
import io.switchboard.model.request.RemoteAnswer;
import io.switchboard.model.request.RemoteBusy;
import io.switchboard.model.request.RemoteRelease;
import io.switchboard.model.request.RequestAgentLogin;
import io.switchboard.model.request.RequestAgentLogout;
import io.switchboard.model.request.RequestAgentNotReady;
import io.switchboard.model.request.RequestAgentReady;
import io.switchboard.model.request.RequestAnswerCall;
import io.switchboard.model.request.RequestAttachUserData;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestCancelCallForward;
import io.switchboard.model.request.RequestDeletePair;
import io.switchboard.model.request.RequestDeleteUserData;
import io.switchboard.model.request.RequestHoldCall;
import io.switchboard.model.request.RequestMakeCall;
import io.switchboard.model.request.RequestReleaseCall;
import io.switchboard.model.request.RequestRetrieveCall;
import io.switchboard.model.request.RequestSetCallForward;
import io.switchboard.model.request.RequestSetDNDOff;
import io.switchboard.model.request.RequestSetDNDOn;
import io.switchboard.model.request.RequestUpdateUserData;
import io.switchboard.model.request.Step;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class StepJsonTest {

  private static final ConnId C1 = new ConnId(0x006c02a8b7e30001L, "acme");
  private static final ConnIdResolver BOUND = ConnIdResolver.of(Map.of("c1", C1), "acme");
  private static final RequestAttributes NONE = RequestAttributes.NONE;

  private static JsonNode yaml(String text) {
    try {
      return Json.yamlMapper().readTree(text);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  }

  private static ParsedStep parse(String text) {
    return StepJson.parse(yaml(text), BOUND);
  }

  /** One example of every step, as a scenario writes it, and the step it stands for. */
  static Stream<Arguments> everyStep() {
    return Stream.of(
        Arguments.of(
            "RequestAgentLogin: {ThisDN: \"5001\", AgentID: \"1001\", ThisQueue: \"7001\","
                + " AgentWorkMode: ManualIn}",
            new RequestAgentLogin(
                "5001", "1001", Optional.of("7001"), AgentWorkMode.ManualIn, NONE)),
        Arguments.of(
            "RequestAgentLogout: {ThisDN: \"5001\", ThisQueue: \"7001\", Reasons: {ReasonCode:"
                + " EndOfShift}}",
            new RequestAgentLogout(
                "5001",
                Optional.of("7001"),
                new RequestAttributes(0, KVList.of("ReasonCode", "EndOfShift"), KVList.EMPTY))),
        Arguments.of(
            "RequestAgentReady: {ThisDN: \"5001\", AgentWorkMode: AutoIn}",
            new RequestAgentReady("5001", Optional.empty(), AgentWorkMode.AutoIn, NONE)),
        Arguments.of(
            "RequestAgentNotReady: {ThisDN: \"5001\", AgentWorkMode: AfterCallWork, Reasons:"
                + " {ReasonCode: 12}}",
            new RequestAgentNotReady(
                "5001",
                Optional.empty(),
                AgentWorkMode.AfterCallWork,
                new RequestAttributes(0, KVList.of("ReasonCode", 12L), KVList.EMPTY))),
        Arguments.of("RequestSetDNDOn: {ThisDN: \"5002\"}", new RequestSetDNDOn("5002", NONE)),
        Arguments.of(
            "RequestSetDNDOff: {ThisDN: \"5002\", ReferenceID: 7}",
            new RequestSetDNDOff("5002", RequestAttributes.referenceId(7))),
        Arguments.of(
            "RequestSetCallForward: {ThisDN: \"5004\", OtherDN: \"+14155550199\", ForwardMode:"
                + " OnNoAnswer}",
            new RequestSetCallForward("5004", "+14155550199", ForwardMode.OnNoAnswer, NONE)),
        Arguments.of(
            "RequestCancelCallForward: {ThisDN: \"5004\"}",
            new RequestCancelCallForward("5004", NONE)),
        Arguments.of(
            "RequestMakeCall: {ThisDN: \"5001\", OtherDN: \"5002\", UserData: {Segment: Gold, Tier:"
                + " 2}, Extensions: {Priority: {Level: 1}}}",
            new RequestMakeCall(
                "5001",
                "5002",
                KVList.of("Segment", "Gold", "Tier", 2L),
                new RequestAttributes(
                    0, KVList.EMPTY, KVList.of("Priority", KVList.of("Level", 1L))))),
        Arguments.of(
            "RequestAnswerCall: {ThisDN: \"5001\", ConnID: $c1}",
            new RequestAnswerCall("5001", C1, NONE)),
        Arguments.of(
            "RequestReleaseCall: {ThisDN: \"5001\", ConnID: \"006c02a8b7e30001@acme\"}",
            new RequestReleaseCall("5001", C1, NONE)),
        Arguments.of(
            "RequestHoldCall: {ThisDN: \"5001\", ConnID: \"006c02a8b7e30001\"}",
            new RequestHoldCall("5001", C1, NONE)),
        Arguments.of(
            "RequestRetrieveCall: {ThisDN: \"5001\", ConnID: $c1, ReferenceID: 99}",
            new RequestRetrieveCall("5001", C1, RequestAttributes.referenceId(99))),
        Arguments.of(
            "RequestAttachUserData: {ThisDN: \"5001\", ConnID: $c1, UserData: {Disposition: Sale}}",
            new RequestAttachUserData("5001", C1, KVList.of("Disposition", "Sale"), NONE)),
        Arguments.of(
            "RequestUpdateUserData: {ThisDN: \"5001\", ConnID: $c1, UserData: {Disposition: Sale}}",
            new RequestUpdateUserData("5001", C1, KVList.of("Disposition", "Sale"), NONE)),
        Arguments.of(
            "RequestDeleteUserData: {ThisDN: \"5001\", ConnID: $c1, Keys: [Segment, Tier]}",
            new RequestDeleteUserData("5001", C1, List.of("Segment", "Tier"), NONE)),
        Arguments.of(
            "RequestDeletePair: {ThisDN: \"5001\", ConnID: $c1, Key: Segment}",
            new RequestDeletePair("5001", C1, "Segment", NONE)),
        Arguments.of(
            "InboundCall: {From: \"+14155550100\", To: \"8001\", UserData: {Segment: Gold}}",
            new InboundCall("+14155550100", "8001", KVList.of("Segment", "Gold"))),
        Arguments.of(
            "RemoteAnswer: {DN: \"+14155550123\", ConnID: $c1}",
            new RemoteAnswer("+14155550123", C1)),
        Arguments.of(
            "RemoteBusy: {DN: \"+14155550123\", ConnID: $c1}", new RemoteBusy("+14155550123", C1)),
        Arguments.of(
            "RemoteRelease: {DN: \"+14155550123\", ConnID: $c1}",
            new RemoteRelease("+14155550123", C1)),
        Arguments.of("Advance: {seconds: 2.5}", new Advance(Duration.ofMillis(2500))),
        Arguments.of(
            "RequestRouteCall: {ThisDN: \"8001\", ConnID: $c1, OtherDN: \"5001\"}",
            new io.switchboard.model.request.RequestRouteCall(
                "8001", C1, "5001", KVList.EMPTY, NONE)),
        Arguments.of(
            "RequestApplyTreatment: {ThisDN: \"8001\", ConnID: $c1, TreatmentType: CollectDigits,"
                + " TreatmentParms: {MaxDigits: 4}}",
            new io.switchboard.model.request.RequestApplyTreatment(
                "8001",
                C1,
                io.switchboard.model.TreatmentType.CollectDigits,
                KVList.of("MaxDigits", 4L),
                NONE)),
        Arguments.of(
            "RequestInitiateTransfer: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestInitiateTransfer(
                "5001", C1, "5002", KVList.EMPTY, NONE)),
        Arguments.of(
            "RequestCompleteTransfer: {ThisDN: \"5001\", ConnID: $c1, TransferConnID: $c1}",
            new io.switchboard.model.request.RequestCompleteTransfer("5001", C1, C1, NONE)),
        Arguments.of(
            "RequestSingleStepTransfer: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestSingleStepTransfer("5001", C1, "5002", NONE)),
        Arguments.of(
            "RequestMuteTransfer: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestMuteTransfer("5001", C1, "5002", NONE)),
        Arguments.of(
            "RequestInitiateConference: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestInitiateConference(
                "5001", C1, "5002", KVList.EMPTY, NONE)),
        Arguments.of(
            "RequestCompleteConference: {ThisDN: \"5001\", ConnID: $c1, ConferenceConnID: $c1}",
            new io.switchboard.model.request.RequestCompleteConference("5001", C1, C1, NONE)),
        Arguments.of(
            "RequestSingleStepConference: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestSingleStepConference("5001", C1, "5002", NONE)),
        Arguments.of(
            "RequestDeleteFromConference: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestDeleteFromConference("5001", C1, "5002", NONE)),
        Arguments.of(
            "RequestRedirectCall: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestRedirectCall("5001", C1, "5002", NONE)),
        Arguments.of(
            "RequestAlternateCall: {ThisDN: \"5001\", ConnID: $c1, CurrentConnID: $c1}",
            new io.switchboard.model.request.RequestAlternateCall("5001", C1, C1, NONE)),
        Arguments.of(
            "RequestReconnectCall: {ThisDN: \"5001\", ConnID: $c1, TransferConnID: $c1}",
            new io.switchboard.model.request.RequestReconnectCall("5001", C1, C1, NONE)),
        Arguments.of(
            "RequestMonitorNextCall: {ThisDN: \"5009\", OtherDN: \"5001\", MonitorNextCallType:"
                + " MonitorAllCalls}",
            new io.switchboard.model.request.RequestMonitorNextCall(
                "5009", "5001", io.switchboard.model.MonitorNextCallType.MonitorAllCalls, NONE)),
        Arguments.of(
            "RequestCancelMonitoring: {ThisDN: \"5009\", OtherDN: \"5001\"}",
            new io.switchboard.model.request.RequestCancelMonitoring("5009", "5001", NONE)),
        Arguments.of(
            "RequestListenDisconnect: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestListenDisconnect("5001", C1, "5002", NONE)),
        Arguments.of(
            "RequestListenReconnect: {ThisDN: \"5001\", ConnID: $c1, OtherDN: \"5002\"}",
            new io.switchboard.model.request.RequestListenReconnect("5001", C1, "5002", NONE)),
        Arguments.of(
            "RequestSetMuteOn: {ThisDN: \"5001\", ConnID: $c1}",
            new io.switchboard.model.request.RequestSetMuteOn("5001", C1, NONE)),
        Arguments.of(
            "RequestSetMuteOff: {ThisDN: \"5001\", ConnID: $c1}",
            new io.switchboard.model.request.RequestSetMuteOff("5001", C1, NONE)),
        Arguments.of(
            "DeviceOffHook: {DN: \"5001\"}",
            new io.switchboard.model.request.DeviceOffHook("5001")),
        Arguments.of(
            "DeviceOnHook: {DN: \"5001\"}", new io.switchboard.model.request.DeviceOnHook("5001")),
        Arguments.of(
            "DeviceOutOfService: {DN: \"5001\"}",
            new io.switchboard.model.request.DeviceOutOfService("5001")),
        Arguments.of(
            "DeviceBackInService: {DN: \"5001\"}",
            new io.switchboard.model.request.DeviceBackInService("5001")),
        Arguments.of(
            "MessageWaitingOn: {DN: \"5001\"}",
            new io.switchboard.model.request.MessageWaitingOn("5001")),
        Arguments.of(
            "MessageWaitingOff: {DN: \"5001\"}",
            new io.switchboard.model.request.MessageWaitingOff("5001")),
        Arguments.of(
            "TreatmentEnd: {ThisDN: \"9001\", ConnID: $c1}",
            new io.switchboard.model.request.TreatmentEnd("9001", C1, java.util.Optional.empty())));
  }

  @ParameterizedTest
  @MethodSource("everyStep")
  void parsesEveryStep(String text, Step expected) {
    assertThat(parse(text)).isEqualTo(ParsedStep.of(expected));
  }

  @ParameterizedTest
  @MethodSource("everyStep")
  void everyStepRoundTripsThroughJson(String text, Step step) {
    assertThat(StepJson.parse(StepJson.toJson(step), ConnIdResolver.none()).step()).isEqualTo(step);
  }

  @Test
  void theExamplesCoverEveryStep() {
    List<String> covered = new ArrayList<>();
    everyStep().forEach(a -> covered.add(((Step) a.get()[1]).name()));
    assertThat(covered).containsExactlyInAnyOrderElementsOf(StepJson.supportedSteps());
  }

  @Test
  void everyStepOfTheModelIsSupported() {
    List<String> records = new ArrayList<>();
    collectRecords(Step.class, records);
    assertThat(StepJson.supportedSteps()).containsExactlyElementsOf(records);
  }

  private static void collectRecords(Class<?> type, List<String> names) {
    if (type.isRecord()) {
      names.add(type.getSimpleName());
      return;
    }
    for (Class<?> subtype : type.getPermittedSubclasses()) {
      collectRecords(subtype, names);
    }
  }

  @Test
  void writesStepsAsAScenarioDoes() {
    assertThat(
            StepJson.toJson(
                new RequestMakeCall(
                    "5001", "5002", KVList.EMPTY, RequestAttributes.referenceId(3))))
        .hasToString(
            "{\"RequestMakeCall\":{\"ThisDN\":\"5001\",\"OtherDN\":\"5002\",\"ReferenceID\":3}}");
    assertThat(StepJson.toJson(new Advance(Duration.ofSeconds(30))))
        .hasToString("{\"Advance\":{\"seconds\":30}}");
    assertThat(StepJson.toJson(new Advance(Duration.ofMillis(1500))))
        .hasToString("{\"Advance\":{\"seconds\":1.5}}");
    assertThat(
            StepJson.toJson(
                new ParsedStep(
                    new InboundCall("+1", "8001", KVList.EMPTY), Optional.of("c1"), true)))
        .hasToString(
            "{\"InboundCall\":{\"From\":\"+1\",\"To\":\"8001\",\"as\":\"c1\",\"expectError\":true}}");
  }

  @Test
  void leftOutAttributesTakeTheirDefaults() {
    assertThat(parse("RequestAgentLogin: {ThisDN: \"5001\", AgentID: \"1001\"}").step())
        .isEqualTo(
            new RequestAgentLogin("5001", "1001", Optional.empty(), AgentWorkMode.Unknown, NONE));
    assertThat(parse("RequestAgentReady: {ThisDN: \"5001\"}").step())
        .isEqualTo(new RequestAgentReady("5001", Optional.empty(), AgentWorkMode.ManualIn, NONE));
    assertThat(parse("RequestAgentNotReady: {ThisDN: \"5001\"}").step())
        .isEqualTo(new RequestAgentNotReady("5001", Optional.empty(), AgentWorkMode.AuxWork, NONE));
    assertThat(parse("RequestSetCallForward: {ThisDN: \"5004\", OtherDN: \"5005\"}").step())
        .isEqualTo(new RequestSetCallForward("5004", "5005", ForwardMode.Unconditional, NONE));
    assertThat(parse("RequestDeleteUserData: {ThisDN: \"5001\", ConnID: $c1}").step())
        .isEqualTo(new RequestDeleteUserData("5001", C1, List.of(), NONE));
    assertThat(parse("RequestMakeCall: {ThisDN: \"5001\", OtherDN: \"5002\"}").step())
        .isEqualTo(new RequestMakeCall("5001", "5002", KVList.EMPTY, NONE));
    assertThat(parse("InboundCall: {From: \"+1\", To: \"8001\"}").step())
        .isEqualTo(new InboundCall("+1", "8001", KVList.EMPTY));
    assertThat(parse("Advance: {seconds: 30}").step())
        .isEqualTo(new Advance(Duration.ofSeconds(30)));
  }

  @Test
  void readsTheScenarioKeysInsideOrBesideTheAttributes() {
    assertThat(parse("InboundCall: {From: \"+1\", To: \"8001\", as: c1}"))
        .isEqualTo(
            new ParsedStep(new InboundCall("+1", "8001", KVList.EMPTY), Optional.of("c1"), false));
    assertThat(
            parse("RequestAnswerCall: {ThisDN: \"5002\", ConnID: $c1, expectError: true}")
                .expectError())
        .isTrue();
    assertThat(
            parse("{RequestAnswerCall: {ThisDN: \"5002\", ConnID: $c1}, expectError: true}")
                .expectError())
        .isTrue();
    assertThat(parse("{InboundCall: {From: \"+1\", To: \"8001\"}, as: c2}").as()).contains("c2");
    assertThat(
            parse("RequestAnswerCall: {ThisDN: \"5002\", ConnID: $c1, expectError: false}")
                .expectError())
        .isFalse();
  }

  @Test
  void parsesTheJsonOfAnHttpRequestBody() throws JsonProcessingException {
    JsonNode body =
        Json.mapper()
            .readTree("{\"RequestMakeCall\": {\"ThisDN\": \"5001\", \"OtherDN\": \"5002\"}}");

    assertThat(StepJson.parse(body, ConnIdResolver.none()).step())
        .isEqualTo(new RequestMakeCall("5001", "5002", KVList.EMPTY, NONE));
  }

  @Test
  void aStepWithoutAttributesIsAStepWithNone() {
    assertThatThrownBy(() -> parse("RequestSetDNDOn:"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageStartingWith("RequestSetDNDOn: the mandatory attribute ThisDN");
  }

  @Test
  void advanceTakesFractionsOfSeconds() {
    assertThat(parse("Advance: {seconds: 0.001}").step())
        .isEqualTo(new Advance(Duration.ofMillis(1)));
    assertThat(parse("Advance: {seconds: 0}").step()).isEqualTo(new Advance(Duration.ZERO));
  }

  @Test
  void aConnIdWithoutSiteGetsTheResolversSite() {
    String step = "RequestHoldCall: {ThisDN: \"5001\", ConnID: \"0000000000000001\"}";
    assertThat(StepJson.parse(yaml(step), ConnIdResolver.none()).step())
        .isEqualTo(new RequestHoldCall("5001", new ConnId(1, ""), NONE));
    assertThat(parse(step).step())
        .isEqualTo(new RequestHoldCall("5001", new ConnId(1, "acme"), NONE));
  }

  @Test
  void aResolverOverAMapSeesTheMapGrow() {
    Map<String, ConnId> bindings = new java.util.HashMap<>();
    ConnIdResolver resolver = ConnIdResolver.of(bindings, "acme");
    bindings.put("late", C1);

    assertThat(resolver.resolve("late")).contains(C1);
    assertThat(resolver.names()).containsExactly("late");
  }

  // --- bad input: one test per kind

  @Test
  void rejectsAStepThatIsNotAMap() {
    assertThatThrownBy(() -> StepJson.parse(yaml("RequestMakeCall"), BOUND))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "a step must be a map with a single key, the step's name, e.g. - RequestMakeCall:"
                + " {ThisDN: \"5001\", OtherDN: \"5002\"}; was a string (\"RequestMakeCall\")");
  }

  @Test
  void rejectsAStepWithoutName() {
    assertThatThrownBy(() -> parse("{expectError: true}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageContaining("a step must have the step's name as its key")
        .hasMessageEndingWith("this one has only [expectError]");
  }

  @Test
  void rejectsTwoStepsInOne() {
    assertThatThrownBy(
            () ->
                parse(
                    "{RequestSetDNDOn: {ThisDN: \"5001\"}, RequestSetDNDOff: {ThisDN: \"5001\"}}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageContaining(
            "a step must have a single key, the step's name; this one has RequestSetDNDOn,"
                + " RequestSetDNDOff")
        .hasMessageContaining("Write each step as its own list item");
  }

  @Test
  void rejectsAttributesBesideTheStepNameWithAnIndentationHint() {
    assertThatThrownBy(() -> parse("RequestMakeCall:\nThisDN: \"5001\"\nOtherDN: \"5002\""))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "a step must have a single key, the step's name; this one has RequestMakeCall, ThisDN,"
                + " OtherDN. If ThisDN, OtherDN belong to RequestMakeCall, indent them under it or"
                + " write them in braces, e.g. - RequestMakeCall: {ThisDN: \"5001\", OtherDN:"
                + " \"5002\"}");
  }

  @Test
  void rejectsAnUnknownStepListingTheKnownOnes() {
    assertThatThrownBy(() -> parse("RequestMakecall: {ThisDN: \"5001\"}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageStartingWith(
            "unknown step 'RequestMakecall' (did you mean RequestMakeCall?); the steps are"
                + " [RequestAgentLogin,")
        .hasMessageContaining("TreatmentEnd]");
  }

  @Test
  void readsTheCallModelSteps() {
    ParsedStep transfer =
        parse(
            "RequestCompleteTransfer: {ThisDN: \"5002\", ConnID: \"0000000000000001\", TransferConnID: \"0000000000000002\"}");
    assertThat(transfer.step())
        .isInstanceOf(io.switchboard.model.request.RequestCompleteTransfer.class);
    ParsedStep end =
        parse(
            "TreatmentEnd: {ThisDN: \"9001\", ConnID: \"0000000000000001\", CollectedDigits: \"1234\"}");
    assertThat(((io.switchboard.model.request.TreatmentEnd) end.step()).collectedDigits())
        .contains("1234");
    ParsedStep monitor = parse("RequestMonitorNextCall: {ThisDN: \"5009\", OtherDN: \"5001\"}");
    assertThat(
            ((io.switchboard.model.request.RequestMonitorNextCall) monitor.step())
                .monitorNextCallType())
        .isEqualTo(io.switchboard.model.MonitorNextCallType.MonitorOneCall);
    assertThatThrownBy(
            () -> parse("RequestApplyTreatment: {ThisDN: \"8001\", ConnID: \"0000000000000001\"}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageContaining("TreatmentType");
  }

  @Test
  void rejectsAMissingMandatoryAttributeWithAnExample() {
    assertThatThrownBy(() -> parse("RequestAnswerCall: {ThisDN: \"5001\"}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestAnswerCall: the mandatory attribute ConnID (a ConnID: $NAME for a call bound"
                + " with as: NAME, or the ConnID itself, e.g. \"006c02a8b7e30001@acme\") is"
                + " missing; write for example - RequestAnswerCall: {ThisDN: \"5001\", ConnID:"
                + " $c1}");
  }

  @Test
  void rejectsANumberForAStringWithAHintToQuoteIt() {
    assertThatThrownBy(() -> parse("RequestMakeCall: {ThisDN: 5001, OtherDN: \"5002\"}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestMakeCall: ThisDN must be a string, was a number (5001); quote it: ThisDN:"
                + " \"5001\"");
  }

  @Test
  void rejectsNullForAnAttribute() {
    assertThatThrownBy(() -> parse("RequestAgentLogout: {ThisDN: \"5001\", ThisQueue: }"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage("RequestAgentLogout: ThisQueue must be a string, was null");
  }

  @Test
  void rejectsAnUnknownAttributeListingTheAllowedOnes() {
    assertThatThrownBy(() -> parse("RequestMakeCall: {ThisDN: \"5001\", OtherDn: \"5002\"}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestMakeCall has no attribute OtherDn (did you mean OtherDN?); its attributes are"
                + " ThisDN, OtherDN, UserData, ReferenceID, Reasons, Extensions, and the scenario"
                + " keys as and expectError");
  }

  @Test
  void rejectsAnUnknownEnumValueListingTheAllowedOnes() {
    assertThatThrownBy(
            () -> parse("RequestAgentReady: {ThisDN: \"5001\", AgentWorkMode: manualIn}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestAgentReady: AgentWorkMode must be one of Unknown, ManualIn, AutoIn,"
                + " AfterCallWork, AuxWork, NoCallDisconnect, WalkAway, ReturnBack, was 'manualIn'"
                + " (did you mean ManualIn?)");
    assertThatThrownBy(
            () ->
                parse(
                    "RequestSetCallForward: {ThisDN: \"5001\", OtherDN: \"5002\", ForwardMode: 1}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageStartingWith(
            "RequestSetCallForward: ForwardMode must be one of None, Unconditional,")
        .hasMessageEndingWith("was a number (1)");
  }

  @Test
  void rejectsAnUnboundReference() {
    assertThatThrownBy(() -> parse("RequestAnswerCall: {ThisDN: \"5001\", ConnID: $c9}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestAnswerCall: ConnID refers to $c9, which is not bound: no earlier step has as:"
                + " c9 (bound so far: [c1])");
    assertThatThrownBy(
            () ->
                StepJson.parse(
                    yaml("RequestAnswerCall: {ThisDN: \"5001\", ConnID: $}"),
                    ConnIdResolver.none()))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestAnswerCall: ConnID refers to $, which is not bound: no earlier step has as:"
                + " NAME (bound so far: none)");
  }

  @Test
  void rejectsAMalformedConnId() {
    assertThatThrownBy(() -> parse("RequestAnswerCall: {ThisDN: \"5001\", ConnID: c1}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestAnswerCall: ConnID 'c1' is not a ConnID (did you mean $c1?): write $NAME for"
                + " the call bound with as: NAME, or the ConnID's 16 hex digits, e.g."
                + " \"006c02a8b7e30001@acme\"");
    assertThatThrownBy(
            () -> parse("RequestAnswerCall: {ThisDN: \"5001\", ConnID: \"006c02a8b7e3000g@acme\"}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageStartingWith(
            "RequestAnswerCall: ConnID: '006c02a8b7e3000g@acme' is not a ConnID")
        .hasMessageEndingWith(", or $NAME for a call bound with as: NAME");
  }

  @Test
  void rejectsAttributesThatAreNotAMap() {
    assertThatThrownBy(() -> parse("RequestSetDNDOn: \"5001\""))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestSetDNDOn: the attributes must be a map, e.g. - RequestSetDNDOn: {ThisDN:"
                + " \"5001\"}; was a string (\"5001\")");
  }

  @Test
  void rejectsANegativeOrNonIntegerReferenceId() {
    assertThatThrownBy(() -> parse("RequestSetDNDOn: {ThisDN: \"5001\", ReferenceID: -1}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestSetDNDOn: ReferenceID must be an integer from 0 to 9223372036854775807, was a"
                + " number (-1)");
    assertThatThrownBy(() -> parse("RequestSetDNDOn: {ThisDN: \"5001\", ReferenceID: \"7\"}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageContaining("was a string (\"7\")");
  }

  @Test
  void rejectsSecondsThatAreNotANonNegativeNumber() {
    assertThatThrownBy(() -> parse("Advance: {seconds: -1}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "Advance: seconds must be a number of seconds, not negative (fractions allowed, e.g."
                + " 2.5), was a number (-1)");
    assertThatThrownBy(() -> parse("Advance: {seconds: 30s}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageEndingWith("was a string (\"30s\")");
    assertThatThrownBy(() -> parse("Advance: {}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageEndingWith("write for example - Advance: {seconds: 30}");
  }

  @Test
  void rejectsKeysThatAreNotANonEmptyListOfStrings() {
    assertThatThrownBy(
            () -> parse("RequestDeleteUserData: {ThisDN: \"5001\", ConnID: $c1, Keys: []}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestDeleteUserData: Keys must list at least one entry; leave Keys out instead");
    assertThatThrownBy(
            () -> parse("RequestDeleteUserData: {ThisDN: \"5001\", ConnID: $c1, Keys: Segment}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestDeleteUserData: Keys must be a list of strings, was a string (\"Segment\")");
    assertThatThrownBy(
            () ->
                parse("RequestDeleteUserData: {ThisDN: \"5001\", ConnID: $c1, Keys: [Segment, 2]}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestDeleteUserData: Keys[1] must be a string, was a number (2); quote it: Keys[1]:"
                + " \"2\"");
  }

  @Test
  void rejectsUserDataThatIsNotAMapOfStringsIntegersAndMaps() {
    assertThatThrownBy(
            () ->
                parse(
                    "RequestAttachUserData: {ThisDN: \"5001\", ConnID: $c1, UserData: {VIP:"
                        + " true}}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestAttachUserData: UserData.VIP must be a string, an integer or a map, was a"
                + " boolean (true); write it as a string, e.g. \"true\"");
    assertThatThrownBy(
            () -> parse("RequestAttachUserData: {ThisDN: \"5001\", ConnID: $c1, UserData: [a]}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestAttachUserData: UserData must be a map of keys to strings, integers or nested"
                + " maps, was a list");
  }

  @Test
  void rejectsABadAsName() {
    assertThatThrownBy(() -> parse("InboundCall: {From: \"+1\", To: \"8001\", as: $c1}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessageStartingWith("InboundCall: as must be a name of letters, digits, '_' or '-'")
        .hasMessageEndingWith("was a string (\"$c1\")");
  }

  @Test
  void rejectsAnExpectErrorThatIsNotABoolean() {
    assertThatThrownBy(() -> parse("RequestSetDNDOn: {ThisDN: \"5001\", expectError: \"yes\"}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage("RequestSetDNDOn: expectError must be true or false, was a string (\"yes\")");
  }

  @Test
  void rejectsAScenarioKeyGivenTwice() {
    assertThatThrownBy(
            () ->
                parse(
                    "{RequestSetDNDOn: {ThisDN: \"5001\", expectError: true}, expectError: true}"))
        .isInstanceOf(StepFormatException.class)
        .hasMessage(
            "RequestSetDNDOn: expectError is given twice, beside the step name and among its"
                + " attributes; keep one");
  }

  @Test
  void rejectsADuplicatedAttribute() {
    assertThatThrownBy(
            () ->
                Json.yamlMapper().readTree("RequestSetDNDOn: {ThisDN: \"5001\", ThisDN: \"5002\"}"))
        .isInstanceOf(JsonProcessingException.class)
        .hasMessageContaining("Duplicate field 'ThisDN'");
  }
}
