package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.ABSENT;
import static io.switchboard.engine.Steps.*;
import static io.switchboard.model.Attribute.CallThreadID;
import static io.switchboard.model.Attribute.Cause;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.OtherDNRole;
import static io.switchboard.model.Attribute.PreviousConnID;
import static io.switchboard.model.Attribute.ReferenceID;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThirdPartyDNRole;
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
import io.switchboard.model.request.*;
import org.junit.jupiter.api.Test;

/**
 * Transfers and conferences: two-step (after and before answer), single-step, mute, conference,
 * release from and deletion from a conference, redirect, alternate, reconnect, listen, mute.
 *
 * @see <a
 *     href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/HoldTransferConference">VM:
 *     Holding, transferring, and conferencing</a>
 */
class TransferConferenceModelsTest {
  static final RequestAttributes NONE = RequestAttributes.NONE;
  final EngineFixture f = EngineFixture.withExtensions("5001", "5002", "5003", "5004");

  ConnId established(String a, String b, KVList data) {
    ConnId c = f.given(makeCall(a, b, data)).connId().orElseThrow();
    f.given(answer(b, c));
    return c;
  }

  @Test
  void twoStepTransferCompletedAfterTheConsultedPartyAnswers() {
    ConnId c1 = established("5001", "5002", KVList.of("Segment", "Gold"));
    ConnId c2 =
        f.when(new RequestInitiateTransfer("5002", c1, "5003", KVList.EMPTY, NONE))
            .event("5002", EventHeld, ConnID, c1, OtherDN, "5001")
            .event(
                "5002",
                EventDialing,
                ConnID,
                c2(),
                ThisDNRole,
                DNRole.Origination,
                OtherDN,
                "5003",
                OtherDNRole,
                DNRole.Destination,
                Attribute.CallType,
                CallType.Consult,
                PreviousConnID,
                c1,
                CallThreadID,
                c1.hex(),
                UserData,
                KVList.of("Segment", "Gold"))
            .event(
                "5003",
                EventRinging,
                ConnID,
                c2(),
                ThisDNRole,
                DNRole.Destination,
                OtherDN,
                "5002",
                Attribute.CallType,
                CallType.Consult,
                PreviousConnID,
                c1,
                Attribute.CallState,
                CallState.Ok,
                CallThreadID,
                c1.hex())
            .noMore()
            .connId();
    f.when(answer("5003", c2))
        .event(
            "5002",
            EventEstablished,
            ConnID,
            c2,
            Attribute.CallType,
            CallType.Consult,
            PreviousConnID,
            c1)
        .event(
            "5003",
            EventEstablished,
            ConnID,
            c2,
            Attribute.CallType,
            CallType.Consult,
            PreviousConnID,
            c1)
        .noMore();
    f.when(new RequestCompleteTransfer("5002", c1, c2, NONE))
        .event(
            "5002",
            EventReleased,
            ConnID,
            c2,
            OtherDN,
            "5003",
            Attribute.CallState,
            CallState.Transferred)
        .event(
            "5002",
            EventReleased,
            ConnID,
            c1,
            OtherDN,
            "5001",
            Attribute.CallState,
            CallState.Transferred)
        .event(
            "5001",
            EventPartyChanged,
            ConnID,
            c1,
            PreviousConnID,
            c1,
            ThisDNRole,
            DNRole.Origination,
            OtherDN,
            "5003",
            OtherDNRole,
            DNRole.Destination,
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.TransferredBy,
            Attribute.CallState,
            CallState.Transferred)
        .event(
            "5003",
            EventPartyChanged,
            ConnID,
            c1,
            PreviousConnID,
            c2,
            ThisDNRole,
            DNRole.Destination,
            OtherDN,
            "5001",
            OtherDNRole,
            DNRole.Origination,
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.TransferredBy,
            Attribute.CallState,
            CallState.Transferred,
            CallThreadID,
            c1.hex())
        .noMore();
    // the original ConnID survives, with its user data, and the consultation call is gone
    f.when(release("5003", c1))
        .event(
            "5003",
            EventReleased,
            ConnID,
            c1,
            OtherDN,
            "5001",
            UserData,
            KVList.of("Segment", "Gold"))
        .event("5001", EventReleased, ConnID, c1, OtherDN, "5003")
        .noMore();
    assertThat(f.engine.callsInProgress()).isZero();
  }

  private static ConnId c2() {
    return new ConnId(0x1001, "acme");
  }

  @Test
  void twoStepTransferCompletedWhileTheConsultedPartyRings() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    ConnId c2 =
        f.given(new RequestInitiateTransfer("5002", c1, "5003", KVList.EMPTY, NONE))
            .connId()
            .orElseThrow();
    f.when(new RequestCompleteTransfer("5002", c1, c2, NONE))
        .event("5002", EventReleased, ConnID, c2, Attribute.CallState, CallState.Transferred)
        .event("5002", EventReleased, ConnID, c1, Attribute.CallState, CallState.Transferred)
        .event("5001", EventPartyChanged, PreviousConnID, c1, OtherDN, "5003", ThirdPartyDN, "5002")
        .event("5003", EventPartyChanged, ConnID, c1, PreviousConnID, c2, OtherDN, "5001")
        .noMore();
    f.when(answer("5003", c1))
        .event("5003", EventEstablished, ConnID, c1, OtherDN, "5001")
        .event("5001", EventEstablished, ConnID, c1, OtherDN, "5003")
        .noMore();
  }

  @Test
  void dataAttachedDuringTheConsultationFollowsTheTransferredCall() {
    ConnId c1 = established("5001", "5002", KVList.of("Segment", "Gold"));
    ConnId c2 =
        f.given(
                new RequestInitiateTransfer(
                    "5002", c1, "5003", KVList.of("Reason", "billing"), NONE))
            .connId()
            .orElseThrow();
    f.given(update("5002", c2, KVList.of("Note", "verified")));
    f.when(new RequestCompleteTransfer("5002", c1, c2, NONE))
        .event("5002", EventReleased)
        .event("5002", EventReleased)
        .event(
            "5001",
            EventPartyChanged,
            UserData,
            KVList.of("Segment", "Gold", "Reason", "billing", "Note", "verified"));
  }

  @Test
  void muteTransferIsAConsultationCompletedAtOnce() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    f.when(new RequestMuteTransfer("5002", c1, "5003", NONE))
        .event("5002", EventHeld, ConnID, c1)
        .event("5002", EventDialing, Attribute.CallType, CallType.Consult)
        .event("5003", EventRinging, Attribute.CallType, CallType.Consult)
        .event("5002", EventReleased, Attribute.CallState, CallState.Transferred)
        .event("5002", EventReleased, ConnID, c1, Attribute.CallState, CallState.Transferred)
        .event("5001", EventPartyChanged, ConnID, c1, OtherDN, "5003")
        .event("5003", EventPartyChanged, ConnID, c1)
        .noMore();
    f.when(answer("5003", c1))
        .event("5003", EventEstablished)
        .event("5001", EventEstablished)
        .noMore();
  }

  @Test
  void singleStepTransfer() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    f.when(new RequestSingleStepTransfer("5002", c1, "5003", NONE))
        .event(
            "5002",
            EventReleased,
            ConnID,
            c1,
            Attribute.CallState,
            CallState.Transferred,
            ThirdPartyDN,
            "5003",
            ThirdPartyDNRole,
            DNRole.Destination,
            Cause,
            "1stepTransfer")
        .event(
            "5003",
            EventRinging,
            ConnID,
            c1,
            ThisDNRole,
            DNRole.Destination,
            OtherDN,
            "5001",
            Attribute.CallState,
            CallState.Transferred)
        .event(
            "5001",
            EventPartyChanged,
            ConnID,
            c1,
            PreviousConnID,
            c1,
            OtherDN,
            "5003",
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.TransferredBy,
            Attribute.CallState,
            CallState.Transferred)
        .noMore();
    f.when(answer("5003", c1)).event("5003", EventEstablished, OtherDN, "5001").noMore();
  }

  @Test
  void twoStepConference() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    ConnId c2 =
        f.given(new RequestInitiateConference("5002", c1, "5003", KVList.EMPTY, NONE))
            .connId()
            .orElseThrow();
    f.given(answer("5003", c2));
    f.when(new RequestCompleteConference("5002", c1, c2, NONE))
        .event("5002", EventRetrieved, ConnID, c1, Attribute.CallState, CallState.Conferenced)
        .event("5002", EventReleased, ConnID, c2, Attribute.CallState, CallState.Conferenced)
        .event(
            "5001",
            EventPartyAdded,
            ConnID,
            c1,
            ThisDNRole,
            DNRole.ConferenceMember,
            OtherDN,
            "5003",
            OtherDNRole,
            DNRole.NewParty,
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.AddedBy,
            Attribute.CallState,
            CallState.Conferenced)
        .event(
            "5002",
            EventPartyAdded,
            ConnID,
            c1,
            ThisDNRole,
            DNRole.ConferenceMember,
            OtherDN,
            "5003",
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.AddedBy)
        .event(
            "5003",
            EventPartyChanged,
            ConnID,
            c1,
            PreviousConnID,
            c2,
            ThisDNRole,
            DNRole.ConferenceMember,
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.ConferencedBy,
            Attribute.CallState,
            CallState.Conferenced,
            OtherDN,
            ABSENT)
        .noMore();
    // release from a conference of three: the others see the party deleted, two remain (CallState
    // Ok)
    f.when(release("5002", c1))
        .event(
            "5001",
            EventPartyDeleted,
            OtherDN,
            "5002",
            OtherDNRole,
            DNRole.DeletedParty,
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.DeletedBy,
            Attribute.CallState,
            CallState.Ok)
        .event("5002", EventReleased, Attribute.CallState, CallState.Ok)
        .event(
            "5003",
            EventPartyDeleted,
            OtherDN,
            "5002",
            ThirdPartyDN,
            "5002",
            Attribute.CallState,
            CallState.Ok)
        .noMore();
    f.when(release("5001", c1)).event("5001", EventReleased).event("5003", EventReleased).noMore();
  }

  @Test
  void singleStepConferenceThenDeleteFromConference() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    f.when(new RequestSingleStepConference("5002", c1, "5003", NONE))
        .event(
            "5003",
            EventRinging,
            ThisDNRole,
            DNRole.ConferenceMember,
            Attribute.CallState,
            CallState.Ok)
        .event(
            "5001",
            EventPartyAdded,
            OtherDN,
            "5003",
            OtherDNRole,
            DNRole.NewParty,
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.AddedBy,
            Attribute.CallState,
            CallState.Conferenced)
        .event(
            "5002",
            EventPartyAdded,
            OtherDN,
            "5003",
            ReferenceID,
            f.all.get(f.all.size() - 1).event().get(ReferenceID).orElseThrow())
        .noMore();
    f.when(answer("5003", c1))
        .event("5003", EventEstablished, ThisDNRole, DNRole.ConferenceMember)
        .noMore();
    f.given(new RequestSingleStepConference("5002", c1, "5004", NONE));
    f.given(answer("5004", c1));
    f.when(new RequestDeleteFromConference("5001", c1, "5002", NONE))
        .event(
            "5001",
            EventPartyDeleted,
            OtherDN,
            "5002",
            ThirdPartyDN,
            "5001",
            ThirdPartyDNRole,
            DNRole.DeletedBy,
            Attribute.CallState,
            CallState.Conferenced)
        .event("5002", EventReleased, Attribute.CallState, CallState.Ok)
        .event(
            "5003",
            EventPartyDeleted,
            ThirdPartyDN,
            "5001",
            Attribute.CallState,
            CallState.Conferenced)
        .event(
            "5004",
            EventPartyDeleted,
            ThirdPartyDN,
            "5001",
            Attribute.CallState,
            CallState.Conferenced)
        .noMore();
  }

  @Test
  void listenDisconnectAndReconnectInAConference() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    f.given(new RequestSingleStepConference("5002", c1, "5003", NONE));
    f.given(answer("5003", c1));
    f.when(new RequestListenDisconnect("5001", c1, "5003", NONE))
        .event(
            "5001",
            EventListenDisconnected,
            ConnID,
            c1,
            OtherDN,
            "5003",
            OtherDNRole,
            DNRole.ConferenceMember,
            ThirdPartyDN,
            "5003",
            ThirdPartyDNRole,
            DNRole.ConferenceMember,
            Attribute.CallState,
            CallState.Held)
        .noMore();
    f.when(new RequestListenDisconnect("5001", c1, "5003", NONE))
        .rejected(ErrorCode.InvalidPartyState, "5001");
    f.when(new RequestListenReconnect("5001", c1, "5003", NONE))
        .event("5001", EventListenReconnected, Attribute.CallState, CallState.Ok)
        .noMore();
  }

  @Test
  void redirectARingingCall() {
    ConnId c1 = f.given(makeCall("5001", "5002")).connId().orElseThrow();
    f.when(new RequestRedirectCall("5002", c1, "5003", NONE))
        .event(
            "5002",
            EventReleased,
            Attribute.CallState,
            CallState.Redirected,
            ThirdPartyDN,
            "5003",
            ThirdPartyDNRole,
            DNRole.Destination)
        .event(
            "5003",
            EventRinging,
            ThisDNRole,
            DNRole.Destination,
            Attribute.CallState,
            CallState.Redirected,
            OtherDN,
            "5001")
        .noMore();
    f.when(answer("5003", c1))
        .event("5001", EventEstablished, OtherDN, "5003")
        .event("5003", EventEstablished);
  }

  @Test
  void alternateAndReconnect() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    ConnId c2 =
        f.given(new RequestInitiateTransfer("5002", c1, "5003", KVList.EMPTY, NONE))
            .connId()
            .orElseThrow();
    f.given(answer("5003", c2));
    f.when(new RequestAlternateCall("5002", c1, c2, NONE))
        .event("5002", EventHeld, ConnID, c2)
        .event("5002", EventRetrieved, ConnID, c1, Attribute.CallState, CallState.Ok)
        .noMore();
    f.when(new RequestAlternateCall("5002", c2, c1, NONE))
        .event("5002", EventHeld, ConnID, c1)
        .event("5002", EventRetrieved, ConnID, c2);
    f.when(new RequestReconnectCall("5002", c1, c2, NONE))
        .event("5002", EventReleased, ConnID, c2)
        .event("5003", EventReleased, ConnID, c2)
        .event("5002", EventRetrieved, ConnID, c1)
        .noMore();
  }

  @Test
  void muteOnAndOff() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    f.when(new RequestSetMuteOn("5001", c1, NONE))
        .event("5001", EventMuteOn, ConnID, c1, ThisDN, "5001")
        .noMore();
    f.when(new RequestSetMuteOff("5001", c1, NONE))
        .event("5001", EventMuteOff, ConnID, c1)
        .noMore();
  }

  @Test
  void twoStepOperationsAreCheckedBeforeAnythingChanges() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    ConnId other = established("5003", "5004", KVList.EMPTY);
    f.when(new RequestCompleteTransfer("5002", c1, other, NONE))
        .rejected(ErrorCode.NotInCall, "5002");
    f.when(new RequestInitiateTransfer("5001", other, "5002", KVList.EMPTY, NONE))
        .rejected(ErrorCode.NotInCall, "5001");
    ConnId c2 =
        f.given(new RequestInitiateConference("5002", c1, "5003", KVList.EMPTY, NONE))
            .connId()
            .orElseThrow();
    // 5003 is busy talking to 5004: the consultation finds it busy, the conference cannot complete
    f.when(new RequestCompleteConference("5002", c1, c2, NONE))
        .rejected(ErrorCode.InvalidPartyState, "5002");
    f.when(new RequestInitiateTransfer("5002", c1, "5003", KVList.EMPTY, NONE))
        .rejected(ErrorCode.InvalidPartyState, "5002");
  }

  /** A conference of 5001, 5002 and 5003, made by 5002 with a two-step conference. */
  ConnId conferenceOfThree() {
    ConnId c1 = established("5001", "5002", KVList.EMPTY);
    ConnId c2 =
        f.given(new RequestInitiateConference("5002", c1, "5003", KVList.EMPTY, NONE))
            .connId()
            .orElseThrow();
    f.given(answer("5003", c2));
    f.given(new RequestCompleteConference("5002", c1, c2, NONE));
    return c1;
  }

  @Test
  void aMemberOfAConferenceConferencesANewParty() {
    ConnId c1 = conferenceOfThree();
    ConnId c3 =
        f.given(new RequestInitiateConference("5003", c1, "5004", KVList.EMPTY, NONE))
            .connId()
            .orElseThrow();
    f.given(answer("5004", c3));
    f.when(new RequestCompleteConference("5003", c1, c3, NONE))
        .event(
            "5003",
            EventRetrieved,
            ConnID,
            c1,
            OtherDN,
            ABSENT,
            Attribute.CallState,
            CallState.Conferenced)
        .event("5003", EventReleased, ConnID, c3, OtherDN, "5004")
        .event("5001", EventPartyAdded, ConnID, c1, OtherDN, "5004", ThirdPartyDN, "5003")
        .event("5002", EventPartyAdded, ConnID, c1, OtherDN, "5004", ThirdPartyDN, "5003")
        .event("5003", EventPartyAdded, ConnID, c1, OtherDN, "5004", ThirdPartyDN, "5003")
        .event(
            "5004",
            EventPartyChanged,
            ConnID,
            c1,
            PreviousConnID,
            c3,
            ThisDNRole,
            DNRole.ConferenceMember,
            OtherDN,
            ABSENT,
            Attribute.CallState,
            CallState.Conferenced)
        .noMore();
    // four members: a release leaves three, still a conference
    f.when(release("5001", c1))
        .event("5001", EventReleased)
        .event(
            "5002", EventPartyDeleted, OtherDN, "5001", Attribute.CallState, CallState.Conferenced)
        .event(
            "5003", EventPartyDeleted, OtherDN, "5001", Attribute.CallState, CallState.Conferenced)
        .event(
            "5004", EventPartyDeleted, OtherDN, "5001", Attribute.CallState, CallState.Conferenced)
        .noMore();
  }

  @Test
  void aMemberOfAConferenceTransfersItsPlace() {
    ConnId c1 = conferenceOfThree();
    ConnId c3 =
        f.given(new RequestInitiateTransfer("5002", c1, "5004", KVList.EMPTY, NONE))
            .connId()
            .orElseThrow();
    f.when(new RequestCompleteTransfer("5002", c1, c3, NONE))
        .event("5002", EventReleased, ConnID, c3, Attribute.CallState, CallState.Transferred)
        .event(
            "5002",
            EventReleased,
            ConnID,
            c1,
            OtherDN,
            ABSENT,
            Attribute.CallState,
            CallState.Transferred)
        .event("5001", EventPartyAdded, OtherDN, "5004", ThirdPartyDN, "5002")
        .event(
            "5001", EventPartyDeleted, OtherDN, "5002", Attribute.CallState, CallState.Conferenced)
        .event("5003", EventPartyAdded, OtherDN, "5004", ThirdPartyDN, "5002")
        .event(
            "5003", EventPartyDeleted, OtherDN, "5002", Attribute.CallState, CallState.Conferenced)
        .event(
            "5004",
            EventPartyChanged,
            ConnID,
            c1,
            PreviousConnID,
            c3,
            OtherDN,
            ABSENT,
            ThirdPartyDN,
            "5002",
            ThirdPartyDNRole,
            DNRole.TransferredBy)
        .noMore();
    // completed while 5004 was ringing: it answers into the conference
    f.when(answer("5004", c1))
        .event("5004", EventEstablished, ConnID, c1, OtherDN, ABSENT)
        .noMore();
    f.when(release("5003", c1))
        .event("5001", EventPartyDeleted, OtherDN, "5003", Attribute.CallState, CallState.Ok)
        .event("5003", EventReleased)
        .event("5004", EventPartyDeleted, OtherDN, "5003", Attribute.CallState, CallState.Ok)
        .noMore();
  }

  @Test
  void aMemberOfAConferenceTransfersItsPlaceInOneStep() {
    ConnId c1 = conferenceOfThree();
    f.when(new RequestSingleStepTransfer("5002", c1, "5004", NONE))
        .event(
            "5002",
            EventReleased,
            ConnID,
            c1,
            OtherDN,
            ABSENT,
            ThirdPartyDN,
            "5004",
            Attribute.CallState,
            CallState.Transferred,
            Cause,
            "1stepTransfer")
        .event(
            "5004",
            EventRinging,
            ThisDNRole,
            DNRole.ConferenceMember,
            OtherDN,
            ABSENT,
            Attribute.CallState,
            CallState.Transferred)
        .event("5001", EventPartyAdded, OtherDN, "5004", ThirdPartyDN, "5002")
        .event(
            "5001", EventPartyDeleted, OtherDN, "5002", Attribute.CallState, CallState.Conferenced)
        .event("5003", EventPartyAdded, OtherDN, "5004", ThirdPartyDN, "5002")
        .event(
            "5003", EventPartyDeleted, OtherDN, "5002", Attribute.CallState, CallState.Conferenced)
        .noMore();
    f.when(answer("5004", c1)).event("5004", EventEstablished, OtherDN, ABSENT).noMore();
    // a member cannot hand its place to a party already in the conference
    f.when(new RequestSingleStepTransfer("5004", c1, "5001", NONE))
        .rejected(ErrorCode.InvalidDestination, "5004");
  }
}
