package io.switchboard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** A configuration or directory file that cannot be used says which, where and why. */
class ConfigurationErrorsTest {
  @TempDir Path dir;

  /** What reading {@code options} as run does says is wrong; the service is never started. */
  private static String refusal(String... options) {
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(options);
    UserError error = catchThrowableOfType(UserError.class, run::settings);
    assertThat(error).as("a UserError").isNotNull();
    return error.getMessage();
  }

  private String error(String yaml) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, yaml);
    String message = refusal("--config", file.toString());
    assertThat(message)
        .contains(file.toString())
        .doesNotContain("[Source")
        .doesNotContain("StringReader")
        .doesNotContain("Exception");
    return message;
  }

  @Test
  void aMissingFileIsNotFound() {
    Path missing = dir.resolve("nowhere.yaml");
    assertThat(refusal("--config", missing.toString()))
        .contains("configuration file " + missing + " not found");
    assertThat(refusal("--directory", missing.toString()))
        .contains("directory file " + missing + " not found");
  }

  @Test
  void aSyntaxErrorGivesLineColumnAndText() throws Exception {
    assertThat(error("http:\n  port: 8080\n   host: [127.0.0.1\n"))
        .contains("line 3, column")
        .contains("host: [127.0.0.1");
  }

  @Test
  void anEmptyFileIsRefused() throws Exception {
    assertThat(error("# nothing yet\n\n")).contains("is empty");
  }

  @Test
  void aTypeErrorNamesTheFileAndTheKey() throws Exception {
    assertThat(error("kafka:\n  partitions: lots\n"))
        .contains("kafka.partitions must be an integer");
  }

  @Test
  void anUnknownKeySuggestsTheNearestOne() throws Exception {
    assertThat(error("http:\n  prot: 8080\n")).contains("unknown key 'prot' (did you mean port?)");
    assertThat(error("tenants:\n  - tenant: acme\n    apiKey: [x]\n    directory: []\n"))
        .contains("unknown key 'apiKey' (did you mean apiKeys?)");
  }

  @Test
  void theStepRecordsOfAClusterAreDigestsOrBodies() throws Exception {
    Path file = dir.resolve("cluster.yaml");
    String[] options = {
      "--cluster", "acme", "--kafka", "127.0.0.1:9092", "--config", file.toString()
    };
    Files.writeString(file, "cluster:\n  stepEvents: bodies\n");
    RunCommand run = new RunCommand();
    new CommandLine(run).parseArgs(options);
    assertThat(run.clusterSettings(run.settings()).stepEvents())
        .isEqualTo(io.switchboard.kafka.cluster.ClusterSettings.StepEvents.BODIES);

    Files.writeString(file, "cluster:\n  stepEvents: full\n");
    RunCommand wrong = new RunCommand();
    new CommandLine(wrong).parseArgs(options);
    UserError error =
        catchThrowableOfType(UserError.class, () -> wrong.clusterSettings(wrong.settings()));
    assertThat(error).isNotNull();
    assertThat(error.getMessage())
        .contains(file.toString())
        .contains("cluster.stepEvents is 'full'")
        .contains("digests (the default) or bodies");
  }
}
