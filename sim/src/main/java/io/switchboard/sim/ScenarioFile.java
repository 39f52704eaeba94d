package io.switchboard.sim;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.engine.DirectoryEntry;
import io.switchboard.engine.TenantConfig;
import io.switchboard.json.ConnIdResolver;
import io.switchboard.json.EventFormatException;
import io.switchboard.json.EventJson;
import io.switchboard.json.Json;
import io.switchboard.json.ParsedStep;
import io.switchboard.json.StepFormatException;
import io.switchboard.json.StepJson;
import io.switchboard.model.Attribute;
import io.switchboard.model.ConnId;
import io.switchboard.model.DNType;
import io.switchboard.model.EventType;
import io.switchboard.model.ValueType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A scenario file (docs/scenarios.md): a script of telephony activity for one tenant, in YAML or
 * JSON.
 *
 * <pre>{@code
 * name: inbound call answered
 * tenant: acme
 * directory:
 *   - {dn: "5001", type: Extension}
 * steps:
 *   - InboundCall: {From: "+14155550100", To: "5001", as: c1}
 *   - RequestAnswerCall: {ThisDN: "5001", ConnID: $c1}
 * }</pre>
 *
 * <p>A step may also carry {@code expect}, the list of events it must deliver (see {@link
 * ExpectedEvent}). {@link #parse} checks the whole file before anything runs: the keys, the tenant
 * id, the directory, every step with {@link StepJson} and every expected event against the catalog,
 * including that each {@code $NAME} is bound by an earlier step's {@code as: NAME} (or, in {@code
 * expect}, by the step's own).
 *
 * @param name what the scenario is about; the file name when the file has no {@code name}
 * @param tenant the tenant id of the run
 * @param directory the tenant's DNs; any number not listed is external
 * @param steps the steps, in order
 */
public record ScenarioFile(
    String name, String tenant, List<DirectoryEntry> directory, List<ScenarioStep> steps) {

  private static final List<String> KEYS = List.of("name", "tenant", "directory", "steps");
  private static final String ENTRY_EXAMPLE = "{dn: \"5001\", type: Extension}";
  private static final String STEP_EXAMPLE =
      "- RequestMakeCall: {ThisDN: \"5001\", OtherDN: \"5002\"}";
  private static final String EXPECT = "expect";
  private static final String EXPECT_EXAMPLE = "{party: \"5002\", id: EventRinging, ConnID: $c1}";

  public ScenarioFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(tenant, "tenant");
    directory = List.copyOf(directory);
    steps = List.copyOf(steps);
  }

  /** The tenant's configuration, with {@code server} as the Server attribute of its events. */
  public TenantConfig tenantConfig(String server) {
    return new TenantConfig(tenant, directory, server);
  }

  /**
   * Reads the scenario in {@code file}.
   *
   * @throws ScenarioFormatException naming the file, the place and the problem
   * @throws IOException if the file cannot be read
   */
  public static ScenarioFile parse(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String fileName = file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    return parse(text, file.toString(), dot > 0 ? fileName.substring(0, dot) : fileName);
  }

  /**
   * Reads the scenario {@code text}, YAML or JSON.
   *
   * @throws ScenarioFormatException naming the place and the problem
   */
  public static ScenarioFile parse(String text) {
    return parse(text, "scenario", "scenario");
  }

  private static ScenarioFile parse(String text, String source, String defaultName) {
    return new Reader(text, source).read(defaultName);
  }

  /** Reads one file, tracking where each step starts and ends. */
  private static final class Reader {
    private final String text;
    private final String source;
    private final ObjectReader trees;

    Reader(String text, String source) {
      this.text = text;
      this.source = source;
      ObjectMapper mapper = looksLikeJson(text) ? Json.mapper() : Json.yamlMapper();
      // values are read one by one from a document that goes on after them
      this.trees =
          mapper.readerFor(JsonNode.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    private static boolean looksLikeJson(String text) {
      return text.stripLeading().startsWith("{");
    }

    private ScenarioFormatException error(String message) {
      return new ScenarioFormatException(source + ": " + message);
    }

    ScenarioFile read(String defaultName) {
      try (JsonParser parser = trees.createParser(text)) {
        return read(parser, defaultName);
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where =
            at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        throw new ScenarioFormatException(
            source + ": not valid YAML or JSON" + where + ": " + e.getOriginalMessage(), e);
      } catch (IOException e) {
        throw new IllegalStateException("reading a string cannot fail", e);
      }
    }

    private ScenarioFile read(JsonParser parser, String defaultName) throws IOException {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw error(
            "the file is empty; a scenario is a map with the keys "
                + KEYS
                + " (see docs/scenarios.md)");
      }
      if (first != JsonToken.START_OBJECT) {
        throw error(
            "a scenario must be a map with the keys "
                + KEYS
                + ", was "
                + describe(trees.readTree(parser)));
      }
      Map<String, JsonNode> values = new LinkedHashMap<>();
      List<RawStep> rawSteps = null;
      List<String> unknown = new ArrayList<>();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int line = parser.currentTokenLocation().getLineNr();
        parser.nextToken();
        if (key.equals("steps")) {
          rawSteps = readSteps(parser);
        } else {
          values.put(key, trees.readTree(parser));
          if (!KEYS.contains(key)) {
            unknown.add(key + " (line " + line + ")");
          }
        }
      }
      if (parser.nextToken() != null) {
        throw error(
            "there is more after the scenario, at line "
                + parser.currentTokenLocation().getLineNr()
                + ": a file holds one scenario");
      }
      if (!unknown.isEmpty()) {
        throw error(
            "unknown top-level key(s) " + String.join(", ", unknown) + "; the keys are " + KEYS);
      }
      String name = optionalString(values, "name").orElse(defaultName);
      String tenant = tenant(values);
      List<DirectoryEntry> directory = directory(values.get("directory"));
      if (rawSteps == null) {
        throw error(
            "the key steps is missing: list the steps, e.g. steps: ["
                + STEP_EXAMPLE.substring(2)
                + "]");
      }
      return new ScenarioFile(name, tenant, directory, checkSteps(rawSteps, tenant));
    }

    private Optional<String> optionalString(Map<String, JsonNode> values, String key) {
      JsonNode value = values.get(key);
      if (value == null) {
        return Optional.empty();
      }
      if (!value.isTextual()) {
        throw error(key + " must be a string, was " + describe(value));
      }
      return Optional.of(value.textValue());
    }

    private String tenant(Map<String, JsonNode> values) {
      String tenant =
          optionalString(values, "tenant")
              .orElseThrow(
                  () ->
                      error(
                          "the key tenant is missing: name the tenant whose telephony this is, e.g."
                              + " tenant: acme"));
      try {
        TenantConfig.of(tenant, List.of());
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage());
      }
      return tenant;
    }

    private List<DirectoryEntry> directory(JsonNode node) {
      if (node == null || node.isNull()) {
        return List.of();
      }
      if (!node.isArray()) {
        throw error(
            "directory must be a list of entries like "
                + ENTRY_EXAMPLE
                + ", was "
                + describe(node));
      }
      List<DirectoryEntry> entries = new ArrayList<>();
      Map<String, Integer> seen = new HashMap<>();
      int number = 0;
      for (JsonNode entry : node) {
        number++;
        String where = "directory entry " + number;
        if (!entry.isObject()) {
          throw error(where + " must be a map like " + ENTRY_EXAMPLE + ", was " + describe(entry));
        }
        Map<String, String> options = new java.util.LinkedHashMap<>();
        for (var field : (Iterable<Map.Entry<String, JsonNode>>) entry::fields) {
          if (!field.getKey().equals("dn") && !field.getKey().equals("type")) {
            if (!field.getValue().isValueNode()) {
              throw error(
                  where
                      + ": option "
                      + field.getKey()
                      + " must be a single value, was "
                      + describe(field.getValue()));
            }
            options.put(field.getKey(), field.getValue().asText());
          }
        }
        JsonNode dn = entry.get("dn");
        if (dn == null || !dn.isTextual() || dn.textValue().isBlank()) {
          String hint =
              dn != null && dn.isNumber() ? "; quote it: dn: \"" + dn.asText() + "\"" : "";
          throw error(
              where
                  + ": dn must be a non-blank string, e.g. "
                  + ENTRY_EXAMPLE
                  + ", was "
                  + describe(dn)
                  + hint);
        }
        where = where + " (dn " + dn.textValue() + ")";
        JsonNode type = entry.get("type");
        String types =
            Arrays.stream(DNType.values()).map(Enum::name).collect(Collectors.joining(", "));
        if (type == null || !type.isTextual()) {
          throw error(where + ": type must be one of " + types + ", was " + describe(type));
        }
        String entryName = where;
        DNType dnType =
            Arrays.stream(DNType.values())
                .filter(t -> t.name().equals(type.textValue()))
                .findFirst()
                .orElseThrow(
                    () ->
                        error(
                            entryName
                                + ": unknown type '"
                                + type.textValue()
                                + "'; the types are "
                                + types));
        Integer previous = seen.putIfAbsent(dn.textValue(), number);
        if (previous != null) {
          throw error(
              "directory lists dn "
                  + dn.textValue()
                  + " twice, in entries "
                  + previous
                  + " and "
                  + number);
        }
        try {
          entries.add(new DirectoryEntry(dn.textValue(), dnType, options));
        } catch (IllegalArgumentException e) {
          throw error(where + ": " + e.getMessage());
        }
      }
      return entries;
    }

    /** A step as read, before it is checked. */
    private record RawStep(int number, int line, String text, JsonNode node) {}

    private List<RawStep> readSteps(JsonParser parser) throws IOException {
      if (parser.currentToken() != JsonToken.START_ARRAY) {
        JsonNode value = trees.readTree(parser);
        throw error(
            "steps must be a list of steps, each written like "
                + STEP_EXAMPLE
                + ", was "
                + describe(value));
      }
      List<RawStep> steps = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        JsonLocation start = parser.currentTokenLocation();
        JsonNode node = trees.readTree(parser);
        JsonLocation end = parser.currentLocation();
        int number = steps.size() + 1;
        steps.add(new RawStep(number, start.getLineNr(), textBetween(start, end, node), node));
      }
      return steps;
    }

    /** The step as written, without the comments and blank lines that follow it. */
    private String textBetween(JsonLocation start, JsonLocation end, JsonNode node) {
      long from = start.getCharOffset();
      long to = end.getCharOffset();
      if (from < 0 || to > text.length() || to <= from) {
        return node.toString();
      }
      List<String> lines =
          new ArrayList<>(List.of(text.substring((int) from, (int) to).split("\r?\n", -1)));
      while (!lines.isEmpty()
          && (lines.get(lines.size() - 1).isBlank()
              || lines.get(lines.size() - 1).strip().startsWith("#"))) {
        lines.remove(lines.size() - 1);
      }
      if (lines.isEmpty()) {
        return node.toString();
      }
      String stepText = String.join("\n", lines).stripTrailing();
      // a JSON array element ends before its comma; YAML's may end after it in flow style
      return stepText.endsWith(",") ? stepText.substring(0, stepText.length() - 1) : stepText;
    }

    /**
     * Parses every step, with the names bound by earlier steps, and its {@code expect} list, so
     * that errors show before the run.
     */
    private List<ScenarioStep> checkSteps(List<RawStep> rawSteps, String tenant) {
      Map<String, Integer> boundBy = new LinkedHashMap<>();
      ConnId placeholder = new ConnId(0, tenant);
      ConnIdResolver resolver =
          new ConnIdResolver() {
            @Override
            public Optional<ConnId> resolve(String name) {
              return boundBy.containsKey(name) ? Optional.of(placeholder) : Optional.empty();
            }

            @Override
            public Set<String> names() {
              return Set.copyOf(boundBy.keySet());
            }

            @Override
            public String site() {
              return tenant;
            }
          };
      List<ScenarioStep> steps = new ArrayList<>();
      for (RawStep raw : rawSteps) {
        String where =
            source
                + ": step "
                + raw.number()
                + " (line "
                + raw.line()
                + "): "
                + raw.text()
                + "\n  ";
        JsonNode node = raw.node().deepCopy();
        Optional<JsonNode> expectNode = removeExpect(node, where);
        ParsedStep parsed;
        try {
          parsed = StepJson.parse(node, resolver);
        } catch (StepFormatException e) {
          throw new ScenarioFormatException(where + e.getMessage(), e);
        }
        if (parsed.as().isPresent()) {
          String name = parsed.as().get();
          Integer earlier = boundBy.putIfAbsent(name, raw.number());
          if (earlier != null) {
            throw new ScenarioFormatException(
                where
                    + "as: "
                    + name
                    + " is already bound by step "
                    + earlier
                    + "; choose another name");
          }
        }
        Optional<List<ExpectedEvent>> expect =
            expectNode.map(n -> expectations(n, boundBy.keySet(), where));
        steps.add(new ScenarioStep(raw.number(), raw.line(), raw.text(), node, expect));
      }
      return steps;
    }

    /**
     * Takes the {@code expect} list out of the step, from beside its name or among its attributes.
     */
    private Optional<JsonNode> removeExpect(JsonNode node, String where) {
      if (!node.isObject()) {
        return Optional.empty();
      }
      ObjectNode step = (ObjectNode) node;
      JsonNode beside = step.remove(EXPECT);
      JsonNode inside = null;
      for (JsonNode value : step) {
        if (value.isObject() && value.has(EXPECT)) {
          inside = ((ObjectNode) value).remove(EXPECT);
        }
      }
      if (beside != null && inside != null) {
        throw new ScenarioFormatException(
            where
                + "expect is given twice, beside the step name and among its attributes; keep one");
      }
      return Optional.ofNullable(beside != null ? beside : inside);
    }

    private List<ExpectedEvent> expectations(JsonNode node, Set<String> bound, String where) {
      if (!node.isArray()) {
        throw new ScenarioFormatException(
            where
                + "expect must be a list of events, each like "
                + EXPECT_EXAMPLE
                + ", was "
                + describe(node));
      }
      List<ExpectedEvent> expected = new ArrayList<>();
      for (JsonNode entry : node) {
        expected.add(
            expectation(entry, bound, where + "expect entry " + (expected.size() + 1) + ": "));
      }
      return expected;
    }

    private ExpectedEvent expectation(JsonNode entry, Set<String> bound, String where) {
      if (!entry.isObject()) {
        throw new ScenarioFormatException(
            where + "must be a map like " + EXPECT_EXAMPLE + ", was " + describe(entry));
      }
      JsonNode party = entry.get("party");
      if (party == null || !party.isTextual()) {
        throw new ScenarioFormatException(
            where
                + "party must be the DN the event goes to, e.g. "
                + EXPECT_EXAMPLE
                + ", was "
                + describe(party));
      }
      JsonNode id = entry.get("id");
      EventType type =
          id == null || !id.isTextual()
              ? null
              : Arrays.stream(EventType.values())
                  .filter(t -> t.name().equals(id.textValue()))
                  .findFirst()
                  .orElse(null);
      if (type == null) {
        throw new ScenarioFormatException(
            where
                + "id must be the event name, e.g. "
                + EXPECT_EXAMPLE
                + ", was "
                + describe(id)
                + "; the events are "
                + Arrays.stream(EventType.values()).map(Enum::name).sorted().toList());
      }
      Map<Attribute, JsonNode> attributes = new EnumMap<>(Attribute.class);
      for (Map.Entry<String, JsonNode> field : entry.properties()) {
        String name = field.getKey();
        if (name.equals("party") || name.equals("id")) {
          continue;
        }
        Attribute attribute =
            Arrays.stream(Attribute.values())
                .filter(a -> a.name().equals(name))
                .findFirst()
                .orElse(null);
        JsonNode value = field.getValue();
        try {
          if (attribute == null) {
            throw new EventFormatException(type + " has no attribute \"" + name + "\"");
          }
          if (attribute.type() == ValueType.CONN_ID
              && value.isTextual()
              && value.textValue().startsWith("$")) {
            String bindingName = value.textValue().substring(1);
            if (!bound.contains(bindingName)) {
              throw new ScenarioFormatException(
                  where
                      + name
                      + " refers to "
                      + value.textValue()
                      + ", which no earlier step nor this one binds with as: "
                      + bindingName);
            }
          } else {
            EventJson.attributeValue(type, attribute, value);
          }
        } catch (EventFormatException e) {
          throw new ScenarioFormatException(where + e.getMessage(), e);
        }
        attributes.put(attribute, value);
      }
      return new ExpectedEvent(party.textValue(), type, attributes);
    }

    private static String describe(JsonNode node) {
      if (node == null) {
        return "absent";
      }
      if (node.isTextual()) {
        return "a string (\"" + node.textValue() + "\")";
      }
      if (node.isNumber()) {
        return "a number (" + node.asText() + ")";
      }
      if (node.isObject()) {
        return "a map";
      }
      if (node.isArray()) {
        return "a list";
      }
      return node.isNull()
          ? "null (empty)"
          : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)
              + " ("
              + node.asText()
              + ")";
    }
  }
}
