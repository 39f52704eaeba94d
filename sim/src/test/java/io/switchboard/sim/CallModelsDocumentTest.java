package io.switchboard.sim;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/call-models.md} is what {@link SequenceDiagrams} draws from the scenario files and
 * the engine as they are now. With {@code -Dswitchboard.regenerate=true} the test rewrites the
 * document instead of checking it.
 */
class CallModelsDocumentTest {

  private static final Path SCENARIOS = Path.of("..", "scenarios");
  private static final Path DOCUMENT = Path.of("..", "docs", "call-models.md");
  private static final String REGENERATE =
      "mvn -B -pl sim test -Dtest=CallModelsDocumentTest -Dswitchboard.regenerate=true";

  @Test
  void documentIsUpToDate() throws IOException {
    String generated = SequenceDiagrams.document(SCENARIOS, "../scenarios");
    if (Boolean.getBoolean("switchboard.regenerate")) {
      Files.writeString(DOCUMENT, generated, StandardCharsets.UTF_8);
      return;
    }
    if (!Files.isRegularFile(DOCUMENT)) {
      fail("docs/call-models.md is missing; generate it with: " + REGENERATE);
    }
    String current = Files.readString(DOCUMENT, StandardCharsets.UTF_8);
    if (!current.equals(generated)) {
      fail(
          "docs/call-models.md is out of date with the scenario files or the engine ("
              + firstDifference(current, generated)
              + "); regenerate it with: "
              + REGENERATE);
    }
  }

  private static String firstDifference(String current, String generated) {
    List<String> was = current.lines().toList();
    List<String> now = generated.lines().toList();
    for (int i = 0; i < Math.max(was.size(), now.size()); i++) {
      String a = i < was.size() ? was.get(i) : "(end of file)";
      String b = i < now.size() ? now.get(i) : "(end of file)";
      if (!a.equals(b)) {
        return "line " + (i + 1) + " is\n  " + a + "\nand would be\n  " + b + "\n";
      }
    }
    return "the line ends differ";
  }
}
