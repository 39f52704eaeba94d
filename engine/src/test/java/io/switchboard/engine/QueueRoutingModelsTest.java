package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.ABSENT;
import static io.switchboard.engine.Steps.*;
import static io.switchboard.model.Attribute.AgentID;
import static io.switchboard.model.Attribute.CallThreadID;
import static io.switchboard.model.Attribute.CollectedDigits;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.CustomerID;
import static io.switchboard.model.Attribute.Extensions;
import static io.switchboard.model.Attribute.LastCollectedDigit;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.PreviousConnID;
import static io.switchboard.model.Attribute.ReferenceID;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThirdPartyDNRole;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.Attribute.ThisQueue;
import static io.switchboard.model.Attribute.TreatmentParms;
import static io.switchboard.model.Attribute.UserData;
import static io.switchboard.model.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.DNType;
import io.switchboard.model.KVList;
import io.switchboard.model.TreatmentType;
import io.switchboard.model.request.*;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * ACD queues (distribution, several queues, IVR, abandon, no-answer, after-call work), routing
 * points (route, default route, abandon) and treatments.
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/WorkWithQueues">VM:
 *     Working with queues</a>
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/CallRoutingEvents">VM:
 *     Call routing events</a>
 */
class QueueRoutingModelsTest {
  static final RequestAttributes NONE = RequestAttributes.NONE;
  static final String CALLER = "+14155550100";

  final EngineFixture f =
      EngineFixture.withDirectory(
          new DirectoryEntry("5001", DNType.Extension),
          new DirectoryEntry("5002", DNType.Extension, Map.of("wrapUpTime", "30")),
          new DirectoryEntry("5003", DNType.Extension),
          new DirectoryEntry("7001", DNType.ACDQueue, Map.of("noAnswerTimeout", "10")),
          new DirectoryEntry("7002", DNType.ACDQueue),
          new DirectoryEntry("7003", DNType.ACDQueue),
          new DirectoryEntry("7010", DNType.ACDQueue, Map.of("overflow", "7011,7012")),
          new DirectoryEntry("7011", DNType.ACDQueue),
          new DirectoryEntry("7012", DNType.ACDQueue),
          new DirectoryEntry("9001", DNType.VoiceTreatmentPort, Map.of("queue", "7012")),
          new DirectoryEntry(
              "8001",
              DNType.RoutingPoint,
              Map.of("defaultDestination", "7001", "routeTimeout", "20")),
          new DirectoryEntry("8002", DNType.RoutingPoint));

  void agent(String dn, String id, String queue, AgentWorkMode mode) {
    f.given(login(dn, id, queue, mode));
    if (mode != AgentWorkMode.AutoIn) {
      f.given(ready(dn, mode));
    }
  }

  @Test
  void internalCallToAQueueWithAReadyAgent() {
    agent("5002", "1002", "7001", AgentWorkMode.ManualIn);
    ConnId c =
        f.when(makeCall("5001", "7001"))
            .event("5001", EventDialing, OtherDN, "7001", OtherDNRole, DNRole.Destination)
            .event(
                "7001",
                EventQueued,
                ThisDN,
                "7001",
                ThisQueue,
                "7001",
                ThisDNRole,
                DNRole.Destination,
                OtherDN,
                "5001",
                OtherDNRole,
                DNRole.Origination)
            .event(
                "7001",
                EventDiverted,
                ThisDN,
                "7001",
                ThisQueue,
                "7001",
                OtherDN,
                "5001",
                ThirdPartyDN,
                "5002",
                ThirdPartyDNRole,
                DNRole.Destination)
            .event(
                "5002",
                EventRinging,
                ThisDN,
                "5002",
                ThisQueue,
                "7001",
                ThisDNRole,
                DNRole.Destination,
                OtherDN,
                "5001",
                OtherDNRole,
                DNRole.Origination,
                Attribute.CallState,
                CallState.Ok,
                AgentID,
                "1002")
            .noMore()
            .connId();
    f.when(answer("5002", c))
        .event("5001", EventEstablished, OtherDN, "5002", OtherDNRole, DNRole.Destination)
        .event("5002", EventEstablished, ThisQueue, "7001", OtherDN, "5001")
        .noMore();
  }

  @Test
  void aQueuedCallGoesToTheAgentThatBecomesReadyAndTheLongestIdleFirst() {
    f.given(login("5002", "1002", "7001", AgentWorkMode.ManualIn));
    f.given(login("5003", "1003", "7001", AgentWorkMode.ManualIn));
    ConnId c =
        f.when(inbound(CALLER, "7001"))
            .event("7001", EventQueued, Attribute.CallType, CallType.Inbound, OtherDN, CALLER)
            .noMore()
            .connId();
    f.given(ready("5003", AgentWorkMode.ManualIn));
    assertThat(f.all.get(f.all.size() - 1).event().get(ThisDN)).contains("5003");
    f.given(ready("5002", AgentWorkMode.ManualIn));
    ConnId second =
        f.when(inbound("+14155550101", "7001"))
            .event("7001", EventQueued)
            .event("7001", EventDiverted, ThirdPartyDN, "5002")
            .event("5002", EventRinging, ThisQueue, "7001")
            .noMore()
            .connId();
    assertThat(second).isNotEqualTo(c);
  }

  @Test
  void callerAbandonsWhileQueued() {
    ConnId c = f.given(makeCall("5001", "7002")).connId().orElseThrow();
    f.when(release("5001", c))
        .event("5001", EventReleased, OtherDN, "7002", Attribute.CallState, CallState.Ok)
        .event(
            "7002",
            EventAbandoned,
            ThisDN,
            "7002",
            ThisQueue,
            "7002",
            OtherDN,
            "5001",
            Attribute.CallState,
            CallState.Ok)
        .noMore();
  }

  @Test
  void severalQueuesAnIvrPortAndThenAnAgent() {
    // VM "Multiple queue call treated at IVR queue": queued in 7010 and its overflow queues 7011
    // and 7012; the IVR port of 7012 takes the call converse-on until an agent of 7010 is Ready.
    f.given(login("5002", "1002", "7010", AgentWorkMode.ManualIn));
    ConnId c =
        f.when(makeCall("5001", "7010"))
            .event("5001", EventDialing, OtherDN, "7010")
            .event("7010", EventQueued, ThisQueue, "7010", OtherDN, "5001")
            .event("7011", EventQueued, ThisQueue, "7011", OtherDN, "5001")
            .event("7012", EventQueued, ThisQueue, "7012", OtherDN, "5001")
            .event(
                "7012",
                EventDiverted,
                ThirdPartyDN,
                "9001",
                Attribute.CallState,
                CallState.ConverseOn)
            .event(
                "9001",
                EventRinging,
                ThisQueue,
                "7012",
                OtherDN,
                "5001",
                Attribute.CallState,
                CallState.ConverseOn)
            .noMore()
            .connId();
    f.when(answer("9001", c))
        // EventEstablished alone: no reference table shows EventTreatmentRequired here
        .event("9001", EventEstablished, ThisQueue, "7012", OtherDN, "5001")
        .noMore();
    f.when(ready("5002", AgentWorkMode.ManualIn))
        .event("5002", EventAgentReady)
        .event("7010", EventDiverted, ThirdPartyDN, "5002")
        .event("7011", EventDiverted, ThirdPartyDN, "5002")
        .event("9001", EventReleased, ThisQueue, "7012", OtherDN, "5001")
        .event("5002", EventRinging, ThisQueue, "7010", OtherDN, "5001")
        .noMore();
    f.when(answer("5002", c))
        .event("5001", EventEstablished, OtherDN, "5002", Attribute.CallState, CallState.Ok)
        .event("5002", EventEstablished, ThisQueue, "7010")
        .noMore();
  }

  @Test
  void callerAbandonsWhileAtTheIvrAndQueued() {
    ConnId c = f.given(makeCall("5001", "7010")).connId().orElseThrow();
    f.given(answer("9001", c));
    f.when(release("5001", c))
        .event("5001", EventReleased, OtherDN, "7010")
        .event("7010", EventAbandoned)
        .event("7011", EventAbandoned)
        // the IVR queue too: its port held the call for treatment (VM, Working with queues)
        .event("7012", EventAbandoned, ThisQueue, "7012", OtherDN, "5001")
        .event("9001", EventReleased, ThisQueue, "7012")
        .noMore();
  }

  @Test
  void noAnswerMakesTheAgentNotReadyAndRequeuesTheCall() {
    agent("5002", "1002", "7001", AgentWorkMode.ManualIn);
    agent("5003", "1003", "7001", AgentWorkMode.ManualIn);
    ConnId c = f.given(inbound(CALLER, "7001")).connId().orElseThrow();
    f.clock.advance(Duration.ofSeconds(9));
    f.when(new Advance(Duration.ofSeconds(9))).noMore();
    f.clock.advance(Duration.ofSeconds(1));
    f.when(new Advance(Duration.ofSeconds(1)))
        .event("5002", EventReleased, ConnID, c, Attribute.CallState, CallState.NoAnswer)
        .event("5002", EventAgentNotReady, Attribute.AgentWorkMode, AgentWorkMode.AuxWork)
        .event("7001", EventQueued)
        .event("7001", EventDiverted, ThirdPartyDN, "5003")
        .event("5003", EventRinging, ThisQueue, "7001")
        .noMore();
    assertThat(f.all.get(f.all.size() - 1).event().time().seconds())
        .isEqualTo(EngineFixture.START.plusSeconds(10).getEpochSecond());
  }

  @Test
  void afterCallWorkForManualInAndAutoIn() {
    agent("5002", "1002", "7001", AgentWorkMode.ManualIn);
    ConnId c = f.given(inbound(CALLER, "7001")).connId().orElseThrow();
    f.given(answer("5002", c));
    f.when(new RemoteRelease(CALLER, c))
        .event("5002", EventReleased)
        .event("5002", EventAgentNotReady, Attribute.AgentWorkMode, AgentWorkMode.AfterCallWork)
        .noMore();
    f.clock.advance(Duration.ofSeconds(30));
    f.when(new Advance(Duration.ofSeconds(30)))
        .event("5002", EventAgentReady, Attribute.AgentWorkMode, AgentWorkMode.ManualIn)
        .noMore();

    agent("5003", "1003", "7002", AgentWorkMode.AutoIn);
    ConnId d = f.given(inbound(CALLER, "7002")).connId().orElseThrow();
    f.given(answer("5003", d));
    f.when(release("5003", d)).event("5003", EventReleased).noMore();
    f.when(inbound(CALLER, "7002"))
        .event("7002", EventQueued)
        .event("7002", EventDiverted, ThirdPartyDN, "5003");
  }

  @Test
  void routingPointRoutesACallToAnAgent() {
    ConnId c =
        f.when(inbound(CALLER, "8002", KVList.of("Segment", "Gold")))
            .event("8002", EventQueued, ThisDN, "8002", ThisQueue, "8002", OtherDN, CALLER)
            .event(
                "8002",
                EventRouteRequest,
                ThisDN,
                "8002",
                ThisQueue,
                "8002",
                OtherDN,
                CALLER,
                OtherDNRole,
                DNRole.Origination,
                Attribute.CallType,
                CallType.Inbound,
                UserData,
                KVList.of("Segment", "Gold"))
            .noMore()
            .connId();
    f.when(update("8002", c, KVList.of("Route", "sales")))
        .event("8002", EventAttachedDataChanged, ThisDN, "8002", ThirdPartyDN, "8002")
        .noMore();
    f.when(new RequestRouteCall("8002", c, "5001", KVList.EMPTY, NONE))
        .event(
            "8002",
            EventRouteUsed,
            ThisQueue,
            "8002",
            ThirdPartyDN,
            "5001",
            ThirdPartyDNRole,
            DNRole.Destination)
        .event(
            "8002",
            EventDiverted,
            ThisQueue,
            "8002",
            ThirdPartyDN,
            "5001",
            ThirdPartyDNRole,
            DNRole.Destination)
        .event(
            "5001",
            EventRinging,
            ThisQueue,
            "8002",
            OtherDN,
            CALLER,
            Attribute.CallState,
            CallState.Ok,
            UserData,
            KVList.of("Segment", "Gold", "Route", "sales"))
        .noMore();
    f.when(answer("5001", c)).event("5001", EventEstablished, ThisQueue, "8002").noMore();
  }

  @Test
  void defaultRoutingAfterTheRouteTimeoutAndAbandonOnARoutingPoint() {
    agent("5002", "1002", "7001", AgentWorkMode.ManualIn);
    ConnId c = f.given(makeCall("5001", "8001")).connId().orElseThrow();
    f.clock.advance(Duration.ofSeconds(20));
    f.when(new Advance(Duration.ofSeconds(20)))
        .event("8001", EventRouteUsed, ThirdPartyDN, "7001", ReferenceID, ABSENT)
        .event("8001", EventDiverted, ThirdPartyDN, "7001")
        .event("7001", EventQueued)
        .event("7001", EventDiverted, ThirdPartyDN, "5002")
        .event("5002", EventRinging, ThisQueue, "7001", ConnID, c)
        .noMore();
    ConnId d = f.given(makeCall("5003", "8002")).connId().orElseThrow();
    f.when(release("5003", d))
        .event("5003", EventReleased, OtherDN, "8002")
        .event("8002", EventAbandoned, ThisQueue, "8002")
        .noMore();
  }

  @Test
  void routingToAnExternalNumber() {
    ConnId c = f.given(makeCall("5001", "8002")).connId().orElseThrow();
    f.when(new RequestRouteCall("8002", c, "+442071234567", KVList.EMPTY, NONE))
        .event("8002", EventRouteUsed, ThirdPartyDN, "+442071234567")
        .event("8002", EventDiverted, ThirdPartyDN, "+442071234567")
        .event("5001", EventNetworkReached)
        .noMore();
    f.when(new RemoteAnswer("+442071234567", c))
        .event("5001", EventEstablished, OtherDN, "+442071234567");
  }

  @Test
  void treatmentsOnARoutingPoint() {
    ConnId c = f.given(inbound(CALLER, "8002")).connId().orElseThrow();
    f.when(
            new RequestApplyTreatment(
                "8002", c, TreatmentType.CollectDigits, KVList.of("MaxDigits", 4L), NONE))
        .event(
            "8002",
            EventTreatmentApplied,
            ThisDN,
            "8002",
            ThisDNRole,
            DNRole.Destination,
            Attribute.TreatmentType,
            io.switchboard.model.TreatmentType.CollectDigits,
            TreatmentParms,
            KVList.of("MaxDigits", 4L),
            CustomerID,
            "acme",
            Extensions,
            KVList.EMPTY)
        .noMore();
    f.when(new TreatmentEnd("8002", c, Optional.of("1234")))
        .event(
            "8002",
            EventTreatmentEnd,
            Attribute.TreatmentType,
            io.switchboard.model.TreatmentType.CollectDigits,
            CollectedDigits,
            "1234",
            LastCollectedDigit,
            "4",
            CustomerID,
            "acme")
        .noMore();
    f.when(
            new RequestApplyTreatment(
                "8002", c, TreatmentType.Music, KVList.of("MUSIC_DN", "9999"), NONE))
        .event("8002", EventTreatmentApplied);
    f.when(new TreatmentEnd("8002", c, Optional.empty()))
        .rejected(ErrorCode.InvalidPartyState, "8002");
    f.when(
        new RequestApplyTreatment(
            "8002", c, TreatmentType.PlayAnnouncement, KVList.of("Prompt", "hello"), NONE));
    // the treatments that collect digits are named in their catalog order, the same in every run
    assertThat(
            f.when(new TreatmentEnd("8002", c, Optional.of("12")))
                .rejected(ErrorCode.InvalidPartyState, "8002"))
        .endsWith(
            "give CollectedDigits only for [CollectDigits, PlayAnnouncementAndDigits,"
                + " VerifyDigits, TextToSpeechAndDigits]");
    f.when(new RequestApplyTreatment("8002", c, TreatmentType.PlayApplication, KVList.EMPTY, NONE))
        .event(
            "8002",
            EventTreatmentNotApplied,
            Attribute.ErrorCode,
            302L,
            Attribute.TreatmentType,
            io.switchboard.model.TreatmentType.PlayApplication)
        .noMore();
    f.when(new RequestApplyTreatment("5001", c, TreatmentType.Music, KVList.EMPTY, NONE))
        .rejected(io.switchboard.engine.ErrorCode.WrongDNType, "5001");
  }

  @Test
  void aConsultationToAQueueCarriesPreviousConnId() {
    ConnId c1 = f.given(makeCall("5001", "5003")).connId().orElseThrow();
    f.given(answer("5003", c1));
    f.when(new RequestInitiateTransfer("5003", c1, "8002", KVList.EMPTY, NONE))
        .event("5003", EventHeld)
        .event("5003", EventDialing, Attribute.CallType, CallType.Consult, PreviousConnID, c1)
        .event(
            "8002",
            EventQueued,
            Attribute.CallType,
            CallType.Consult,
            PreviousConnID,
            c1,
            CallThreadID,
            c1.hex())
        .event("8002", EventRouteRequest, PreviousConnID, c1, OtherDN, "5003")
        .noMore();
  }
}
