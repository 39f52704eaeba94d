package io.switchboard.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.model.Attribute;
import io.switchboard.model.Event;
import io.switchboard.model.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every event type has a golden file, in the wire format, that the codec reproduces exactly. */
class GoldenFilesTest {

  private final EventJson codec = new EventJson();

  static JsonNode golden(EventType type) throws IOException {
    try (InputStream in = GoldenFilesTest.class.getResourceAsStream("/golden/" + type + ".json")) {
      assertThat(in).as("golden/%s.json", type).isNotNull();
      return Json.mapper().readTree(in);
    }
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyEventTypeHasAGoldenFileNamedAfterItsId(EventType type) throws IOException {
    assertThat(golden(type).get("id").textValue()).isEqualTo(type.name());
  }

  @Test
  void everyGoldenFileIsAnEventType() throws IOException, URISyntaxException {
    URL folder = GoldenFilesTest.class.getResource("/golden");
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      List<String> names = files.map(f -> f.getFileName().toString()).toList();
      assertThat(names)
          .containsExactlyInAnyOrderElementsOf(
              Arrays.stream(EventType.values()).map(t -> t + ".json").toList());
    }
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void encodingTheGoldenEventGivesTheGoldenJson(EventType type) throws IOException {
    JsonNode golden = golden(type);
    Event event = codec.fromTree(golden);

    assertThat(Json.mapper().readTree(codec.encode(event))).isEqualTo(golden);
    assertThat(codec.toTree(event)).isEqualTo(golden);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void everyGoldenEventRoundTrips(EventType type) throws IOException {
    Event event = codec.fromTree(golden(type));

    assertThat(codec.decode(codec.encode(event))).isEqualTo(event);
    assertThat(codec.decode(codec.encodeToString(event))).isEqualTo(event);
  }

  @ParameterizedTest
  @EnumSource(EventType.class)
  void attributesAreWrittenIdFirstThenInAttributeOrder(EventType type) throws IOException {
    JsonNode golden = golden(type);
    JsonNode encoded = Json.mapper().readTree(codec.encode(codec.fromTree(golden)));

    List<String> canonical = new ArrayList<>();
    for (Attribute attribute : Attribute.values()) {
      if (golden.has(attribute.name())) {
        canonical.add(attribute.name());
      }
    }
    assertThat(fieldNames(encoded)).containsExactlyElementsOf(canonical).startsWith("id");
    assertThat(fieldNames(golden)).containsExactlyElementsOf(canonical);
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
