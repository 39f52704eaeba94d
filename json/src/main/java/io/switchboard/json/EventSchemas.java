package io.switchboard.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Attribute;
import io.switchboard.model.EventType;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The JSON Schema (draft 2020-12) of each event type's wire format, made from the {@link EventType}
 * catalog and the {@link Attribute} types, never written by hand: the mandatory attributes are
 * required, no attribute outside the type's lists is allowed, and each value has exactly the shape
 * {@link EventJson} writes (enumerations list their constants, ConnIDs their pattern, {@code time}
 * its two fields). The files under {@code docs/schemas/} are these documents (a test checks it) and
 * the HTTP API serves them at {@code /v1/schemas/{EventName}.json}.
 */
public final class EventSchemas {

  /**
   * The prefix of every schema's {@code $id}: the schema of EventRinging is {@code
   * urn:switchboard:schema:v1:EventRinging}. A name, not an address: the project owns no domain to
   * serve them from, and an id on somebody else's domain could be made to serve anything. Every
   * Switchboard serves its schemas at {@code /v1/schemas/{EventName}.json}, and {@code
   * docs/schemas/} holds them.
   */
  public static final String ID_PREFIX = "urn:switchboard:schema:v1:";

  /** The dialect of the schemas. */
  public static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

  /** The command that rewrites {@code docs/schemas/} from the catalog. */
  public static final String REGENERATE =
      "mvn -B -q -pl json -am verify -Dtest=EventSchemaFilesTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dschemas.write=true";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private EventSchemas() {}

  /**
   * The {@code $id} of {@code type}'s schema, e.g. {@code urn:switchboard:schema:v1:EventRinging}.
   */
  public static String id(EventType type) {
    return ID_PREFIX + type.name();
  }

  /** The file name of {@code type}'s schema, e.g. {@code EventRinging.json}. */
  public static String fileName(EventType type) {
    return type.name() + ".json";
  }

  /**
   * The event type whose schema file is {@code fileName}, e.g. {@code EventRinging.json}; empty if
   * there is none.
   */
  public static Optional<EventType> forFileName(String fileName) {
    if (!fileName.endsWith(".json")) {
      return Optional.empty();
    }
    String name = fileName.substring(0, fileName.length() - ".json".length());
    return Arrays.stream(EventType.values()).filter(t -> t.name().equals(name)).findFirst();
  }

  /** The schema of {@code type}'s events. */
  public static ObjectNode schema(EventType type) {
    ObjectNode schema = NODES.objectNode();
    schema.put("$schema", DIALECT);
    schema.put("$id", id(type));
    schema.put("title", type.name());
    schema.put("description", description(type));
    schema.put(
        "$comment",
        "Generated from Switchboard's event catalog (EventType, Attribute); do not edit.");
    schema.put("type", "object");
    ObjectNode properties = schema.putObject("properties");
    ArrayNode required = schema.putArray("required");
    boolean kvList = false;
    boolean connId = false;
    boolean timestamp = false;
    for (Attribute attribute : Attribute.values()) {
      if (!type.allows(attribute)) {
        continue;
      }
      properties.set(attribute.name(), value(type, attribute));
      if (type.mandatory().contains(attribute)) {
        required.add(attribute.name());
      }
      switch (attribute.type()) {
        case KV_LIST -> kvList = true;
        case CONN_ID -> connId = true;
        case TIMESTAMP -> timestamp = true;
        default -> {}
      }
    }
    schema.put("additionalProperties", false);
    ObjectNode defs = NODES.objectNode();
    if (connId) {
      defs.set("ConnID", connIdSchema());
    }
    if (timestamp) {
      defs.set("Timestamp", timestampSchema());
    }
    if (kvList) {
      defs.set("KVList", kvListSchema());
    }
    if (!defs.isEmpty()) {
      schema.set("$defs", defs);
    }
    return schema;
  }

  /** {@code type}'s schema as the text of its file: pretty-printed JSON and a final newline. */
  public static String text(EventType type) {
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(schema(type)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot write the schema of " + type, e);
    }
  }

  private static String description(EventType type) {
    String where =
        type.published()
            ? "published to the "
                + type.topic().defaultName().orElseThrow()
                + " topic (its default name)"
            : "delivered to parties only, never published to Kafka";
    return type.name()
        + " of Genesys Voice Microservices (T-Library message "
        + type.code()
        + "), "
        + where
        + ", as Switchboard writes it: one flat JSON object, the Genesys attribute names verbatim.";
  }

  private static ObjectNode value(EventType type, Attribute attribute) {
    ObjectNode node = NODES.objectNode();
    switch (attribute.type()) {
      case EVENT_NAME -> node.put("const", type.name());
      case STRING -> node.put("type", "string");
      case INTEGER ->
          node.put("type", "integer").put("minimum", Long.MIN_VALUE).put("maximum", Long.MAX_VALUE);
      case ENUM -> {
        node.put("type", "string");
        ArrayNode values = node.putArray("enum");
        for (Enum<?> constant : attribute.enumClass().orElseThrow().getEnumConstants()) {
          values.add(constant.name());
        }
      }
      case CONN_ID -> node.put("$ref", "#/$defs/ConnID");
      case TIMESTAMP -> node.put("$ref", "#/$defs/Timestamp");
      case KV_LIST -> node.put("$ref", "#/$defs/KVList");
    }
    return node;
  }

  private static ObjectNode connIdSchema() {
    return NODES
        .objectNode()
        .put(
            "description",
            "A connection id: 16 lowercase hex digits, '@' and the tenant, e.g."
                + " 006c02a8b7e30001@acme")
        .put("type", "string")
        .put("pattern", "^[0-9a-f]{16}(@.+)?$");
  }

  private static ObjectNode timestampSchema() {
    ObjectNode node =
        NODES
            .objectNode()
            .put("description", "Seconds and microseconds since 1970-01-01 00:00 GMT")
            .put("type", "object");
    ObjectNode properties = node.putObject("properties");
    properties
        .putObject("seconds")
        .put("type", "integer")
        .put("minimum", Long.MIN_VALUE)
        .put("maximum", Long.MAX_VALUE);
    properties
        .putObject("useconds")
        .put("type", "integer")
        .put("minimum", 0)
        .put("maximum", 999_999);
    node.putArray("required").add("seconds").add("useconds");
    node.put("additionalProperties", false);
    return node;
  }

  private static ObjectNode kvListSchema() {
    ObjectNode node =
        NODES
            .objectNode()
            .put(
                "description",
                "A key-value list: an object whose values are strings, integers or nested lists")
            .put("type", "object");
    ArrayNode anyOf = node.putObject("additionalProperties").putArray("anyOf");
    anyOf.addObject().put("type", "string");
    anyOf
        .addObject()
        .put("type", "integer")
        .put("minimum", Long.MIN_VALUE)
        .put("maximum", Long.MAX_VALUE);
    anyOf.addObject().put("$ref", "#/$defs/KVList");
    return node;
  }
}
