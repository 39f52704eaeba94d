package io.switchboard.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** How error messages describe a JSON value that was not what was expected. */
final class Nodes {

  private Nodes() {}

  /**
   * What {@code node} is, e.g. {@code a number (5001)}. Scenario authors write YAML, so {@code
   * yaml} selects its words (map, list) over JSON's (object, array).
   */
  static String describe(JsonNode node, boolean yaml) {
    if (node == null || node.isMissingNode()) {
      return "absent";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isTextual()) {
      return "a string (\"" + abbreviate(node.textValue()) + "\")";
    }
    if (node.isNumber()) {
      return "a number (" + node.asText() + ")";
    }
    if (node.isBoolean()) {
      return "a boolean (" + node.asText() + ")";
    }
    if (node.isObject()) {
      return yaml ? "a map" : "an object";
    }
    if (node.isArray()) {
      return yaml ? "a list" : "an array";
    }
    return node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
  }

  /**
   * {@code value} as the node a parser gives for it (an int node when it fits), so that a tree
   * built in memory equals the tree read back from its JSON.
   */
  static JsonNode number(long value) {
    return value == (int) value
        ? JsonNodeFactory.instance.numberNode((int) value)
        : JsonNodeFactory.instance.numberNode(value);
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
