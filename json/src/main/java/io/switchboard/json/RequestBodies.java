package io.switchboard.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Steps sent over HTTP or WebSocket as JSON bodies: the same steps as scenario files, without the
 * scenario keys ({@code as}, {@code expectError}) and with every message in the terms of a JSON
 * body: examples as JSON, ConnIDs written out, never a parser's internals.
 */
public final class RequestBodies {
  private static final Pattern STEP_EXAMPLE = Pattern.compile("(- )?\\b([A-Z][A-Za-z]*): \\{");
  private static final Pattern QUOTE_IT = Pattern.compile("quote it: (\\w+): \"([^\"]*)\"");
  private static final Pattern UNBOUND =
      Pattern.compile("(\\w+) refers to (\\$\\S*), which is not bound: .*");
  private static final Pattern FEATURE_NOTE =
      Pattern.compile("\\s*\\((?:[^()]|\\([^()]*\\))*[Ff]eature(?:[^()]|\\([^()]*\\))*\\)");
  private static final Pattern ENABLE_NOTE = Pattern.compile("[;:,]?\\s*enable `[^`]*` to allow");

  private RequestBodies() {}

  /**
   * The step a request body holds, for {@code tenant}.
   *
   * @throws StepFormatException saying, in JSON terms, what is wrong and how to write it
   */
  public static ParsedStep parse(JsonNode node, String tenant) {
    if (node != null && node.isObject()) {
      for (String key : new String[] {StepJson.AS, StepJson.EXPECT_ERROR}) {
        boolean inside = false;
        for (JsonNode value : node) {
          inside |= value.isObject() && value.has(key);
        }
        if (node.has(key) || inside) {
          throw new StepFormatException(
              "'"
                  + key
                  + "' belongs to scenario files; a request is the step's name and its"
                  + " attributes only, e.g. {\"RequestMakeCall\": {\"ThisDN\": \"5001\","
                  + " \"OtherDN\": \"5002\"}}");
        }
      }
    }
    try {
      return StepJson.parse(node, ConnIdResolver.of(Map.of(), tenant));
    } catch (StepFormatException e) {
      throw new StepFormatException(inJsonTerms(e.getMessage()), e);
    }
  }

  /** {@code message}, written for a scenario file, in the terms of a JSON body. */
  static String inJsonTerms(String message) {
    Matcher unbound = UNBOUND.matcher(message);
    if (unbound.find()) {
      message =
          message.substring(0, unbound.start())
              + unbound.group(1)
              + " is '"
              + unbound.group(2)
              + "', a name only scenario files bind: write the ConnID itself, as the answer that"
              + " made the call gave it, e.g. \"006c02a8b7e30001@acme\"";
    }
    message =
        message
            .replace(", and the scenario keys as and expectError", "")
            .replace("$NAME for a call bound with as: NAME, or the ConnID itself", "the ConnID")
            .replace("write $NAME for the call bound with as: NAME, or the ConnID's", "write the")
            .replace(", or $NAME for a call bound with as: NAME", "")
            .replace(
                "a step must be a map with a single key", "a step is a JSON object with one key")
            .replace("the attributes must be a map", "the attributes must be a JSON object")
            .replace("indent them under it or write them in braces", "put them inside its object")
            .replace("Write each step as its own list item", "Send one step per request")
            .replace(" must be a map", " must be a JSON object");
    message =
        QUOTE_IT
            .matcher(message)
            .replaceAll(
                m ->
                    Matcher.quoteReplacement(
                        "quote it: \"" + m.group(1) + "\": \"" + m.group(2) + "\""));
    return examplesAsJson(message);
  }

  /** Scenario-file examples ({@code - RequestMakeCall: {ThisDN: "5001"}}) as JSON bodies. */
  private static String examplesAsJson(String message) {
    StringBuilder out = new StringBuilder();
    Matcher example = STEP_EXAMPLE.matcher(message);
    int from = 0;
    while (example.find(from)) {
      int open = example.end() - 1;
      int close = closingBrace(message, open);
      if (close < 0) {
        break;
      }
      String yaml = "{" + example.group(2) + ": " + message.substring(open, close + 1) + "}";
      String json;
      try {
        json = Json.mapper().writeValueAsString(Json.yamlMapper().readTree(yaml));
      } catch (JsonProcessingException | RuntimeException e) {
        out.append(message, from, close + 1);
        from = close + 1;
        continue;
      }
      out.append(message, from, example.start()).append(json);
      from = close + 1;
    }
    out.append(message.substring(from));
    return out.toString();
  }

  private static int closingBrace(String text, int open) {
    int depth = 0;
    boolean quoted = false;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '{') {
        depth++;
      } else if (!quoted && c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * What is wrong with a body that is not JSON, with where it is, without the parser's internals
   * (its features and settings).
   */
  public static String syntaxError(JsonProcessingException e) {
    String message = e.getOriginalMessage() == null ? "not JSON" : e.getOriginalMessage();
    message = FEATURE_NOTE.matcher(message).replaceAll("");
    message = ENABLE_NOTE.matcher(message).replaceAll("");
    message = message.replace("\n", " ").strip();
    JsonLocation where = e.getLocation();
    if (where != null && where.getLineNr() > 0) {
      message += " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
    }
    return message;
  }
}
