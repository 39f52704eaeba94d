package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.switchboard.engine.EventSink;
import io.switchboard.engine.IdSource;
import io.switchboard.json.EventJson;
import io.switchboard.kafka.RecordKeys;
import io.switchboard.model.Event;
import io.switchboard.sim.ScenarioClock;
import io.switchboard.sim.ScenarioFile;
import io.switchboard.sim.ScenarioRunner;
import io.switchboard.verify.StreamVerifier;
import io.switchboard.verify.SwitchboardRecord;
import io.switchboard.verify.VerifyReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The verifying consumer's call and agent models agree with the engine: every scenario file of the
 * repository, numbered per key as the journal numbers its events, is a clean stream.
 */
class ScenarioStreamsVerifyTest {

  static Stream<Path> scenarioFiles() throws IOException {
    return ScenarioFilesThroughKafkaTest.scenarioFiles();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarioFiles")
  void everyScenarioIsALegalStream(Path file) throws IOException {
    ScenarioFile scenario = ScenarioFile.parse(file);
    StreamVerifier verifier = new StreamVerifier(true);
    EventJson json = new EventJson();
    Map<String, Long> seqs = new HashMap<>();
    long[] offset = {0};
    EventSink sink =
        (tenant, events) -> {
          for (Event event : events) {
            String topic = event.type().topic().name();
            String key = RecordKeys.key(tenant, event);
            long seq = seqs.merge(topic + " " + key, 1L, Long::sum);
            verifier.accept(
                new SwitchboardRecord(
                    topic,
                    0,
                    offset[0]++,
                    key,
                    OptionalLong.of(seq),
                    Optional.of("scenario-" + offset[0] + "-0"),
                    json.encode(event),
                    event.time().toEpochMilli()));
          }
          return CompletableFuture.completedFuture(null);
        };
    Instant start = Instant.parse("2026-01-05T09:00:00Z");
    new ScenarioRunner(sink, new ScenarioClock(start), IdSource.sequential(0x1000)).run(scenario);
    VerifyReport report = verifier.report();
    assertThat(report.clean()).as("%s:%n%s", file, String.join("\n", report.lines())).isTrue();
  }
}
