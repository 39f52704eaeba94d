package io.switchboard.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.model.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The schemas under {@code docs/schemas/} are exactly what {@link EventSchemas} makes from the
 * catalog: one per event type and no other. With {@code -Dschemas.write=true} the test writes them
 * instead (see {@link EventSchemas#REGENERATE}).
 */
class EventSchemaFilesTest {

  private static final Path FOLDER = Path.of("..", "docs", "schemas");

  @Test
  void theCommittedSchemasAreTheGeneratedOnes() throws IOException {
    if (Boolean.getBoolean("schemas.write")) {
      Files.createDirectories(FOLDER);
      for (EventType type : EventType.values()) {
        Files.writeString(
            FOLDER.resolve(EventSchemas.fileName(type)),
            EventSchemas.text(type),
            StandardCharsets.UTF_8);
      }
    }
    String regenerate =
        " (the catalog changed: regenerate docs/schemas/ with `" + EventSchemas.REGENERATE + "`)";
    List<String> expected = Arrays.stream(EventType.values()).map(EventSchemas::fileName).toList();
    try (Stream<Path> files = Files.list(FOLDER)) {
      assertThat(files.map(f -> f.getFileName().toString()).toList())
          .as("the files of docs/schemas/" + regenerate)
          .containsExactlyInAnyOrderElementsOf(expected);
    }
    for (EventType type : EventType.values()) {
      assertThat(Files.readString(FOLDER.resolve(EventSchemas.fileName(type))))
          .as("docs/schemas/%s%s", EventSchemas.fileName(type), regenerate)
          .isEqualTo(EventSchemas.text(type));
    }
  }
}
