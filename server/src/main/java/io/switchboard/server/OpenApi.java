package io.switchboard.server;

import io.switchboard.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The OpenAPI description of the API, {@code openapi.yaml} beside this class, and its JSON form.
 */
record OpenApi(String yaml, String json) {
  static final String RESOURCE = "openapi.yaml";

  static OpenApi load() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the server jar");
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      String json =
          Json.mapper()
              .writerWithDefaultPrettyPrinter()
              .writeValueAsString(Json.yamlMapper().readTree(yaml));
      return new OpenApi(yaml, json + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }
}
