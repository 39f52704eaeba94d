package io.switchboard.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The configured Jackson mappers every module shares, so that JSON and YAML are read and written
 * the same way everywhere.
 *
 * <p>Both mappers reject duplicate keys (a duplicated attribute is a typo, not an override) and
 * trailing content, and both read and write {@link io.switchboard.model.Event} in the wire format
 * of {@link EventJson}. They are shared: do not reconfigure them; call {@code copy()} first if a
 * different configuration is needed.
 */
public final class Json {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .addModule(EventJson.module())
          .build();

  private static final ObjectMapper YAML_MAPPER =
      YAMLMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          // without this, MINIMIZE_QUOTES writes the DN "5001" as a number
          .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
          .addModule(EventJson.module())
          .build();

  private Json() {}

  /** The JSON mapper. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** The YAML mapper (scenario files); it also reads JSON documents written in flow style. */
  public static ObjectMapper yamlMapper() {
    return YAML_MAPPER;
  }
}
