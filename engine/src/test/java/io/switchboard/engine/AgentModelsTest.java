package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.ABSENT;
import static io.switchboard.engine.Steps.*;
import static io.switchboard.model.Attribute.AgentID;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.Reasons;
import static io.switchboard.model.Attribute.ReferenceID;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisQueue;
import static io.switchboard.model.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.ForwardMode;
import io.switchboard.model.KVList;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.RequestCancelCallForward;
import io.switchboard.model.request.RequestSetDNDOff;
import io.switchboard.model.request.RequestSetDNDOn;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Agent login, Ready, NotReady and logout; DND and call forwarding.
 *
 * @see <a
 *     href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/AgentStateandDNEvents">VM:
 *     Agent state and DN events</a>
 */
class AgentModelsTest {
  final EngineFixture f =
      EngineFixture.withDirectory(
          new DirectoryEntry("5001", DNType.Extension),
          new DirectoryEntry("5002", DNType.Extension),
          new DirectoryEntry("7001", DNType.ACDQueue),
          new DirectoryEntry("7002", DNType.ACDQueue),
          new DirectoryEntry("8001", DNType.RoutingPoint));

  @Test
  void loginReadyNotReadyLogout() {
    f.when(login("5001", "1001", "7001", AgentWorkMode.ManualIn))
        .event(
            "5001",
            EventAgentLogin,
            ThisDN,
            "5001",
            AgentID,
            "1001",
            ThisQueue,
            "7001",
            Attribute.AgentWorkMode,
            AgentWorkMode.ManualIn,
            ReferenceID,
            1L)
        .event(
            "5001",
            EventAgentNotReady,
            ThisDN,
            "5001",
            AgentID,
            "1001",
            Attribute.AgentWorkMode,
            AgentWorkMode.Unknown)
        .noMore();
    f.when(ready("5001", AgentWorkMode.ManualIn))
        .event(
            "5001",
            EventAgentReady,
            AgentID,
            "1001",
            Attribute.AgentWorkMode,
            AgentWorkMode.ManualIn)
        .noMore();
    KVList reasons = KVList.of("ReasonCode", "Lunch");
    f.when(notReady("5001", AgentWorkMode.AfterCallWork, reasons))
        .event(
            "5001",
            EventAgentNotReady,
            AgentID,
            "1001",
            Attribute.AgentWorkMode,
            AgentWorkMode.AfterCallWork,
            Reasons,
            reasons)
        .noMore();
    f.when(logout("5001", null))
        .event("5001", EventAgentLogout, AgentID, "1001", ThisQueue, "7001")
        .noMore();
    assertThat(f.all)
        .allMatch(d -> d.event().type().topic() == io.switchboard.model.Topic.AGENT_STATE);
  }

  @Test
  void autoInLoginMakesTheAgentReady() {
    f.when(login("5001", "1001", null, AgentWorkMode.AutoIn))
        .event("5001", EventAgentLogin, ThisQueue, ABSENT)
        .event("5001", EventAgentReady, Attribute.AgentWorkMode, AgentWorkMode.AutoIn)
        .noMore();
  }

  @Test
  void severalQueuesThenQueueLogoutThenFinalLogout() {
    f.given(login("5001", "1001", "7001", AgentWorkMode.ManualIn));
    f.when(login("5001", "1001", "7002", AgentWorkMode.ManualIn))
        .event("5001", EventAgentLogin, AgentID, "1001", ThisQueue, "7002")
        .noMore();
    f.when(logout("5001", "7001"))
        .event("5001", EventQueueLogout, AgentID, "1001", ThisQueue, "7001")
        .noMore();
    f.when(logout("5001", "7002"))
        .event("5001", EventAgentLogout, AgentID, "1001", ThisQueue, "7002")
        .noMore();
  }

  @Test
  void callEventsCarryTheLoggedInAgent() {
    f.given(login("5002", "1002", null, AgentWorkMode.AutoIn));
    f.when(makeCall("5001", "5002"))
        .event("5001", EventDialing, AgentID, ABSENT)
        .event("5002", EventRinging, AgentID, "1002");
  }

  @Test
  void loginConflictsAreRejected() {
    f.given(login("5001", "1001", null, AgentWorkMode.ManualIn));
    assertThat(
            f.when(login("5001", "1002", null, AgentWorkMode.ManualIn))
                .rejected(ErrorCode.AgentLoginConflict, "5001"))
        .contains("agent 1001 is logged in on DN 5001");
    assertThat(
            f.when(login("5002", "1001", null, AgentWorkMode.ManualIn))
                .rejected(ErrorCode.AgentLoginConflict, "5002"))
        .contains("already logged in on DN 5001");
    assertThat(
            f.when(login("8001", "1003", null, AgentWorkMode.ManualIn))
                .rejected(ErrorCode.WrongDNType, "8001"))
        .contains("RoutingPoint");
    assertThat(
            f.when(login("5002", "1003", "8001", AgentWorkMode.ManualIn))
                .rejected(ErrorCode.InvalidQueue, "5002"))
        .contains("not an ACDQueue");
  }

  @Test
  void workModesMustFitTheRequest() {
    f.given(login("5001", "1001", null, AgentWorkMode.ManualIn));
    f.when(ready("5001", AgentWorkMode.AuxWork)).rejected(ErrorCode.InvalidWorkMode, "5001");
    f.when(notReady("5001", AgentWorkMode.AutoIn, KVList.EMPTY))
        .rejected(ErrorCode.InvalidWorkMode, "5001");
    f.when(ready("5002", AgentWorkMode.ManualIn)).rejected(ErrorCode.AgentNotLoggedIn, "5002");
  }

  @Test
  void doNotDisturbMakesTheDnBusy() {
    f.when(new RequestSetDNDOn("5002", RequestAttributes.NONE))
        .event("5002", EventDNDOn, ThisDN, "5002")
        .noMore();
    f.when(makeCall("5001", "5002"))
        .event("5001", EventDialing)
        .event("5001", EventDestinationBusy, Attribute.CallState, CallState.Busy)
        .noMore();
    f.when(new RequestSetDNDOff("5002", RequestAttributes.NONE))
        .event("5002", EventDNDOff)
        .noMore();
  }

  @Test
  void unconditionalForwardRingsTheForwardDestination() {
    f.when(forward("5002", "5001", ForwardMode.Unconditional))
        .event("5002", EventForwardSet, ThisDN, "5002", OtherDN, "5001")
        .noMore();
    ConnId c =
        f.when(inbound("+14155550100", "5002"))
            .event(
                "5001",
                EventRinging,
                ThisDN,
                "5001",
                Attribute.CallState,
                CallState.Forwarded,
                ThirdPartyDN,
                "5002")
            .noMore()
            .connId();
    f.when(answer("5001", c)).event("5001", EventEstablished);
    f.when(new RequestCancelCallForward("5002", RequestAttributes.NONE))
        .event("5002", EventForwardCancel)
        .noMore();
    f.when(new RequestCancelCallForward("5002", RequestAttributes.NONE))
        .rejected(ErrorCode.InvalidPartyState, "5002");
  }

  @Test
  void agentEventsEchoTheClientReferenceId() {
    f.when(
            new io.switchboard.model.request.RequestAgentLogin(
                "5001",
                "1001",
                Optional.empty(),
                AgentWorkMode.AutoIn,
                RequestAttributes.referenceId(42)))
        .event("5001", EventAgentLogin, ReferenceID, 42L)
        .event("5001", EventAgentReady, ReferenceID, 42L);
  }
}
