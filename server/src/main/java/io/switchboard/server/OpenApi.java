package io.switchboard.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI description of the API, {@code openapi.yaml} beside this class, and its JSON form.
 * Its {@code servers} entry is served as the address the description was fetched at, so that a
 * client generated from it, or a viewer's "try it", calls the service it came from.
 */
record OpenApi(String yaml, JsonNode tree) {
  static final String RESOURCE = "openapi.yaml";

  /** The one server URL of the file, replaced when served. */
  private static final Pattern SERVER_URL =
      Pattern.compile("(?m)^(servers:\\n(?:\\s*#.*\\n)*  - url: )(\\S+)$");

  /** What a base URL may be: a scheme, and a host (a name, IPv4 or [IPv6]) with a port. */
  private static final Pattern BASE_URL =
      Pattern.compile("https?://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?");

  static OpenApi load() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the server jar");
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      if (!SERVER_URL.matcher(yaml).find()) {
        throw new IllegalStateException(RESOURCE + " has no servers entry with one url");
      }
      return new OpenApi(yaml, Json.yamlMapper().readTree(yaml));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * The description in YAML, with {@code baseUrl} as its server.
   *
   * @param baseUrl how the client reached the service, e.g. {@code http://10.0.0.5:8080}; a value
   *     that is not a plain scheme, host and port leaves the file's own
   */
  String yaml(String baseUrl) {
    if (!BASE_URL.matcher(baseUrl).matches()) {
      return yaml;
    }
    return SERVER_URL.matcher(yaml).replaceFirst("$1" + Matcher.quoteReplacement(baseUrl));
  }

  /** The description in JSON, with {@code baseUrl} as its server (see {@link #yaml(String)}). */
  String json(String baseUrl) {
    ObjectNode copy = tree.deepCopy();
    if (BASE_URL.matcher(baseUrl).matches()) {
      copy.withArray("servers").removeAll().addObject().put("url", baseUrl);
    }
    try {
      return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(copy) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the description as JSON", e);
    }
  }
}
