package io.switchboard.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.IdSource;
import io.switchboard.json.EventJson;
import io.switchboard.json.EventValidator;
import io.switchboard.model.Event;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of the repository's {@code scenarios/} folder parses and runs to its end, and
 * every event it makes conforms to the JSON Schema of its type.
 */
class RepositoryScenariosTest {

  private static final Path FOLDER = Path.of("..", "scenarios");
  private static final EventValidator SCHEMAS = new EventValidator();
  private static final EventJson JSON = new EventJson();

  static Stream<Path> scenarios() throws IOException {
    if (!Files.isDirectory(FOLDER)) {
      return Stream.empty();
    }
    try (Stream<Path> files = Files.list(FOLDER)) {
      List<Path> list =
          files
              .filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".json"))
              .sorted()
              .toList();
      return list.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void runsToItsEnd(Path file) throws IOException {
    ScenarioFile scenario = ScenarioFile.parse(file);
    List<Event> published = new ArrayList<>();
    ScenarioRunner runner =
        new ScenarioRunner(
            (tenant, events) -> {
              published.addAll(events);
              return CompletableFuture.completedFuture(null);
            },
            new ScenarioClock(Instant.parse("2024-01-15T09:00:00Z")),
            IdSource.sequential(0x006c02a8b7e30001L));

    ScenarioResult result = runner.run(scenario);

    assertThat(result.failure())
        .as(() -> result.failure().map(ScenarioFailure::message).orElse(""))
        .isEmpty();
    List<Event> made = new ArrayList<>(published);
    result.partyEvents().forEach(delivery -> made.add(delivery.event()));
    assertThat(made).isNotEmpty();
    for (Event event : made) {
      assertThat(SCHEMAS.problems(JSON.toTree(event))).as("%s", event).isEmpty();
    }
  }
}
