package io.switchboard.json;

import static io.switchboard.model.Attribute.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.Timestamp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden events built in Java, independently of the decoder: the golden file is what the encoder
 * writes for them and what the decoder reads back as them.
 */
class GoldenEventsTest {

  private static final ConnId CALL = new ConnId(0x006c02a8b7e30001L, "acme");
  private static final ConnId CONSULT = new ConnId(0x006c02a8b7e30002L, "acme");
  private static final String CALLER = "+14155550100";
  private static final KVList USER_DATA =
      KVList.of("Segment", "Gold", "AccountNumber", "4400123", "Language", "en", "Tier", 2L);

  private final EventJson codec = new EventJson();

  private static Event.Builder common(EventType type, long seconds, int useconds) {
    return Event.builder(type)
        .with(Server, "switchboard")
        .with(time, new Timestamp(1_700_000_000L + seconds, useconds))
        .with(CustomerID, "acme");
  }

  private static Event.Builder inboundCall(Event.Builder builder) {
    return builder
        .with(ConnID, CALL)
        .with(CallID, 101L)
        .with(CallThreadID, "006c02a8b7e30001")
        .with(CallType, io.switchboard.model.CallType.Inbound);
  }

  private void assertGolden(Event event) throws IOException {
    assertThat(Json.mapper().readTree(codec.encode(event)))
        .isEqualTo(GoldenFilesTest.golden(event.type()));
    assertThat(codec.fromTree(GoldenFilesTest.golden(event.type()))).isEqualTo(event);
  }

  @Test
  void eventAgentLogin() throws IOException {
    assertGolden(
        common(EventType.EventAgentLogin, 0, 125_000)
            .with(ReferenceID, 1L)
            .with(ThisDN, "5001")
            .with(ThisQueue, "7001")
            .with(AgentID, "1001")
            .with(AgentWorkMode, io.switchboard.model.AgentWorkMode.ManualIn)
            .build());
  }

  @Test
  void eventRingingOfAnAcdCall() throws IOException {
    assertGolden(
        inboundCall(common(EventType.EventRinging, 30, 812_004))
            .with(ThisDN, "5001")
            .with(ThisDNRole, DNRole.Destination)
            .with(ThisQueue, "7001")
            .with(AgentID, "1001")
            .with(CallState, io.switchboard.model.CallState.Ok)
            .with(OtherDN, CALLER)
            .with(OtherDNRole, DNRole.Origination)
            .with(ANI, CALLER)
            .with(DNIS, "+18005550123")
            .with(UserData, USER_DATA)
            .build());
  }

  @Test
  void eventPartyChangedAfterATransfer() throws IOException {
    assertGolden(
        inboundCall(common(EventType.EventPartyChanged, 180, 33_000))
            .with(ReferenceID, 22L)
            .with(ThisDN, "5002")
            .with(ThisDNRole, DNRole.Destination)
            .with(CallState, io.switchboard.model.CallState.Transferred)
            .with(PreviousConnID, CONSULT)
            .with(OtherDN, CALLER)
            .with(OtherDNRole, DNRole.Origination)
            .with(ThirdPartyDN, "5001")
            .with(ThirdPartyDNRole, DNRole.TransferredBy)
            .with(ANI, CALLER)
            .with(DNIS, "+18005550123")
            .with(
                CallHistory,
                KVList.of(
                    "1",
                    KVList.of(
                        "Action", "Transfer",
                        "ThisDN", "5001",
                        "OtherDN", "5002",
                        "ConnID", "006c02a8b7e30002@acme")))
            .with(UserData, USER_DATA)
            .build());
  }

  @Test
  void eventTreatmentAppliedWithNestedParameters() throws IOException {
    Map<String, Object> parms = new LinkedHashMap<>();
    Map<String, Object> prompt = new LinkedHashMap<>();
    prompt.put("1", Map.of("ID", 1001));
    prompt.put("2", Map.of("TEXT", "Please enter your account number"));
    parms.put("PROMPT", prompt);
    parms.put("TOTAL_DIGITS", 7);
    parms.put("DIGIT_TIMEOUT", 5);
    assertGolden(
        inboundCall(common(EventType.EventTreatmentApplied, 12, 81_000))
            .with(ReferenceID, 4L)
            .with(ThisDN, "8001")
            .with(ThisDNRole, DNRole.Destination)
            .with(TreatmentType, io.switchboard.model.TreatmentType.PlayAnnouncementAndDigits)
            .with(TreatmentParms, KVList.of(parms))
            .with(Extensions, KVList.EMPTY)
            .with(UserData, KVList.of("Segment", "Gold"))
            .build());
  }

  @Test
  void eventError() throws IOException {
    assertGolden(
        common(EventType.EventError, 36, 42)
            .with(ReferenceID, 11L)
            .with(ThisDN, "5002")
            .with(ConnID, CALL)
            .with(ErrorCode, 104L)
            .with(
                ErrorMessage,
                "RequestAnswerCall rejected: DN 5002 is not a party of call 006c02a8b7e30001@acme")
            .build());
  }
}
