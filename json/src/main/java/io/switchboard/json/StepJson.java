package io.switchboard.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.ConnId;
import io.switchboard.model.KVList;
import io.switchboard.model.request.RequestAttributes;
import io.switchboard.model.request.Step;
import io.switchboard.model.request.StepType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Scenario steps and request bodies to and from JSON: {@code {"RequestMakeCall": {"ThisDN": "5001",
 * "OtherDN": "5002"}}}, a map with a single key, the step's name, whose value holds the T-Library
 * attributes named verbatim (see docs/scenarios.md).
 *
 * <p>The wire format is declared in the model, by {@link StepType}: each step's name and its
 * attributes in the order of its record's components, with their defaults ({@link
 * RequestAttributes} are ReferenceID, Reasons and Extensions). Renaming a Java record or component
 * does not change it. The component's type decides the JSON shape and whether the attribute is
 * mandatory: an {@link Optional}, a {@link KVList} and a list may be left out, other values must be
 * given, unless the attribute declares a default or must be given. A step added to the model is
 * thus a step here without further code.
 *
 * <p>Besides its attributes, a step may carry the scenario keys {@code as: NAME} and {@code
 * expectError: true}, inside its attribute map or beside its name.
 */
public final class StepJson {

  /** The scenario key that binds the ConnID of the call a step creates. */
  public static final String AS = "as";

  /** The scenario key that says the engine must reject the step. */
  public static final String EXPECT_ERROR = "expectError";

  private static final Set<String> SCENARIO_KEYS = Set.of(AS, EXPECT_ERROR);
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final String EXAMPLE = "- RequestMakeCall: {ThisDN: \"5001\", OtherDN: \"5002\"}";

  /** Values shown in the examples of error messages. */
  private static final Map<String, String> SAMPLES =
      Map.ofEntries(
          Map.entry("ThisDN", "\"5001\""),
          Map.entry("OtherDN", "\"5002\""),
          Map.entry("ConnID", "$c1"),
          Map.entry("TransferConnID", "$c2"),
          Map.entry("ConferenceConnID", "$c2"),
          Map.entry("AgentID", "\"1001\""),
          Map.entry("ThisQueue", "\"7001\""),
          Map.entry("From", "\"+14155550100\""),
          Map.entry("To", "\"8001\""),
          Map.entry("DN", "\"+14155550100\""),
          Map.entry("Key", "Segment"),
          Map.entry("Keys", "[Segment]"),
          Map.entry("seconds", "30"));

  /** Steps that docs/scenarios.md names and the model does not have yet. */
  private static final List<String> DOCUMENTED = List.of();

  private static final Map<String, StepSpec> SPECS = specs();

  private StepJson() {}

  /** The names of the steps that can be parsed, requests first. */
  public static Set<String> supportedSteps() {
    return SPECS.entrySet().stream()
        .filter(e -> e.getValue().unsupported().isEmpty())
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * The attributes of step {@code name}, mandatory ones first.
   *
   * @throws StepFormatException if there is no such step
   */
  public static List<String> attributes(String name) {
    return spec(name).attributes();
  }

  /**
   * The step {@code node} holds: {@code {"RequestMakeCall": {"ThisDN": "5001", ...}}}.
   *
   * @param resolver resolves {@code $NAME} in ConnID attributes
   * @throws StepFormatException saying what is wrong and how to write it
   */
  public static ParsedStep parse(JsonNode node, ConnIdResolver resolver) {
    Objects.requireNonNull(resolver, "resolver");
    if (node == null || !node.isObject()) {
      throw new StepFormatException(
          "a step must be a map with a single key, the step's name, e.g. "
              + EXAMPLE
              + "; was "
              + Nodes.describe(node, true));
    }
    List<String> keys = new ArrayList<>();
    node.fieldNames().forEachRemaining(keys::add);
    List<String> names = keys.stream().filter(k -> !SCENARIO_KEYS.contains(k)).toList();
    if (names.isEmpty()) {
      throw new StepFormatException(
          "a step must have the step's name as its key, e.g. "
              + EXAMPLE
              + "; this one has only "
              + keys);
    }
    if (names.size() > 1) {
      throw new StepFormatException(tooManyNames(names));
    }
    String name = names.get(0);
    StepSpec spec = spec(name);
    JsonNode body = node.get(name);
    if (body.isNull()) {
      body = JsonNodeFactory.instance.objectNode();
    } else if (!body.isObject()) {
      throw new StepFormatException(
          name
              + ": the attributes must be a map, e.g. "
              + spec.example()
              + "; was "
              + Nodes.describe(body, true));
    }
    Reader reader = new Reader(name, body, resolver);
    Optional<String> as = scenarioKey(name, node, body, AS).map(v -> asName(name, v));
    boolean expectError =
        scenarioKey(name, node, body, EXPECT_ERROR).map(v -> expectError(name, v)).orElse(false);
    List<String> unknown = new ArrayList<>();
    body.fieldNames()
        .forEachRemaining(
            key -> {
              if (!SCENARIO_KEYS.contains(key) && !spec.attributes().contains(key)) {
                unknown.add(key);
              }
            });
    if (!unknown.isEmpty()) {
      throw new StepFormatException(unknownAttributes(spec, unknown));
    }
    return new ParsedStep(spec.build(reader), as, expectError);
  }

  /**
   * {@code step} as {@code {"RequestMakeCall": {"ThisDN": "5001", ...}}}; {@link #parse} reads it
   * back.
   */
  public static ObjectNode toJson(Step step) {
    return toJson(ParsedStep.of(step));
  }

  /**
   * {@code step} with its scenario keys ({@code as}, and {@code expectError} when true) in its
   * attribute map.
   */
  public static ObjectNode toJson(ParsedStep step) {
    StepSpec spec = spec(step.step().name());
    ObjectNode attributes = spec.write(step.step());
    step.as().ifPresent(as -> attributes.put(AS, as));
    if (step.expectError()) {
      attributes.put(EXPECT_ERROR, true);
    }
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.set(step.step().name(), attributes);
    return node;
  }

  private static StepSpec spec(String name) {
    StepSpec spec = SPECS.get(name);
    if (spec == null) {
      if (DOCUMENTED.contains(name)) {
        throw new StepFormatException(
            name + " is not supported yet; the supported steps are " + supportedSteps());
      }
      throw new StepFormatException(
          "unknown step '"
              + name
              + "'"
              + didYouMean(name, allNames())
              + "; the steps are "
              + supportedSteps());
    }
    spec.unsupported()
        .ifPresent(
            why -> {
              throw new StepFormatException(name + " is not supported yet (" + why + ")");
            });
    return spec;
  }

  private static List<String> allNames() {
    List<String> all = new ArrayList<>(SPECS.keySet());
    all.addAll(DOCUMENTED);
    return all;
  }

  private static String tooManyNames(List<String> names) {
    List<String> known = names.stream().filter(SPECS::containsKey).toList();
    String message =
        "a step must have a single key, the step's name; this one has " + String.join(", ", names);
    if (known.size() == 1) {
      String step = known.get(0);
      return message
          + ". If "
          + names.stream().filter(n -> !n.equals(step)).collect(Collectors.joining(", "))
          + " belong to "
          + step
          + ", indent them under it or write them in braces, e.g. "
          + SPECS.get(step).example();
    }
    return message + ". Write each step as its own list item, e.g. " + EXAMPLE;
  }

  private static String unknownAttributes(StepSpec spec, List<String> unknown) {
    StringBuilder message = new StringBuilder(spec.name());
    message.append(unknown.size() == 1 ? " has no attribute " : " has no attributes ");
    message.append(String.join(", ", unknown));
    if (unknown.size() == 1) {
      message.append(didYouMean(unknown.get(0), spec.attributes()));
    }
    message.append("; its attributes are ").append(String.join(", ", spec.attributes()));
    message.append(", and the scenario keys as and expectError");
    return message.toString();
  }

  private static String didYouMean(String name, List<String> candidates) {
    return Nearest.didYouMean(name, candidates);
  }

  private static Optional<JsonNode> scenarioKey(
      String step, JsonNode node, JsonNode body, String key) {
    JsonNode inside = body.get(key);
    JsonNode beside = node.get(key);
    if (inside != null && beside != null) {
      throw new StepFormatException(
          step
              + ": "
              + key
              + " is given twice, beside the step name and among its attributes; keep one");
    }
    return Optional.ofNullable(inside != null ? inside : beside);
  }

  private static String asName(String step, JsonNode value) {
    if (!value.isTextual() || !NAME.matcher(value.textValue()).matches()) {
      throw new StepFormatException(
          step
              + ": as must be a name of letters, digits, '_' or '-' that starts with a letter or"
              + " '_', e.g. as: c1; was "
              + Nodes.describe(value, true));
    }
    return value.textValue();
  }

  private static boolean expectError(String step, JsonNode value) {
    if (!value.isBoolean()) {
      throw new StepFormatException(
          step + ": expectError must be true or false, was " + Nodes.describe(value, true));
    }
    return value.booleanValue();
  }

  // ---------------------------------------------------------------------------------------------
  // The mapping, derived from the model's records

  private static Map<String, StepSpec> specs() {
    Map<String, StepSpec> specs = new LinkedHashMap<>();
    for (StepType type : StepType.values()) {
      specs.put(type.wireName(), StepSpec.of(type));
    }
    return Collections.unmodifiableMap(specs);
  }

  /** One step: its record's canonical constructor and how each component is read and written. */
  private record StepSpec(
      String name,
      Optional<Constructor<?>> constructor,
      List<RecordComponent> components,
      List<Codec> codecs,
      Optional<String> unsupported) {

    static StepSpec of(StepType step) {
      String name = step.wireName();
      Class<?> type = step.record();
      RecordComponent[] components = type.getRecordComponents();
      long declared =
          Arrays.stream(components).filter(c -> c.getType() != RequestAttributes.class).count();
      if (declared != step.attributes().size()) {
        throw new IllegalStateException(
            "StepType."
                + name
                + " declares "
                + step.attributes().size()
                + " attributes, but its record "
                + type.getName()
                + " has "
                + declared
                + " components besides RequestAttributes; declare one attribute per component");
      }
      List<Codec> codecs = new ArrayList<>();
      int next = 0;
      for (RecordComponent component : components) {
        Optional<Codec> codec =
            component.getType() == RequestAttributes.class
                ? Optional.of(new AttributesCodec())
                : Codec.of(step.attributes().get(next++), component);
        if (codec.isEmpty()) {
          return new StepSpec(
              name,
              Optional.empty(),
              List.of(),
              List.of(),
              Optional.of(
                  "its component "
                      + component.getName()
                      + " has type "
                      + component.getGenericType().getTypeName()
                      + ", which has no JSON form yet"));
        }
        codecs.add(codec.get());
      }
      try {
        Class<?>[] types =
            Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        return new StepSpec(
            name,
            Optional.of(type.getDeclaredConstructor(types)),
            List.of(components),
            codecs,
            Optional.empty());
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException("record " + type + " has no canonical constructor", e);
      }
    }

    /** The attribute names, mandatory first, each group in component order. */
    List<String> attributes() {
      List<String> mandatory = new ArrayList<>();
      List<String> optional = new ArrayList<>();
      for (Codec codec : codecs) {
        (codec.mandatory() ? mandatory : optional).addAll(codec.attributes());
      }
      mandatory.addAll(optional);
      return mandatory;
    }

    /** The step written with its mandatory attributes, as a scenario file would. */
    String example() {
      String attributes =
          codecs.stream()
              .filter(Codec::mandatory)
              .map(Codec::example)
              .collect(Collectors.joining(", "));
      return "- " + name + ": {" + attributes + "}";
    }

    Step build(Reader reader) {
      Object[] arguments = new Object[codecs.size()];
      for (int i = 0; i < arguments.length; i++) {
        arguments[i] = codecs.get(i).read(reader, this);
      }
      try {
        return (Step) constructor.orElseThrow().newInstance(arguments);
      } catch (InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException) {
          throw new StepFormatException(name + ": " + cause.getMessage(), cause);
        }
        throw new IllegalStateException("cannot build " + name, cause);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot build " + name, e);
      }
    }

    ObjectNode write(Step step) {
      ObjectNode attributes = JsonNodeFactory.instance.objectNode();
      for (int i = 0; i < codecs.size(); i++) {
        try {
          codecs.get(i).write(components.get(i).getAccessor().invoke(step), attributes);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(
              "cannot read " + name + "." + components.get(i).getName(), e);
        }
      }
      return attributes;
    }
  }

  /** Gives access to a step's attribute map, with errors that name the step. */
  private record Reader(String step, JsonNode body, ConnIdResolver resolver) {

    Optional<JsonNode> get(String attribute) {
      return Optional.ofNullable(body.get(attribute));
    }

    StepFormatException error(String message) {
      return new StepFormatException(step + ": " + message);
    }

    StepFormatException wrongType(String attribute, String expected, JsonNode value) {
      String hint = "";
      if (expected.equals("a string") && (value.isNumber() || value.isBoolean())) {
        hint = "; quote it: " + attribute + ": \"" + value.asText() + "\"";
      }
      return error(
          attribute + " must be " + expected + ", was " + Nodes.describe(value, true) + hint);
    }
  }

  /** How a value of one Java type is read from and written to JSON. */
  private interface Kind {
    String describe();

    Object read(Reader reader, String attribute, JsonNode value);

    JsonNode write(Object value);

    default String sample(String attribute) {
      return SAMPLES.getOrDefault(attribute, "...");
    }

    static Optional<Kind> of(Type type) {
      if (type == String.class) {
        return Optional.of(new StringKind());
      }
      if (type == ConnId.class) {
        return Optional.of(new ConnIdKind());
      }
      if (type == long.class || type == Long.class) {
        return Optional.of(new IntegerKind(Long.MAX_VALUE));
      }
      if (type == int.class || type == Integer.class) {
        return Optional.of(new IntegerKind(Integer.MAX_VALUE));
      }
      if (type == Duration.class) {
        return Optional.of(new SecondsKind());
      }
      if (type == KVList.class) {
        return Optional.of(new KvKind());
      }
      if (type instanceof Class<?> enumType && enumType.isEnum()) {
        return Optional.of(new EnumKind(enumType));
      }
      if (type instanceof ParameterizedType list
          && list.getRawType() == List.class
          && list.getActualTypeArguments()[0] == String.class) {
        return Optional.of(new StringListKind());
      }
      return Optional.empty();
    }
  }

  private record StringKind() implements Kind {
    @Override
    public String describe() {
      return "a string";
    }

    @Override
    public Object read(Reader reader, String attribute, JsonNode value) {
      if (!value.isTextual()) {
        throw reader.wrongType(attribute, describe(), value);
      }
      return value.textValue();
    }

    @Override
    public JsonNode write(Object value) {
      return JsonNodeFactory.instance.textNode((String) value);
    }
  }

  private record ConnIdKind() implements Kind {
    @Override
    public String describe() {
      return "a ConnID: $NAME for a call bound with as: NAME, or the ConnID itself, e.g."
          + " \"006c02a8b7e30001@acme\"";
    }

    @Override
    public Object read(Reader reader, String attribute, JsonNode value) {
      if (!value.isTextual()) {
        throw reader.wrongType(attribute, describe(), value);
      }
      String text = value.textValue();
      if (text.startsWith("$")) {
        String name = text.substring(1);
        return reader
            .resolver()
            .resolve(name)
            .orElseThrow(
                () ->
                    reader.error(
                        attribute
                            + " refers to "
                            + text
                            + ", which is not bound: no earlier step has as: "
                            + (name.isEmpty() ? "NAME" : name)
                            + " (bound so far: "
                            + (reader.resolver().names().isEmpty()
                                ? "none"
                                : new TreeSet<>(reader.resolver().names()))
                            + ")"));
      }
      // all 16 digits, so that a name written without its $ (ConnID: c1) is not taken for hex
      int at = text.indexOf('@');
      if ((at < 0 ? text.length() : at) != 16) {
        throw reader.error(
            attribute
                + " '"
                + text
                + "' is not a ConnID"
                + (reader.resolver().resolve(text).isPresent()
                    ? " (did you mean $" + text + "?)"
                    : "")
                + ": write $NAME for the call bound with as: NAME, or the ConnID's 16 hex digits,"
                + " e.g. \"006c02a8b7e30001@acme\"");
      }
      ConnId connId;
      try {
        connId = ConnId.parse(text);
      } catch (IllegalArgumentException e) {
        throw reader.error(
            attribute + ": " + e.getMessage() + ", or $NAME for a call bound with as: NAME");
      }
      String site = reader.resolver().site();
      return connId.site().isEmpty() && !site.isEmpty() ? new ConnId(connId.value(), site) : connId;
    }

    @Override
    public JsonNode write(Object value) {
      return JsonNodeFactory.instance.textNode(value.toString());
    }
  }

  private record IntegerKind(long max) implements Kind {
    @Override
    public String describe() {
      return "an integer from 0 to " + max;
    }

    @Override
    public Object read(Reader reader, String attribute, JsonNode value) {
      if (!value.isIntegralNumber()
          || !value.canConvertToLong()
          || value.longValue() < 0
          || value.longValue() > max) {
        throw reader.wrongType(attribute, describe(), value);
      }
      return max == Long.MAX_VALUE ? (Object) value.longValue() : (Object) value.intValue();
    }

    @Override
    public JsonNode write(Object value) {
      return Nodes.number(((Number) value).longValue());
    }

    @Override
    public String sample(String attribute) {
      return SAMPLES.getOrDefault(attribute, "1");
    }
  }

  private record SecondsKind() implements Kind {
    @Override
    public String describe() {
      return "a number of seconds, not negative (fractions allowed, e.g. 2.5)";
    }

    @Override
    public Object read(Reader reader, String attribute, JsonNode value) {
      if (!value.isNumber() || value.decimalValue().signum() < 0) {
        throw reader.wrongType(attribute, describe(), value);
      }
      try {
        return Duration.ofNanos(
            value
                .decimalValue()
                .movePointRight(9)
                .setScale(0, RoundingMode.HALF_UP)
                .longValueExact());
      } catch (ArithmeticException e) {
        throw reader.error(attribute + " is too large, was " + value.asText());
      }
    }

    @Override
    public JsonNode write(Object value) {
      Duration duration = (Duration) value;
      if (duration.getNano() == 0) {
        return Nodes.number(duration.getSeconds());
      }
      return JsonNodeFactory.instance.numberNode(
          BigDecimal.valueOf(duration.getSeconds())
              .add(BigDecimal.valueOf(duration.getNano(), 9))
              .stripTrailingZeros());
    }

    @Override
    public String sample(String attribute) {
      return "30";
    }
  }

  private record KvKind() implements Kind {
    @Override
    public String describe() {
      return "a map";
    }

    @Override
    public Object read(Reader reader, String attribute, JsonNode value) {
      return KvJson.read(value, reader.step() + ": " + attribute, true, StepFormatException::new);
    }

    @Override
    public JsonNode write(Object value) {
      return KvJson.toTree((KVList) value);
    }

    @Override
    public String sample(String attribute) {
      return "{Segment: Gold}";
    }
  }

  private record EnumKind(Class<?> type) implements Kind {
    List<String> names() {
      return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
    }

    @Override
    public String describe() {
      return "one of " + String.join(", ", names());
    }

    @Override
    public Object read(Reader reader, String attribute, JsonNode value) {
      if (value.isTextual()) {
        for (Object constant : type.getEnumConstants()) {
          if (((Enum<?>) constant).name().equals(value.textValue())) {
            return constant;
          }
        }
        throw reader.error(
            attribute
                + " must be one of "
                + String.join(", ", names())
                + ", was '"
                + value.textValue()
                + "'"
                + didYouMean(value.textValue(), names()));
      }
      throw reader.wrongType(attribute, describe(), value);
    }

    @Override
    public JsonNode write(Object value) {
      return JsonNodeFactory.instance.textNode(((Enum<?>) value).name());
    }

    @Override
    public String sample(String attribute) {
      return names().stream()
          .filter(n -> !n.equals("Unknown") && !n.equals("None"))
          .findFirst()
          .orElse(names().get(0));
    }
  }

  private record StringListKind() implements Kind {
    @Override
    public String describe() {
      return "a list of strings";
    }

    @Override
    public Object read(Reader reader, String attribute, JsonNode value) {
      if (!value.isArray()) {
        throw reader.wrongType(attribute, describe(), value);
      }
      if (value.isEmpty()) {
        throw reader.error(
            attribute + " must list at least one entry; leave " + attribute + " out instead");
      }
      List<String> strings = new ArrayList<>();
      for (JsonNode element : value) {
        if (!element.isTextual()) {
          throw reader.wrongType(attribute + "[" + strings.size() + "]", "a string", element);
        }
        strings.add(element.textValue());
      }
      return List.copyOf(strings);
    }

    @Override
    public JsonNode write(Object value) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      ((List<?>) value).forEach(v -> array.add((String) v));
      return array;
    }
  }

  /** Reads and writes one record component, as one attribute or (RequestAttributes) several. */
  private interface Codec {
    List<String> attributes();

    boolean mandatory();

    /** The attribute as a scenario file writes it, for examples in messages. */
    String example();

    Object read(Reader reader, StepSpec spec);

    void write(Object value, ObjectNode attributes);

    /** The codec of {@code component}, whose attribute on the wire is {@code declared}. */
    static Optional<Codec> of(StepType.Attribute declared, RecordComponent component) {
      String attribute = declared.name();
      Type type = component.getGenericType();
      if (type instanceof ParameterizedType optional && optional.getRawType() == Optional.class) {
        return Kind.of(optional.getActualTypeArguments()[0])
            .map(kind -> new AttributeCodec(attribute, kind, Presence.OPTIONAL, null));
      }
      return Kind.of(type)
          .map(
              kind -> {
                if (declared.absent().isPresent()) {
                  return new AttributeCodec(
                      attribute, kind, Presence.DEFAULT, declared.absent().get());
                }
                if (kind instanceof KvKind && !declared.mandatory()) {
                  return new AttributeCodec(attribute, kind, Presence.EMPTY, KVList.EMPTY);
                }
                if (kind instanceof StringListKind) {
                  return new AttributeCodec(attribute, kind, Presence.EMPTY, List.of());
                }
                return new AttributeCodec(attribute, kind, Presence.MANDATORY, null);
              });
    }
  }

  /** What an absent attribute means. */
  private enum Presence {
    /** An error. */
    MANDATORY,
    /** {@link Optional#empty()}. */
    OPTIONAL,
    /** The listed default. */
    DEFAULT,
    /** The empty list (and an empty list is not written). */
    EMPTY
  }

  private record AttributeCodec(String attribute, Kind kind, Presence presence, Object absent)
      implements Codec {

    @Override
    public List<String> attributes() {
      return List.of(attribute);
    }

    @Override
    public boolean mandatory() {
      return presence == Presence.MANDATORY;
    }

    @Override
    public String example() {
      return attribute + ": " + kind.sample(attribute);
    }

    @Override
    public Object read(Reader reader, StepSpec spec) {
      Optional<JsonNode> value = reader.get(attribute);
      if (value.isEmpty()) {
        return switch (presence) {
          case MANDATORY ->
              throw reader.error(
                  "the mandatory attribute "
                      + attribute
                      + " ("
                      + kind.describe()
                      + ") is missing; write for example "
                      + spec.example());
          case OPTIONAL -> Optional.empty();
          case DEFAULT, EMPTY -> absent;
        };
      }
      Object read = kind.read(reader, attribute, value.get());
      return presence == Presence.OPTIONAL ? Optional.of(read) : read;
    }

    @Override
    public void write(Object value, ObjectNode attributes) {
      Object present = value;
      if (presence == Presence.OPTIONAL) {
        Optional<?> optional = (Optional<?>) value;
        if (optional.isEmpty()) {
          return;
        }
        present = optional.get();
      }
      if (presence == Presence.EMPTY && present.equals(absent)) {
        return;
      }
      attributes.set(attribute, kind.write(present));
    }
  }

  /** ReferenceID, Reasons and Extensions, which every request may carry. */
  private record AttributesCodec() implements Codec {
    private static final Kind REFERENCE_ID = new IntegerKind(Long.MAX_VALUE);
    private static final Kind LIST = new KvKind();

    @Override
    public List<String> attributes() {
      return List.of("ReferenceID", "Reasons", "Extensions");
    }

    @Override
    public boolean mandatory() {
      return false;
    }

    @Override
    public String example() {
      return "ReferenceID: 1";
    }

    @Override
    public Object read(Reader reader, StepSpec spec) {
      long referenceId =
          reader
              .get("ReferenceID")
              .map(v -> (Long) REFERENCE_ID.read(reader, "ReferenceID", v))
              .orElse(0L);
      KVList reasons =
          reader
              .get("Reasons")
              .map(v -> (KVList) LIST.read(reader, "Reasons", v))
              .orElse(KVList.EMPTY);
      KVList extensions =
          reader
              .get("Extensions")
              .map(v -> (KVList) LIST.read(reader, "Extensions", v))
              .orElse(KVList.EMPTY);
      return new RequestAttributes(referenceId, reasons, extensions);
    }

    @Override
    public void write(Object value, ObjectNode attributes) {
      RequestAttributes request = (RequestAttributes) value;
      if (request.referenceId() != 0) {
        attributes.set("ReferenceID", Nodes.number(request.referenceId()));
      }
      if (!request.reasons().isEmpty()) {
        attributes.set("Reasons", LIST.write(request.reasons()));
      }
      if (!request.extensions().isEmpty()) {
        attributes.set("Extensions", LIST.write(request.extensions()));
      }
    }
  }
}
