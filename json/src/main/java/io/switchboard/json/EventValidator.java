package io.switchboard.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.switchboard.model.EventType;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an event's JSON against the schema of its type ({@link EventSchemas}) with a JSON Schema
 * validator independent of {@link EventJson}: what the codec writes is what the published contract
 * says. Thread-safe.
 */
public final class EventValidator {

  private final Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);

  /** A validator with the schema of every event type. */
  public EventValidator() {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    for (EventType type : EventType.values()) {
      Schema schema = registry.getSchema(EventSchemas.schema(type));
      schema.initializeValidators();
      schemas.put(type, schema);
    }
  }

  /**
   * What is wrong with {@code event} by the schema its {@code id} names: empty if it conforms;
   * otherwise one line per problem, each naming the place in the event.
   */
  public List<String> problems(JsonNode event) {
    JsonNode id = event == null ? null : event.get("id");
    EventType type = null;
    if (id != null && id.isTextual()) {
      type = EventSchemas.forFileName(id.textValue() + ".json").orElse(null);
    }
    if (type == null) {
      return List.of(
          "the event's \"id\" must name an event type, e.g. \"EventRinging\"; was "
              + (id == null ? "missing" : id.toString()));
    }
    EventType named = type;
    return schemas.get(type).validate(event).stream()
        .map(error -> named + " " + error.getInstanceLocation() + ": " + error.getMessage())
        .toList();
  }
}
