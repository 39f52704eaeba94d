package io.switchboard.engine;

import static io.switchboard.engine.Steps.*;
import static io.switchboard.model.Attribute.AgentID;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.Extensions;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.AgentWorkMode;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.KVList;
import io.switchboard.model.MonitorNextCallType;
import io.switchboard.model.Topic;
import io.switchboard.model.request.*;
import org.junit.jupiter.api.Test;

/**
 * Service observing and supervision, and the device stimuli.
 *
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/MonitorCalls">VM:
 *     Monitoring calls</a>
 */
class MonitoringAndDevicesModelsTest {
  static final String CALLER = "+14155550100";
  final EngineFixture f = EngineFixture.withExtensions("5001", "5002", "5009");

  @Test
  void serviceObservingOfTheNextCall() {
    f.given(login("5002", "1002", null, AgentWorkMode.AutoIn));
    f.when(
            new RequestMonitorNextCall(
                "5009",
                "5002",
                MonitorNextCallType.MonitorOneCall,
                new RequestAttributes(
                    0, KVList.EMPTY, KVList.of("MonitorMode", "normal", "MonitorScope", "call"))))
        .event(
            "5009",
            EventMonitoringNextCall,
            ThisDNRole,
            DNRole.Observer,
            OtherDN,
            "5002",
            OtherDNRole,
            DNRole.Destination,
            Attribute.MonitorNextCallType,
            MonitorNextCallType.MonitorOneCall,
            Extensions,
            KVList.of("MonitorMode", "normal", "MonitorScope", "call"))
        .event(
            "5002",
            EventMonitoringNextCall,
            OtherDN,
            "5009",
            OtherDNRole,
            DNRole.Observer,
            AgentID,
            "1002")
        .noMore();
    ConnId c =
        f.when(inbound(CALLER, "5002"))
            .event(
                "5002",
                EventRinging,
                ThisDNRole,
                DNRole.Destination,
                OtherDN,
                CALLER,
                OtherDNRole,
                DNRole.Origination,
                Attribute.CallState,
                CallState.Ok)
            .noMore()
            .connId();
    f.when(answer("5002", c))
        .event("5002", EventEstablished, ThisDNRole, DNRole.Destination, OtherDN, CALLER)
        .event(
            "5009",
            EventRinging,
            ThisDNRole,
            DNRole.Observer,
            OtherDN,
            CALLER,
            OtherDNRole,
            DNRole.Origination,
            Attribute.CallState,
            CallState.Bridged)
        .event(
            "5002",
            EventPartyAdded,
            ThisDNRole,
            DNRole.Destination,
            OtherDN,
            "5009",
            OtherDNRole,
            DNRole.Observer,
            Attribute.CallState,
            CallState.Bridged)
        .event(
            "5009",
            EventEstablished,
            ThisDNRole,
            DNRole.Observer,
            OtherDN,
            CALLER,
            OtherDNRole,
            DNRole.Origination,
            Attribute.CallState,
            CallState.Bridged)
        // nothing else: no EventBridged to a service observer
        .noMore();
    f.when(release("5002", c))
        .event(
            "5002",
            EventReleased,
            ThisDNRole,
            DNRole.Destination,
            Attribute.CallState,
            CallState.Ok)
        .event(
            "5009",
            EventPartyDeleted,
            ThisDNRole,
            DNRole.Observer,
            OtherDN,
            "5002",
            OtherDNRole,
            DNRole.DeletedParty,
            Attribute.CallState,
            CallState.Ok)
        .event("5009", EventReleased, ThisDNRole, DNRole.Observer, OtherDN, CALLER)
        .event("5009", EventMonitoringCancelled, ThisDNRole, DNRole.Observer, OtherDN, "5002")
        .event("5002", EventMonitoringCancelled, OtherDN, "5009", OtherDNRole, DNRole.Observer)
        .noMore();
    // the next call is not observed any more
    ConnId d = f.given(inbound(CALLER, "5002")).connId().orElseThrow();
    f.when(answer("5002", d)).event("5002", EventEstablished).noMore();
  }

  @Test
  void theCustomerReleasesFirstWhileTheObservedAgentHolds() {
    f.given(
        new RequestMonitorNextCall(
            "5009", "5002", MonitorNextCallType.MonitorOneCall, RequestAttributes.NONE));
    ConnId c = f.given(inbound(CALLER, "5002")).connId().orElseThrow();
    f.given(answer("5002", c));
    f.given(hold("5002", c));
    f.when(new RemoteRelease(CALLER, c))
        .event(
            "5002",
            EventPartyDeleted,
            OtherDN,
            CALLER,
            OtherDNRole,
            DNRole.DeletedParty,
            Attribute.ThirdPartyDN,
            "5009",
            Attribute.ThirdPartyDNRole,
            DNRole.Observer)
        .event("5009", EventPartyDeleted, OtherDN, CALLER, OtherDNRole, DNRole.DeletedParty)
        .event("5002", EventReleased, OtherDN, "5009", Attribute.CallState, CallState.Ok)
        .event("5009", EventReleased, OtherDN, "5002", Attribute.CallState, CallState.Ok)
        .event("5009", EventMonitoringCancelled)
        .event("5002", EventMonitoringCancelled)
        .noMore();
  }

  @Test
  void cancelMonitoring() {
    f.given(
        new RequestMonitorNextCall(
            "5009", "5002", MonitorNextCallType.MonitorAllCalls, RequestAttributes.NONE));
    f.when(new RequestCancelMonitoring("5009", "5002", RequestAttributes.NONE))
        .event(
            "5009",
            EventMonitoringCancelled,
            ThisDNRole,
            DNRole.Observer,
            OtherDN,
            "5002",
            Attribute.MonitorNextCallType,
            MonitorNextCallType.MonitorAllCalls)
        .event("5002", EventMonitoringCancelled, OtherDN, "5009")
        .noMore();
    f.when(new RequestCancelMonitoring("5009", "5002", RequestAttributes.NONE))
        .rejected(ErrorCode.InvalidPartyState, "5009");
    assertThat(f.all)
        .filteredOn(d -> d.event().type().published())
        .allMatch(d -> d.event().type().topic() == Topic.AGENT_STATE);
  }

  @Test
  void deviceStimuli() {
    f.when(new DeviceOffHook("5001")).event("5001", EventOffHook, ThisDN, "5001").noMore();
    ConnId c = f.given(makeCall("5001", "5002")).connId().orElseThrow();
    f.given(answer("5002", c));
    f.when(new DeviceOnHook("5001"))
        .event("5001", EventReleased, ConnID, c)
        .event("5002", EventReleased, ConnID, c)
        .event("5001", EventOnHook, ThisDN, "5001")
        .noMore();
    f.when(new DeviceOutOfService("5002")).event("5002", EventDNOutOfService).noMore();
    f.when(makeCall("5001", "5002"))
        .event("5001", EventDialing)
        .event("5001", EventDestinationBusy)
        .noMore();
    f.when(new DeviceBackInService("5002")).event("5002", EventDNBackInService).noMore();
    f.when(new MessageWaitingOn("5002")).event("5002", EventMessageWaitingOn).noMore();
    f.when(new MessageWaitingOff("5002")).event("5002", EventMessageWaitingOff).noMore();
    f.when(new DeviceOffHook("9999")).rejected(ErrorCode.UnknownDN, "9999");
  }
}
