package io.switchboard.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Attribute;
import io.switchboard.model.EventType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The schemas say what the catalog says: every golden event conforms to its schema, and an event
 * that breaks the catalog (a mandatory attribute missing, an attribute outside its lists, a value
 * of the wrong shape) is refused by the schema as by the codec.
 */
class EventSchemasTest {

  private static final EventValidator VALIDATOR = new EventValidator();

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyGoldenEventConformsToItsSchema(EventType type) throws IOException {
    assertThat(VALIDATOR.problems(GoldenFilesTest.golden(type))).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void theSchemaRequiresTheMandatoryAttributesAndAllowsNoOther(EventType type) {
    ObjectNode schema = EventSchemas.schema(type);
    List<String> required = new ArrayList<>();
    schema.get("required").forEach(n -> required.add(n.textValue()));
    List<String> properties = new ArrayList<>();
    schema.get("properties").fieldNames().forEachRemaining(properties::add);

    assertThat(required)
        .containsExactlyInAnyOrderElementsOf(
            type.mandatory().stream().map(Attribute::name).toList());
    for (Attribute attribute : Attribute.values()) {
      assertThat(properties.contains(attribute.name()))
          .as("%s.%s", type, attribute)
          .isEqualTo(type.allows(attribute));
    }
    assertThat(schema.get("additionalProperties").booleanValue()).isFalse();
    assertThat(schema.get("$id").textValue()).isEqualTo(EventSchemas.id(type));
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void anEventWithoutAMandatoryAttributeIsRefused(EventType type) throws IOException {
    for (Attribute attribute : type.mandatory()) {
      if (attribute == Attribute.id) {
        continue;
      }
      ObjectNode event = GoldenFilesTest.golden(type).deepCopy();
      event.remove(attribute.name());
      assertThat(VALIDATOR.problems(event)).as("%s without %s", type, attribute).isNotEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void anAttributeOutsideTheTypesListsIsRefused(EventType type) throws IOException {
    for (Attribute attribute : Attribute.values()) {
      if (type.allows(attribute)) {
        continue;
      }
      ObjectNode event = GoldenFilesTest.golden(type).deepCopy();
      event.put(attribute.name(), "x");
      assertThat(VALIDATOR.problems(event)).as("%s with %s", type, attribute).isNotEmpty();
    }
  }

  @Test
  void valuesOfTheWrongShapeAreRefused() throws IOException {
    JsonNode ringing = GoldenFilesTest.golden(EventType.EventRinging);
    assertThat(VALIDATOR.problems(ringing)).isEmpty();

    assertRefused(ringing, "CallState", Json.mapper().getNodeFactory().textNode("OK"));
    assertRefused(ringing, "CallID", Json.mapper().getNodeFactory().textNode("101"));
    assertRefused(ringing, "ThisDN", Json.mapper().getNodeFactory().numberNode(5001));
    assertRefused(ringing, "ConnID", Json.mapper().getNodeFactory().numberNode(1));
    // the codec reads a ConnID of fewer or uppercase digits too; the schema says what is written
    for (String connId : List.of("6c02a8b7e30001@acme", "006C02A8B7E30001", "006c02a8b7e30001@")) {
      ObjectNode changed = ringing.deepCopy();
      changed.put("ConnID", connId);
      assertThat(VALIDATOR.problems(changed)).as("ConnID %s", connId).isNotEmpty();
    }
    assertRefused(ringing, "time", Json.mapper().readTree("{\"seconds\":1,\"useconds\":1000000}"));
    assertRefused(ringing, "time", Json.mapper().readTree("{\"seconds\":1}"));
    assertRefused(ringing, "UserData", Json.mapper().readTree("{\"Tier\":2.5}"));
    assertRefused(ringing, "UserData", Json.mapper().readTree("{\"Tags\":[\"a\"]}"));
    assertRefused(ringing, "id", Json.mapper().getNodeFactory().textNode("EventRing"));
    assertThat(
            VALIDATOR.problems(
                ((ObjectNode) ringing.deepCopy())
                    .set("UserData", Json.mapper().readTree("{\"A\":{\"B\":{\"C\":1}}}"))))
        .as("nested key-value lists")
        .isEmpty();
  }

  private static void assertRefused(JsonNode event, String attribute, JsonNode value) {
    ObjectNode changed = event.deepCopy();
    changed.set(attribute, value);
    assertThat(VALIDATOR.problems(changed)).as("%s = %s", attribute, value).isNotEmpty();
    assertThat((Object) catchCodec(changed))
        .as("the codec refuses %s = %s too", attribute, value)
        .isInstanceOf(EventFormatException.class);
  }

  private static Object catchCodec(JsonNode event) {
    try {
      return new EventJson().fromTree(event);
    } catch (EventFormatException e) {
      return e;
    }
  }
}
