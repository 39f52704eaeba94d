package io.switchboard.sim;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Attribute;
import io.switchboard.model.EventType;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One event a step must deliver, from the step's {@code expect} list: {@code {party: "5002", id:
 * EventHeld, ConnID: $c1, OtherDN: "5001"}}. Attributes that are not listed are not compared.
 *
 * @param party the DN the event must be delivered to
 * @param type the event
 * @param attributes the attributes the event must carry, with their values as written; in a
 *     ConnID-typed attribute, {@code $NAME} stands for the ConnID bound to NAME
 */
public record ExpectedEvent(String party, EventType type, Map<Attribute, JsonNode> attributes) {

  public ExpectedEvent {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(type, "type");
    attributes =
        attributes.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(attributes));
  }

  /** {@code EventHeld to 5002}, for messages. */
  public String describe() {
    return type + " to " + party;
  }
}
