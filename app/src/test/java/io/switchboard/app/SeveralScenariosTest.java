package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.json.Json;
import io.switchboard.kafka.testing.SharedKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard scenario} with several files: each on a fresh engine, all on one broker. */
@Timeout(300)
class SeveralScenariosTest {

  private static final String[] FILES = {
    "../scenarios/basic-internal-call.yaml",
    "../scenarios/agent-login-ready-notready-logout.yaml",
    "../scenarios/inbound-call-with-agent.yaml"
  };

  @TempDir Path dir;

  @Test
  void printsTheRecordsOfEachFileInTurnWithoutMixingTheirKeys() throws Exception {
    List<List<String>> alone = new ArrayList<>();
    for (String file : FILES) {
      Cli one = Cli.run("scenario", file, "--kafka", SharedKafka.bootstrapServers());
      assertThat(one.status()).as(one.err()).isZero();
      alone.add(events(one.lines()));
    }

    Cli all =
        Cli.run(
            "scenario", FILES[0], FILES[1], FILES[2], "--kafka", SharedKafka.bootstrapServers());
    assertThat(all.status()).as(all.err()).isZero();

    List<String> expected = new ArrayList<>();
    alone.forEach(expected::addAll);
    assertThat(events(all.lines())).isEqualTo(expected);

    Map<String, Long> lastSeq = new HashMap<>();
    Map<String, Integer> fileOfCallThread = new HashMap<>();
    int file = 0;
    int left = alone.get(0).size();
    for (String line : all.lines()) {
      while (left == 0) {
        left = alone.get(++file).size();
      }
      left--;
      JsonNode record = Json.mapper().readTree(line);
      String key = record.get("topic").asText() + " " + record.get("key").asText();
      long seq = record.get("headers").get("switchboard.seq").asLong();
      assertThat(seq)
          .as("numbered without gaps: %s", key)
          .isEqualTo(lastSeq.merge(key, 1L, Long::sum));
      if (record.get("topic").asText().equals("voice-callthread")) {
        Integer owner = fileOfCallThread.putIfAbsent(key, file);
        assertThat(owner == null ? file : owner)
            .as("call thread %s belongs to one file only", key)
            .isEqualTo(file);
      }
    }
  }

  @Test
  void aBadFileStopsTheCommandBeforeAnythingRuns() throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "tenant: acme\nsteps: 42\n");
    Cli cli =
        Cli.run("scenario", FILES[0], bad.toString(), "--kafka", SharedKafka.bootstrapServers());
    assertThat(cli.status()).isEqualTo(2);
    assertThat(cli.out()).isEmpty();
    assertThat(cli.err()).contains(bad.toString());

    Cli missing = Cli.run("scenario", FILES[0], dir.resolve("none.yaml").toString());
    assertThat(missing.status()).isEqualTo(2);
    assertThat(missing.err()).contains("no scenario file");
  }

  /** Each record as its topic, event and ThisDN: what does not depend on the run's ConnIDs. */
  private static List<String> events(List<String> lines) throws Exception {
    List<String> events = new ArrayList<>();
    for (String line : lines) {
      JsonNode record = Json.mapper().readTree(line);
      JsonNode value = record.get("value");
      events.add(
          record.get("topic").asText()
              + " "
              + value.get("id").asText()
              + " "
              + value.path("ThisDN").asText());
    }
    return events;
  }
}
