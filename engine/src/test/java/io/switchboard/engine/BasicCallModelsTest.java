package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.ABSENT;
import static io.switchboard.engine.Steps.*;
import static io.switchboard.model.Attribute.ANI;
import static io.switchboard.model.Attribute.AgentID;
import static io.switchboard.model.Attribute.CallID;
import static io.switchboard.model.Attribute.CallThreadID;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.CustomerID;
import static io.switchboard.model.Attribute.DNIS;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.Server;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.Attribute.UserData;
import static io.switchboard.model.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.KVList;
import io.switchboard.model.request.RemoteAnswer;
import io.switchboard.model.request.RemoteBusy;
import io.switchboard.model.request.RemoteRelease;
import org.junit.jupiter.api.Test;

/**
 * The basic call models and their abnormal flows, and the release phase.
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/BasicCallModels">VM:
 *     Basic call models</a>
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/ReleaseCalls">VM:
 *     Releasing calls</a>
 */
class BasicCallModelsTest {
  final EngineFixture f = EngineFixture.withExtensions("5001", "5002");

  @Test
  void internalCall() {
    ConnId c =
        f.when(makeCall("5001", "5002"))
            .event(
                "5001",
                EventDialing,
                ConnID,
                new ConnId(0x1000, "acme"),
                ThisDN,
                "5001",
                ThisDNRole,
                DNRole.Origination,
                OtherDN,
                "5002",
                OtherDNRole,
                DNRole.Destination,
                Attribute.CallType,
                CallType.Internal,
                CallThreadID,
                "0000000000001000")
            .event(
                "5002",
                EventRinging,
                ThisDN,
                "5002",
                ThisDNRole,
                DNRole.Destination,
                OtherDN,
                "5001",
                OtherDNRole,
                DNRole.Origination,
                Attribute.CallState,
                CallState.Ok,
                Attribute.CallType,
                CallType.Internal)
            .noMore()
            .connId();
    f.when(answer("5002", c))
        .event(
            "5001",
            EventEstablished,
            ConnID,
            c,
            ThisDN,
            "5001",
            ThisDNRole,
            DNRole.Origination,
            OtherDN,
            "5002",
            OtherDNRole,
            DNRole.Destination)
        .event(
            "5002",
            EventEstablished,
            ConnID,
            c,
            ThisDN,
            "5002",
            ThisDNRole,
            DNRole.Destination,
            OtherDN,
            "5001",
            OtherDNRole,
            DNRole.Origination)
        .noMore();
  }

  @Test
  void everyCallEventCarriesTheEnvelope() {
    f.when(makeCall("5001", "5002"));
    for (Delivery d : f.all) {
      assertThat(d.event().string(Server)).contains("switchboard");
      assertThat(d.event().string(CustomerID)).contains("acme");
      assertThat(d.event().time().seconds()).isEqualTo(EngineFixture.START.getEpochSecond());
      assertThat(d.event().time().useconds()).isEqualTo(123456);
      assertThat(d.event().get(CallID)).contains(1L);
    }
  }

  @Test
  void callerReleasesBeforeTheDestinationIsAlerted() {
    // an external destination has not answered: only the caller hears of the release
    ConnId c = f.when(makeCall("5001", "+14155550100")).connId();
    f.when(release("5001", c))
        .event(
            "5001",
            EventReleased,
            ConnID,
            c,
            ThisDN,
            "5001",
            ThisDNRole,
            DNRole.Origination,
            Attribute.CallState,
            CallState.Ok)
        .noMore();
    assertThat(f.engine.callsInProgress()).isZero();
  }

  @Test
  void destinationBusy() {
    f.given(makeCall("5002", "+14155550111"));
    f.when(makeCall("5001", "5002"))
        .event("5001", EventDialing)
        .event(
            "5001",
            EventDestinationBusy,
            ThisDN,
            "5001",
            ThisDNRole,
            DNRole.Origination,
            OtherDN,
            "5002",
            Attribute.CallState,
            CallState.Busy)
        .noMore();
  }

  @Test
  void externalDestinationBusyThenCallerHangsUp() {
    ConnId c =
        f.when(makeCall("5001", "+14155550100"))
            .event(
                "5001",
                EventDialing,
                Attribute.CallType,
                CallType.Outbound,
                OtherDN,
                "+14155550100")
            .event("5001", EventNetworkReached, OtherDN, "+14155550100")
            .noMore()
            .connId();
    f.when(new RemoteBusy("+14155550100", c))
        .event(
            "5001",
            EventDestinationBusy,
            Attribute.CallState,
            CallState.Busy,
            OtherDN,
            "+14155550100")
        .noMore();
    f.when(release("5001", c))
        .event("5001", EventReleased, Attribute.CallState, CallState.Ok)
        .noMore();
    assertThat(f.engine.callsInProgress()).isZero();
  }

  @Test
  void callerHangsUpWhileTheDestinationRings() {
    ConnId c = f.given(makeCall("5001", "5002")).connId().orElseThrow();
    f.when(release("5001", c))
        .event(
            "5001",
            EventReleased,
            ThisDN,
            "5001",
            ThisDNRole,
            DNRole.Origination,
            OtherDN,
            "5002",
            OtherDNRole,
            DNRole.Destination,
            Attribute.CallState,
            CallState.Ok)
        .event(
            "5002",
            EventAbandoned,
            ThisDN,
            "5002",
            ThisDNRole,
            DNRole.Destination,
            OtherDN,
            "5001",
            Attribute.CallState,
            CallState.Ok)
        .noMore();
  }

  @Test
  void releasePhase() {
    ConnId c = f.given(makeCall("5001", "5002")).connId().orElseThrow();
    f.given(answer("5002", c));
    f.when(release("5001", c))
        .event(
            "5001",
            EventReleased,
            ThisDN,
            "5001",
            OtherDN,
            "5002",
            Attribute.CallState,
            CallState.Ok)
        .event(
            "5002",
            EventReleased,
            ThisDN,
            "5002",
            OtherDN,
            "5001",
            Attribute.CallState,
            CallState.Ok)
        .noMore();
    assertThat(f.engine.callsInProgress()).isZero();
  }

  @Test
  void inboundCallAnsweredAndReleasedByTheNetwork() {
    ConnId c =
        f.when(inbound("+14155550100", "5001", KVList.of("Segment", "Gold")))
            .event(
                "5001",
                EventRinging,
                ThisDN,
                "5001",
                ThisDNRole,
                DNRole.Destination,
                OtherDN,
                "+14155550100",
                OtherDNRole,
                DNRole.Origination,
                Attribute.CallType,
                CallType.Inbound,
                ANI,
                "+14155550100",
                DNIS,
                "5001",
                UserData,
                KVList.of("Segment", "Gold"),
                Attribute.CallState,
                CallState.Ok)
            .noMore()
            .connId();
    f.when(answer("5001", c)).event("5001", EventEstablished, OtherDN, "+14155550100").noMore();
    f.when(new RemoteRelease("+14155550100", c))
        .event(
            "5001",
            EventReleased,
            OtherDN,
            "+14155550100",
            Attribute.CallState,
            CallState.Ok,
            UserData,
            KVList.of("Segment", "Gold"))
        .noMore();
  }

  @Test
  void inboundCallAbandonedWhileRinging() {
    ConnId c = f.given(inbound("+14155550100", "5001")).connId().orElseThrow();
    f.when(new RemoteRelease("+14155550100", c))
        .event("5001", EventAbandoned, OtherDN, "+14155550100", Attribute.CallState, CallState.Ok)
        .noMore();
  }

  @Test
  void outboundCallAnsweredByTheNetwork() {
    ConnId c = f.given(makeCall("5001", "+14155550100")).connId().orElseThrow();
    f.when(new RemoteAnswer("+14155550100", c))
        .event("5001", EventEstablished, OtherDN, "+14155550100", OtherDNRole, DNRole.Destination)
        .noMore();
    f.when(release("5001", c)).event("5001", EventReleased, OtherDN, "+14155550100").noMore();
  }

  @Test
  void destinationRejectsARingingCall() {
    ConnId c = f.given(makeCall("5001", "5002")).connId().orElseThrow();
    f.when(release("5002", c))
        .event("5002", EventReleased, Attribute.CallState, CallState.Ok)
        .event("5001", EventReleased, Attribute.CallState, CallState.Ok, OtherDN, "5002")
        .noMore();
  }

  @Test
  void eventsWithoutAgentCarryNoAgentId() {
    f.when(makeCall("5001", "5002")).event("5001", EventDialing, AgentID, ABSENT);
  }
}
