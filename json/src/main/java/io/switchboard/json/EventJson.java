package io.switchboard.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import io.switchboard.model.KVList;
import io.switchboard.model.Timestamp;
import io.switchboard.model.ValueType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Events to and from their wire format: one flat JSON object per event, the Genesys attribute names
 * verbatim, {@code id} (the event name) first and the other attributes in {@link Attribute} order.
 * Values by {@link ValueType}: strings and integers as such; enums as the constant's name ({@code
 * "CallState":"Ok"}); key-value lists as objects of strings, integers and nested objects; ConnIDs
 * as {@code "006c02a8b7e30001@acme"}; {@code time} as {@code {"seconds":..., "useconds":...}}. See
 * docs/wire-format.md.
 *
 * <p>Decoding checks the event against the catalog, like {@link Event.Builder}, and reports bad
 * input as an {@link EventFormatException}. Instances are immutable and thread-safe.
 */
public final class EventJson {

  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString SECONDS = new SerializedString("seconds");
  private static final SerializedString USECONDS = new SerializedString("useconds");
  private static final Attribute[] IN_WIRE_ORDER = Attribute.values();

  private static final SerializableString[] ATTRIBUTE_NAMES =
      Arrays.stream(Attribute.values())
          .map(a -> new SerializedString(a.name()))
          .toArray(SerializableString[]::new);
  private static final SerializableString[] EVENT_NAMES =
      Arrays.stream(EventType.values())
          .map(t -> new SerializedString(t.name()))
          .toArray(SerializableString[]::new);
  private static final Map<String, Attribute> ATTRIBUTES =
      Arrays.stream(Attribute.values())
          .collect(Collectors.toUnmodifiableMap(Attribute::name, a -> a));
  private static final Map<String, EventType> EVENT_TYPES =
      Arrays.stream(EventType.values())
          .collect(Collectors.toUnmodifiableMap(EventType::name, t -> t));
  private static final Map<Class<?>, Map<String, Enum<?>>> ENUM_CONSTANTS = enumConstants();
  private static final ClassValue<SerializableString[]> ENUM_NAMES =
      new ClassValue<>() {
        @Override
        protected SerializableString[] computeValue(Class<?> type) {
          return Arrays.stream(type.getEnumConstants())
              .map(c -> new SerializedString(((Enum<?>) c).name()))
              .toArray(SerializableString[]::new);
        }
      };
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final JsonFactory factory;
  private final ObjectMapper mapper;

  /** A codec on the shared {@link Json#mapper()}. */
  public EventJson() {
    this(Json.mapper());
  }

  /** A codec that parses and generates with {@code mapper}'s factory. */
  public EventJson(ObjectMapper mapper) {
    this.mapper = mapper;
    this.factory = mapper.getFactory();
  }

  /** The event as UTF-8 JSON. */
  public byte[] encode(Event event) {
    // on the factory's pooled buffers, as ObjectMapper.writeValueAsBytes does: a fresh
    // ByteArrayBuilder per event doubled the garbage of every published event
    BufferRecycler recycler = factory._getBufferRecycler();
    try (ByteArrayBuilder out = new ByteArrayBuilder(recycler)) {
      try (JsonGenerator generator =
          factory.createGenerator((OutputStream) out, JsonEncoding.UTF8)) {
        write(event, generator);
      }
      byte[] bytes = out.toByteArray();
      out.release();
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + event.name(), e);
    } finally {
      recycler.releaseToPool();
    }
  }

  /** The event as a JSON string. */
  public String encodeToString(Event event) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator generator = factory.createGenerator(out)) {
      write(event, generator);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode " + event.name(), e);
    }
    return out.toString();
  }

  /** Writes the event as UTF-8 JSON to {@code out}, which stays open. */
  public void encode(Event event, OutputStream out) throws IOException {
    try (JsonGenerator generator = factory.createGenerator(out, JsonEncoding.UTF8)) {
      generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      write(event, generator);
    }
  }

  /**
   * Writes the event as one JSON object with {@code generator}, e.g. as the value of a field of an
   * enclosing object.
   */
  public static void write(Event event, JsonGenerator generator) throws IOException {
    generator.writeStartObject();
    generator.writeFieldName(ID);
    generator.writeString(EVENT_NAMES[event.type().ordinal()]);
    // by attribute, in wire (ordinal) order, rather than over the map's entries: iterating the
    // entries of an unmodifiable EnumMap allocates two objects per attribute of every event
    Map<Attribute, Object> attributes = event.attributes();
    for (Attribute attribute : IN_WIRE_ORDER) {
      Object value = attributes.get(attribute);
      if (value == null) {
        continue;
      }
      generator.writeFieldName(ATTRIBUTE_NAMES[attribute.ordinal()]);
      switch (attribute.type()) {
        case STRING -> generator.writeString((String) value);
        case INTEGER -> generator.writeNumber(((Long) value).longValue());
        case ENUM -> {
          Enum<?> constant = (Enum<?>) value;
          generator.writeString(ENUM_NAMES.get(constant.getDeclaringClass())[constant.ordinal()]);
        }
        case KV_LIST -> KvJson.write((KVList) value, generator);
        case CONN_ID -> writeConnId((ConnId) value, generator);
        case TIMESTAMP -> {
          Timestamp time = (Timestamp) value;
          generator.writeStartObject();
          generator.writeFieldName(SECONDS);
          generator.writeNumber(time.seconds());
          generator.writeFieldName(USECONDS);
          generator.writeNumber(time.useconds());
          generator.writeEndObject();
        }
        case EVENT_NAME -> generator.writeString(((EventType) value).name());
      }
    }
    generator.writeEndObject();
  }

  // ConnId.toString() builds three strings; this path runs for most events of a busy tenant
  private static void writeConnId(ConnId connId, JsonGenerator generator) throws IOException {
    String site = connId.site();
    int length = site.isEmpty() ? 16 : 17 + site.length();
    char[] chars = new char[length];
    long value = connId.value();
    for (int i = 15; i >= 0; i--) {
      chars[i] = HEX[(int) (value & 0xf)];
      value >>>= 4;
    }
    if (!site.isEmpty()) {
      chars[16] = '@';
      site.getChars(0, site.length(), chars, 17);
    }
    generator.writeString(chars, 0, length);
  }

  /** The event as a JSON tree, attributes in wire order. */
  public ObjectNode toTree(Event event) {
    JsonNodeFactory nodes = JsonNodeFactory.instance;
    ObjectNode tree = nodes.objectNode();
    tree.put("id", event.name());
    event
        .attributes()
        .forEach(
            (attribute, value) -> {
              String name = attribute.name();
              switch (attribute.type()) {
                case STRING -> tree.put(name, (String) value);
                case INTEGER -> tree.set(name, Nodes.number((Long) value));
                case ENUM -> tree.put(name, ((Enum<?>) value).name());
                case KV_LIST -> tree.set(name, KvJson.toTree((KVList) value));
                case CONN_ID -> tree.put(name, value.toString());
                case TIMESTAMP -> {
                  Timestamp time = (Timestamp) value;
                  ObjectNode timeNode = tree.putObject(name);
                  timeNode.set("seconds", Nodes.number(time.seconds()));
                  timeNode.put("useconds", time.useconds());
                }
                case EVENT_NAME -> tree.put(name, ((EventType) value).name());
              }
            });
    return tree;
  }

  /**
   * The event that UTF-8 JSON {@code json} holds.
   *
   * @throws EventFormatException if it is not JSON or not a valid event
   */
  public Event decode(byte[] json) {
    try {
      return fromTree(mapper.readTree(json));
    } catch (JsonProcessingException e) {
      throw notJson(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The event that {@code json} holds.
   *
   * @throws EventFormatException if it is not JSON or not a valid event
   */
  public Event decode(String json) {
    try {
      return fromTree(mapper.readTree(json));
    } catch (JsonProcessingException e) {
      throw notJson(e);
    }
  }

  private static EventFormatException notJson(JsonProcessingException e) {
    return new EventFormatException(
        "not a JSON event: " + e.getOriginalMessage() + locationOf(e), e);
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /**
   * The event {@code tree} holds.
   *
   * @throws EventFormatException if it is not a valid event
   */
  public Event fromTree(JsonNode tree) {
    return read(tree);
  }

  private static Event read(JsonNode tree) {
    if (tree == null || !tree.isObject()) {
      throw new EventFormatException(
          "an event must be a JSON object, was " + Nodes.describe(tree, false));
    }
    JsonNode id = tree.get("id");
    if (id == null) {
      throw new EventFormatException(
          "the event has no \"id\": it must name the event, e.g. {\"id\":\"EventRinging\", ...}");
    }
    if (!id.isTextual()) {
      throw new EventFormatException(
          "id must be a string, the event name (e.g. \"EventRinging\"), was "
              + Nodes.describe(id, false));
    }
    EventType type = EVENT_TYPES.get(id.textValue());
    if (type == null) {
      throw new EventFormatException(
          "unknown event \""
              + id.textValue()
              + "\" in id; the events are "
              + EVENT_TYPES.keySet().stream().sorted().toList());
    }
    Event.Builder builder = Event.builder(type);
    EnumSet<Attribute> seen = EnumSet.of(Attribute.id);
    for (Map.Entry<String, JsonNode> field : tree.properties()) {
      String name = field.getKey();
      if (name.equals("id")) {
        continue;
      }
      Attribute attribute = ATTRIBUTES.get(name);
      if (attribute == null || !type.allows(attribute)) {
        throw new EventFormatException(
            type
                + (attribute == null
                    ? " has an unknown attribute \""
                    : " does not allow attribute \"")
                + name
                + "\"; its attributes are "
                + allowed(type));
      }
      builder.with(attribute, value(type, attribute, field.getValue()));
      seen.add(attribute);
    }
    if (!seen.containsAll(type.mandatory())) {
      EnumSet<Attribute> missing = EnumSet.copyOf(type.mandatory());
      missing.removeAll(seen);
      throw new EventFormatException(
          type
              + " lacks mandatory attribute(s) "
              + missing
              + "; its mandatory attributes are "
              + type.mandatory());
    }
    return builder.build();
  }

  /**
   * The value of {@code attribute} in an event of {@code type} that {@code node} holds, as {@link
   * Event#get(Attribute)} returns it: e.g. {@code "Ok"} for CallState is {@code CallState.Ok}.
   *
   * @throws EventFormatException if the event has no such attribute or the node is not a value of
   *     its type
   */
  public static Object attributeValue(EventType type, Attribute attribute, JsonNode node) {
    if (attribute == Attribute.id || !type.allows(attribute)) {
      throw new EventFormatException(
          type
              + " does not allow attribute \""
              + attribute
              + "\"; its attributes are "
              + allowed(type));
    }
    return value(type, attribute, node);
  }

  private static List<Attribute> allowed(EventType type) {
    return Arrays.stream(Attribute.values()).filter(type::allows).toList();
  }

  private static Object value(EventType type, Attribute attribute, JsonNode node) {
    String path = type + "." + attribute;
    switch (attribute.type()) {
      case STRING -> {
        if (node.isTextual()) {
          return node.textValue();
        }
        throw wrongType(path, "a string", node);
      }
      case INTEGER -> {
        if (node.isIntegralNumber() && node.canConvertToLong()) {
          return node.longValue();
        }
        throw wrongType(path, "an integer (64-bit)", node);
      }
      case ENUM -> {
        Map<String, Enum<?>> constants = ENUM_CONSTANTS.get(attribute.enumClass().orElseThrow());
        Enum<?> constant = node.isTextual() ? constants.get(node.textValue()) : null;
        if (constant == null) {
          throw wrongType(path, "one of " + constants.keySet(), node);
        }
        return constant;
      }
      case KV_LIST -> {
        return KvJson.read(node, path, false, EventFormatException::new);
      }
      case CONN_ID -> {
        if (!node.isTextual()) {
          throw wrongType(path, "a ConnID string, e.g. \"006c02a8b7e30001@acme\"", node);
        }
        try {
          return ConnId.parse(node.textValue());
        } catch (IllegalArgumentException e) {
          throw new EventFormatException(path + ": " + e.getMessage(), e);
        }
      }
      case TIMESTAMP -> {
        return timestamp(path, node);
      }
      default -> throw new EventFormatException(path + " cannot be set");
    }
  }

  private static Timestamp timestamp(String path, JsonNode node) {
    String expected = "an object {\"seconds\": <integer>, \"useconds\": <0..999999>}";
    if (!node.isObject()) {
      throw wrongType(path, expected, node);
    }
    Set<String> names = new java.util.TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    if (!names.equals(Set.of("seconds", "useconds"))) {
      throw new EventFormatException(path + " must be " + expected + ", had the keys " + names);
    }
    JsonNode seconds = node.get("seconds");
    JsonNode useconds = node.get("useconds");
    if (!seconds.isIntegralNumber() || !seconds.canConvertToLong()) {
      throw wrongType(path + ".seconds", "an integer", seconds);
    }
    if (!useconds.isIntegralNumber()
        || !useconds.canConvertToInt()
        || useconds.intValue() < 0
        || useconds.intValue() > 999_999) {
      throw wrongType(path + ".useconds", "an integer from 0 to 999999", useconds);
    }
    return new Timestamp(seconds.longValue(), useconds.intValue());
  }

  private static EventFormatException wrongType(String path, String expected, JsonNode node) {
    return new EventFormatException(
        path + " must be " + expected + ", was " + Nodes.describe(node, false));
  }

  private static Map<Class<?>, Map<String, Enum<?>>> enumConstants() {
    Map<Class<?>, Map<String, Enum<?>>> byClass = new HashMap<>();
    for (Attribute attribute : Attribute.values()) {
      attribute
          .enumClass()
          .ifPresent(
              type -> {
                Map<String, Enum<?>> constants = new LinkedHashMap<>();
                for (Enum<?> constant : type.getEnumConstants()) {
                  constants.put(constant.name(), constant);
                }
                byClass.put(type, Collections.unmodifiableMap(constants));
              });
    }
    return Collections.unmodifiableMap(byClass);
  }

  /**
   * A Jackson module that reads and writes {@link Event} in this wire format, so that events can
   * sit inside other documents (the shared mappers of {@link Json} have it).
   */
  public static Module module() {
    SimpleModule module = new SimpleModule("switchboard-events");
    module.addSerializer(
        Event.class,
        new JsonSerializer<>() {
          @Override
          public void serialize(Event event, JsonGenerator generator, SerializerProvider provider)
              throws IOException {
            write(event, generator);
          }
        });
    module.addDeserializer(
        Event.class,
        new JsonDeserializer<>() {
          @Override
          public Event deserialize(JsonParser parser, DeserializationContext context)
              throws IOException {
            return read(context.readTree(parser));
          }
        });
    return module;
  }
}
