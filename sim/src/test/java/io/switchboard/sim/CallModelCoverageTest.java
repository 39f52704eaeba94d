package io.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every call model of the reference ({@code call-models.json}) is played by a scenario file that
 * names it in its {@code # Call model:} comment, and every name there is one of the reference's.
 * The reference lives outside the repository, in {@code ../shared/spec} beside the checkout (or
 * where the system property {@code switchboard.spec.dir} points); without it the test is skipped.
 */
class CallModelCoverageTest {

  private static final Path SCENARIOS = Path.of("..", "scenarios");

  @Test
  void everyReferenceCallModelHasAScenarioAndEveryNamedModelExists() throws IOException {
    Path dir = specDir();
    assumeTrue(
        dir != null, "reference spec not found beside the repository; skipping the coverage check");
    Set<String> reference = new TreeSet<>();
    new ObjectMapper()
        .readTree(dir.resolve("call-models.json").toFile())
        .forEach((JsonNode flow) -> reference.add(flow.get("name").asText()));

    Set<String> played = new TreeSet<>();
    try (Stream<Path> files = Files.list(SCENARIOS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        played.addAll(SequenceDiagrams.Header.of(text).callModels());
      }
    }

    assertThat(played).as("call models named by the scenario files").isSubsetOf(reference);
    assertThat(reference)
        .as("call models of the reference without a scenario file")
        .isSubsetOf(played);
  }

  private static Path specDir() {
    String configured = System.getProperty("switchboard.spec.dir");
    if (configured != null) {
      return Files.isRegularFile(Path.of(configured, "call-models.json"))
          ? Path.of(configured)
          : null;
    }
    // the module directory is the working directory of its tests; the checkout is one level up
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("spec");
      if (Files.isRegularFile(candidate.resolve("call-models.json"))) {
        return candidate;
      }
    }
    return null;
  }
}
