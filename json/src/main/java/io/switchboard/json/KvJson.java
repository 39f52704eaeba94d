package io.switchboard.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.model.KVList;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Key-value lists (UserData, Reasons, Extensions, TreatmentParms, CallHistory) as JSON objects
 * whose values are strings, integers or nested objects, in the list's order.
 */
final class KvJson {

  private KvJson() {}

  /**
   * The list {@code node} holds.
   *
   * @param path the attribute's name, for messages, e.g. {@code EventRinging.UserData}
   * @param yaml whether messages use YAML's words
   * @param error makes the exception thrown for a value that is not a key-value list
   */
  static KVList read(
      JsonNode node, String path, boolean yaml, Function<String, RuntimeException> error) {
    if (!node.isObject()) {
      throw error.apply(
          path
              + " must be "
              + (yaml ? "a map" : "an object")
              + " of keys to strings, integers or nested "
              + (yaml ? "maps" : "objects")
              + ", was "
              + Nodes.describe(node, yaml));
    }
    if (node.isEmpty()) {
      return KVList.EMPTY;
    }
    LinkedHashMap<String, Object> entries = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : node.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      String keyPath = path + "." + key;
      if (value.isTextual()) {
        entries.put(key, value.textValue());
      } else if (value.isIntegralNumber() && value.canConvertToLong()) {
        entries.put(key, value.longValue());
      } else if (value.isObject()) {
        entries.put(key, read(value, keyPath, yaml, error));
      } else {
        String hint =
            value.isNumber() || value.isBoolean()
                ? "; write it as a string, e.g. \"" + value.asText() + "\""
                : "";
        throw error.apply(
            keyPath
                + " must be a string, an integer or "
                + (yaml ? "a map" : "an object")
                + ", was "
                + Nodes.describe(value, yaml)
                + hint);
      }
    }
    return KVList.of(entries);
  }

  /** Writes {@code list} as a JSON object. */
  static void write(KVList list, JsonGenerator generator) throws IOException {
    generator.writeStartObject();
    for (Map.Entry<String, Object> entry : list.asMap().entrySet()) {
      generator.writeFieldName(entry.getKey());
      Object value = entry.getValue();
      if (value instanceof String text) {
        generator.writeString(text);
      } else if (value instanceof Long number) {
        generator.writeNumber(number.longValue());
      } else {
        write((KVList) value, generator);
      }
    }
    generator.writeEndObject();
  }

  /** {@code list} as a tree. */
  static ObjectNode toTree(KVList list) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    list.asMap()
        .forEach(
            (key, value) -> {
              if (value instanceof String text) {
                node.put(key, text);
              } else if (value instanceof Long number) {
                node.set(key, Nodes.number(number));
              } else {
                node.set(key, toTree((KVList) value));
              }
            });
    return node;
  }
}
