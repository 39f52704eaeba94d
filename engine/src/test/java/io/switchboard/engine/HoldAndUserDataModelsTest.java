package io.switchboard.engine;

import static io.switchboard.engine.EngineFixture.ABSENT;
import static io.switchboard.engine.Steps.*;
import static io.switchboard.model.Attribute.ConnID;
import static io.switchboard.model.Attribute.OtherDN;
import static io.switchboard.model.Attribute.ThirdPartyDN;
import static io.switchboard.model.Attribute.ThisDN;
import static io.switchboard.model.Attribute.ThisDNRole;
import static io.switchboard.model.Attribute.ThisQueue;
import static io.switchboard.model.Attribute.UserData;
import static io.switchboard.model.EventType.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.KVList;
import org.junit.jupiter.api.Test;

/**
 * Hold and retrieve, and the two user-data scenarios.
 *
 * @see <a
 *     href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/HoldTransferConference">VM:
 *     Holding, transferring, and conferencing</a>
 * @see <a href="https://all.docs.genesys.com/VM/Current/VMEventsandModels/HandlingUserData">VM:
 *     Handling user data</a>
 */
class HoldAndUserDataModelsTest {
  final EngineFixture f = EngineFixture.withExtensions("5001", "5002", "5003");

  private ConnId established(String a, String b) {
    ConnId c = f.given(makeCall(a, b)).connId().orElseThrow();
    f.given(answer(b, c));
    return c;
  }

  @Test
  void holdRetrieveWithAConsultedPartyThatAnswers() {
    ConnId c1 = established("5001", "5002");
    f.when(hold("5002", c1))
        .event(
            "5002",
            EventHeld,
            ConnID,
            c1,
            ThisDN,
            "5002",
            ThisDNRole,
            DNRole.Destination,
            OtherDN,
            "5001")
        .noMore();
    ConnId c2 =
        f.when(makeCall("5002", "5003"))
            .event("5002", EventDialing)
            .event("5003", EventRinging)
            .connId();
    assertThat(c2).isNotEqualTo(c1);
    f.when(answer("5003", c2))
        .event("5002", EventEstablished)
        .event("5003", EventEstablished)
        .noMore();
    f.when(release("5002", c2)).event("5002", EventReleased).event("5003", EventReleased).noMore();
    f.when(retrieve("5002", c1))
        .event(
            "5002",
            EventRetrieved,
            ConnID,
            c1,
            ThisDN,
            "5002",
            ThisDNRole,
            DNRole.Destination,
            OtherDN,
            "5001",
            Attribute.CallState,
            CallState.Ok,
            ThisQueue,
            ABSENT)
        .noMore();
    f.when(release("5002", c1)).event("5002", EventReleased).event("5001", EventReleased).noMore();
  }

  @Test
  void holdRetrieveWithAConsultedPartyThatDoesNotAnswer() {
    ConnId c1 = established("5001", "5002");
    f.given(hold("5002", c1));
    ConnId c2 = f.given(makeCall("5002", "5003")).connId().orElseThrow();
    f.when(release("5002", c2))
        .event("5002", EventReleased, ConnID, c2)
        .event("5003", EventAbandoned, ConnID, c2)
        .noMore();
    f.when(retrieve("5002", c1))
        .event("5002", EventRetrieved, OtherDN, "5001", Attribute.CallState, CallState.Ok);
  }

  @Test
  void hangUpDuringHoldReleasesBothParties() {
    ConnId c1 = established("5001", "5002");
    f.given(hold("5002", c1));
    f.when(release("5001", c1))
        .event("5001", EventReleased, Attribute.CallState, CallState.Ok)
        .event("5002", EventReleased, Attribute.CallState, CallState.Ok)
        .noMore();
  }

  @Test
  void userDataUpdatedByAPartyInTheCall() {
    ConnId c = established("5001", "5002");
    KVList data = KVList.of("Disposition", "Sale");
    f.when(update("5001", c, data))
        .event(
            "5001",
            EventAttachedDataChanged,
            ConnID,
            c,
            ThisDN,
            "5001",
            ThirdPartyDN,
            "5001",
            UserData,
            data)
        .event(
            "5002",
            EventAttachedDataChanged,
            ConnID,
            c,
            ThisDN,
            "5002",
            ThirdPartyDN,
            "5001",
            UserData,
            data)
        .noMore();
    // the data then rides on every later event of the call
    f.when(release("5002", c))
        .event("5002", EventReleased, UserData, data)
        .event("5001", EventReleased, UserData, data);
  }

  @Test
  void userDataUpdatedByAThirdParty() {
    ConnId c = established("5001", "5002");
    KVList data = KVList.of("Note", "VIP");
    f.when(update("5003", c, data))
        .event("5001", EventAttachedDataChanged, ThisDN, "5001", ThirdPartyDN, "5003")
        .event("5002", EventAttachedDataChanged, ThisDN, "5002", ThirdPartyDN, "5003")
        .event(
            "5003", EventAttachedDataChanged, ThisDN, ABSENT, ThirdPartyDN, "5003", UserData, data)
        .noMore();
  }

  @Test
  void attachUpdateAndDelete() {
    ConnId c = f.given(makeCall("5001", "5002", KVList.of("A", "1"))).connId().orElseThrow();
    f.when(attach("5001", c, KVList.of("B", 2L)))
        .event("5001", EventAttachedDataChanged, UserData, KVList.of("A", "1", "B", 2L));
    f.when(update("5001", c, KVList.of("A", "x")))
        .event("5001", EventAttachedDataChanged, UserData, KVList.of("A", "x", "B", 2L));
    f.when(deletePair("5001", c, "A"))
        .event("5001", EventAttachedDataChanged, UserData, KVList.of("B", 2L));
    f.when(delete("5001", c)).event("5001", EventAttachedDataChanged, UserData, KVList.EMPTY);
  }

  @Test
  void userDataIsCarriedFromTheStartOfTheCall() {
    KVList data = KVList.of("Segment", "Gold");
    f.when(makeCall("5001", "5002", data))
        .event("5001", EventDialing, UserData, data)
        .event("5002", EventRinging, UserData, data);
  }

  @Test
  void attachedDataChangedIsNeverPublished() {
    ConnId c = established("5001", "5002");
    Outcome outcome = f.given(update("5001", c, KVList.of("K", "V")));
    assertThat(outcome.deliveries()).isNotEmpty();
    assertThat(outcome.published()).isEmpty();
  }
}
