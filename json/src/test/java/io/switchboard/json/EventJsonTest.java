package io.switchboard.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Attribute;
import io.switchboard.model.CallState;
import io.switchboard.model.CallType;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNRole;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.Timestamp;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  private final EventJson codec = new EventJson();

  private static Event ringing() {
    return Event.builder(EventType.EventRinging)
        .with(Attribute.Server, "switchboard")
        .with(Attribute.time, new Timestamp(1_700_000_000L, 123_456))
        .with(Attribute.ThisDN, "5001")
        .with(Attribute.ThisDNRole, DNRole.Destination)
        .with(Attribute.ConnID, new ConnId(0x006c02a8b7e30001L, "acme"))
        .with(Attribute.CallID, 7L)
        .with(Attribute.CallThreadID, "006c02a8b7e30001")
        .with(Attribute.CallType, CallType.Inbound)
        .with(Attribute.CallState, CallState.Ok)
        .with(
            Attribute.UserData,
            KVList.of("Segment", "Gold", "Tier", 2L, "Nested", KVList.of("A", "b")))
        .build();
  }

  /** A valid EventRinging, as a tree to spoil. */
  private ObjectNode ringingTree() {
    return codec.toTree(ringing());
  }

  @Test
  void writesOneFlatObjectIdFirstThenAttributeOrder() {
    assertThat(codec.encodeToString(ringing()))
        .isEqualTo(
            "{\"id\":\"EventRinging\",\"Server\":\"switchboard\","
                + "\"time\":{\"seconds\":1700000000,\"useconds\":123456},"
                + "\"ThisDN\":\"5001\",\"ThisDNRole\":\"Destination\","
                + "\"ConnID\":\"006c02a8b7e30001@acme\",\"CallID\":7,"
                + "\"CallThreadID\":\"006c02a8b7e30001\",\"CallType\":\"Inbound\",\"CallState\":\"Ok\","
                + "\"UserData\":{\"Segment\":\"Gold\",\"Tier\":2,\"Nested\":{\"A\":\"b\"}}}");
  }

  @Test
  void bytesStringTreeAndStreamAgree() throws IOException {
    Event event = ringing();
    byte[] bytes = codec.encode(event);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encode(event, out);
    out.write('\n');

    assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(codec.encodeToString(event));
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(codec.encodeToString(event) + "\n");
    assertThat(codec.toTree(event)).isEqualTo(Json.mapper().readTree(bytes));
  }

  @Test
  void writesAConnIdWithoutSiteAsItsSixteenHexDigits() {
    Event event =
        Event.builder(EventType.EventMuteOn)
            .with(Attribute.Server, "switchboard")
            .with(Attribute.time, new Timestamp(1, 0))
            .with(Attribute.ThisDN, "5001")
            .with(Attribute.ConnID, new ConnId(0xffL, ""))
            .build();

    assertThat(codec.encodeToString(event)).contains("\"ConnID\":\"00000000000000ff\"");
    assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
  }

  @Test
  void writesNonAsciiUserDataAsUtf8() {
    Event event =
        ringing().toBuilder(EventType.EventRinging)
            .with(Attribute.UserData, KVList.of("Name", "Zoë Ångström"))
            .build();

    assertThat(new String(codec.encode(event), StandardCharsets.UTF_8)).contains("Zoë Ångström");
    assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
  }

  @Test
  void theSharedMappersReadAndWriteEventsInsideOtherDocuments() throws IOException {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("party", "5001");
    line.put("value", ringing());

    String json = Json.mapper().writeValueAsString(line);
    assertThat(json)
        .isEqualTo("{\"party\":\"5001\",\"value\":" + codec.encodeToString(ringing()) + "}");

    Map<String, Event> read =
        Json.mapper()
            .readValue("{\"e\":" + codec.encodeToString(ringing()) + "}", new TypeReference<>() {});
    assertThat(read.get("e")).isEqualTo(ringing());
    assertThat(Json.mapper().readValue(codec.encode(ringing()), Event.class)).isEqualTo(ringing());
  }

  @Test
  void rejectsWhatIsNotJson() {
    assertThatThrownBy(() -> codec.decode("{\"id\": \"EventRinging\","))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("not a JSON event")
        .hasMessageContaining("line 1");
  }

  @Test
  void rejectsTrailingContent() {
    assertThatThrownBy(() -> codec.decode(codec.encodeToString(ringing()) + " {}"))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("not a JSON event");
  }

  @Test
  void rejectsAnArray() {
    assertThatThrownBy(() -> codec.decode("[]"))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("an event must be a JSON object, was an array");
  }

  @Test
  void rejectsAnEventWithoutId() {
    ObjectNode tree = ringingTree();
    tree.remove("id");

    assertThatThrownBy(() -> codec.fromTree(tree))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("has no \"id\"")
        .hasMessageContaining("{\"id\":\"EventRinging\"");
  }

  @Test
  void rejectsAnIdThatIsNotAString() {
    assertThatThrownBy(() -> codec.decode("{\"id\": 60}"))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("id must be a string, the event name")
        .hasMessageContaining("was a number (60)");
  }

  @Test
  void rejectsAnUnknownEvent() {
    ObjectNode tree = ringingTree().put("id", "EventRingin");

    assertThatThrownBy(() -> codec.fromTree(tree))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("unknown event \"EventRingin\"")
        .hasMessageContaining("EventRinging");
  }

  @Test
  void rejectsAMissingMandatoryAttribute() {
    ObjectNode tree = ringingTree();
    tree.remove("CallState");

    assertThatThrownBy(() -> codec.fromTree(tree))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("EventRinging lacks mandatory attribute(s) [CallState]");
  }

  @Test
  void rejectsAnUnknownAttribute() {
    ObjectNode tree = ringingTree().put("Colour", "blue");

    assertThatThrownBy(() -> codec.fromTree(tree))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith(
            "EventRinging has an unknown attribute \"Colour\"; its attributes are [id, Server");
  }

  @Test
  void rejectsAnAttributeTheEventDoesNotHave() {
    ObjectNode tree = ringingTree().put("ErrorCode", 3);

    assertThatThrownBy(() -> codec.fromTree(tree))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("EventRinging does not allow attribute \"ErrorCode\"");
  }

  @Test
  void rejectsAnUnknownEnumName() {
    ObjectNode tree = ringingTree().put("CallState", "OK");

    assertThatThrownBy(() -> codec.fromTree(tree))
        .isInstanceOf(EventFormatException.class)
        .hasMessage(
            "EventRinging.CallState must be one of "
                + List.of(CallState.values())
                + ", was a string (\"OK\")");
  }

  @Test
  void rejectsANumberForAString() {
    ObjectNode tree = ringingTree().put("ThisDN", 5001);

    assertThatThrownBy(() -> codec.fromTree(tree))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("EventRinging.ThisDN must be a string, was a number (5001)");
  }

  @Test
  void rejectsAStringOrDecimalForAnInteger() {
    assertThatThrownBy(() -> codec.fromTree(ringingTree().put("CallID", "7")))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("EventRinging.CallID must be an integer (64-bit), was a string (\"7\")");
    assertThatThrownBy(() -> codec.fromTree(ringingTree().put("CallID", 7.5)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("was a number (7.5)");
  }

  @Test
  void rejectsNull() {
    ObjectNode tree = ringingTree().putNull("ThisDN");

    assertThatThrownBy(() -> codec.fromTree(tree))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("EventRinging.ThisDN must be a string, was null");
  }

  @Test
  void rejectsAMalformedConnId() {
    assertThatThrownBy(() -> codec.fromTree(ringingTree().put("ConnID", "call-1@acme")))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("EventRinging.ConnID: 'call-1@acme' is not a ConnID")
        .hasMessageContaining("006c02a8b7e30001@acme");
    assertThatThrownBy(() -> codec.fromTree(ringingTree().put("ConnID", 12)))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("EventRinging.ConnID must be a ConnID string");
  }

  @Test
  void rejectsATimeThatIsNotSecondsAndUseconds() {
    ObjectNode number = ringingTree().put("time", 1_700_000_000);
    ObjectNode extraKey = ringingTree();
    ((ObjectNode) extraKey.get("time")).put("nanos", 1);
    ObjectNode tooManyUseconds = ringingTree();
    ((ObjectNode) tooManyUseconds.get("time")).put("useconds", 1_000_000);

    assertThatThrownBy(() -> codec.fromTree(number))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining(
            "EventRinging.time must be an object {\"seconds\": <integer>, \"useconds\":"
                + " <0..999999>}, was a number");
    assertThatThrownBy(() -> codec.fromTree(extraKey))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("had the keys [nanos, seconds, useconds]");
    assertThatThrownBy(() -> codec.fromTree(tooManyUseconds))
        .isInstanceOf(EventFormatException.class)
        .hasMessage(
            "EventRinging.time.useconds must be an integer from 0 to 999999, was a number"
                + " (1000000)");
  }

  @Test
  void rejectsAKeyValueListThatIsNotAnObjectOfStringsIntegersAndObjects() {
    ObjectNode array = ringingTree();
    array.putArray("UserData");
    ObjectNode bool = ringingTree();
    ((ObjectNode) bool.get("UserData").get("Nested")).put("VIP", true);
    ObjectNode decimal = ringingTree();
    ((ObjectNode) decimal.get("UserData")).put("Score", 0.5);

    assertThatThrownBy(() -> codec.fromTree(array))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining(
            "EventRinging.UserData must be an object of keys to strings, integers or nested"
                + " objects, was an array");
    assertThatThrownBy(() -> codec.fromTree(bool))
        .isInstanceOf(EventFormatException.class)
        .hasMessage(
            "EventRinging.UserData.Nested.VIP must be a string, an integer or an object, was a"
                + " boolean (true); write it as a string, e.g. \"true\"");
    assertThatThrownBy(() -> codec.fromTree(decimal))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining(
            "EventRinging.UserData.Score must be a string, an integer or an object, was a number"
                + " (0.5)");
  }

  @Test
  void rejectsADuplicatedAttribute() {
    String json =
        codec
            .encodeToString(ringing())
            .replace("\"ThisDN\":\"5001\"", "\"ThisDN\":\"5001\",\"ThisDN\":\"5002\"");

    assertThatThrownBy(() -> codec.decode(json))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("Duplicate field 'ThisDN'");
  }

  @Test
  void acceptsAttributesInAnyOrder() throws IOException {
    JsonNode tree =
        Json.mapper()
            .readTree(
                "{\"ThisDN\":\"5001\",\"time\":{\"useconds\":0,\"seconds\":5},\"Server\":\"s\",\"id\":\"EventDNDOn\"}");

    assertThat(codec.fromTree(tree))
        .isEqualTo(
            Event.builder(EventType.EventDNDOn)
                .with(Attribute.ThisDN, "5001")
                .with(Attribute.time, new Timestamp(5, 0))
                .with(Attribute.Server, "s")
                .build());
  }
}
